import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every JavaScript example in the mini-program guides is type-checked as an app file against the
// official typings of its runtime (miniprogram-api-typings for `wx`, @mini-types/my for `my`;
// DingTalk's `dd` has none and documents Alipay's shapes, so `my`'s types stand for it), with
// `mpsync` resolved to the mini-program entry's source. An example that calls an API or passes an
// option that does not exist fails here.

const ROOT = path.resolve(import.meta.dirname, '../..');
const GUIDES = ['mini-programs.md', 'wechat.md', 'alipay.md', 'dingtalk.md'].map((name) => path.join(ROOT, 'docs/guides', name));

type Runtime = 'wechat' | 'alipay';

interface Snippet {
  readonly source: string;
  readonly line: number;
  readonly code: string;
  /** The runtimes it is checked for: the one whose global it uses, or both when it uses none. */
  readonly runtimes: readonly Runtime[];
}

/** The ```js blocks of a guide. */
function snippetsOf(file: string): Snippet[] {
  const text = readFileSync(file, 'utf8');
  const out: Snippet[] = [];
  for (const match of text.matchAll(/^```js\n([\s\S]*?)^```$/gm)) {
    const code = match[1] ?? '';
    const line = text.slice(0, match.index).split('\n').length + 1;
    const runtimes: Runtime[] = [];
    if (/\bwx\b/.test(code)) runtimes.push('wechat');
    if (/\b(?:my|dd)\b/.test(code)) runtimes.push('alipay');
    out.push({ source: path.relative(ROOT, file), line, code, runtimes: runtimes.length > 0 ? runtimes : ['wechat', 'alipay'] });
  }
  return out;
}

// Values every example takes from the app's own configuration.
const APP_GLOBALS = 'declare const appId: string;\ndeclare const spaceId: string;\ndeclare const clientSecret: string;\ndeclare const endpoint: string;\n';
// DingTalk's dd documents Alipay's shapes. Alipay's framework functions (App, Page, getApp) are
// not part of @mini-types/my, so they are declared loosely: the runtime API is what is checked.
const ALIPAY_GLOBALS = [
  'declare const dd: typeof my;',
  'declare function App<T extends object>(options: T & ThisType<T & Record<string, unknown>>): void;',
  'declare function Page<T extends object>(options: T & ThisType<T & { data: Record<string, unknown>; setData(data: Record<string, unknown>, callback?: () => void): void } & Record<string, unknown>>): void;',
  'declare function getApp(): Record<string, any>;',
  '',
].join('\n');

function check(snippets: readonly Snippet[], runtime: Runtime): string[] {
  const dir = path.join(ROOT, 'test/typings/.guides');
  const files = new Map<string, string>([[path.join(dir, 'globals.d.ts'), APP_GLOBALS + (runtime === 'alipay' ? ALIPAY_GLOBALS : '')]]);
  const origin = new Map<string, Snippet>();
  snippets.forEach((snippet, i) => {
    const file = path.join(dir, `${runtime}-${i}.js`);
    files.set(file, snippet.code);
    origin.set(file, snippet);
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    // App code is plain JavaScript, checked as a JavaScript app is: names, calls and options against
    // the typed runtime and mpsync, without the annotations strict mode would ask for.
    strict: false,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [runtime === 'wechat' ? 'miniprogram-api-typings' : '@mini-types/my'],
    typeRoots: [path.join(ROOT, 'node_modules')],
    paths: { mpsync: [path.join(ROOT, 'src/miniprogram.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const disk = ts.createCompilerHost(options);
  host.fileExists = (file) => files.has(file) || disk.fileExists(file);
  host.readFile = (file) => files.get(file) ?? disk.readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file);
    return text === undefined ? disk.getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  // mpsync's own sources are checked by the project's typecheck with its own options.
  const diagnostics = [...origin.keys()].flatMap((file) => {
    const source = program.getSourceFile(file);
    return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
  });
  return [...program.getGlobalDiagnostics(), ...diagnostics].map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const snippet = d.file ? origin.get(d.file.fileName) : undefined;
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return snippet ? `${snippet.source}:${snippet.line + line}: ${message}` : `${path.relative(ROOT, d.file.fileName)}:${line + 1}: ${message}`;
  });
}

describe('the examples in the mini-program guides', () => {
  const all = GUIDES.flatMap(snippetsOf);

  it('are found: every guide has JavaScript examples for each runtime', () => {
    for (const guide of GUIDES) expect(all.some((s) => s.source === path.relative(ROOT, guide))).toBe(true);
    expect(all.filter((s) => s.runtimes.length === 1 && s.runtimes[0] === 'wechat').length).toBeGreaterThanOrEqual(2);
    expect(all.filter((s) => s.runtimes.length === 1 && s.runtimes[0] === 'alipay').length).toBeGreaterThanOrEqual(3);
  });

  it.each(['wechat', 'alipay'] as const)('type-check against the official %s typings', (runtime) => {
    expect(
      check(
        all.filter((s) => s.runtimes.includes(runtime)),
        runtime,
      ),
    ).toEqual([]);
  });

  it('a wrong option or API in an example is caught (the check can fail)', () => {
    const wrong: Snippet = {
      source: 'example',
      line: 1,
      runtimes: ['wechat'],
      code: [
        "import MPServerless from '@alicloud/mpserverless-sdk';",
        "import { createSyncClient, wechat } from 'mpsync';",
        "wx.getStorageSyncc('k');",
        'createSyncClient({ mpServerless: new MPServerless(wx, { appId, spaceId, clientSecret, endpoint }), platform: wechat(wx), collectionz: {} });',
      ].join('\n'),
    };
    expect(check([wrong], 'wechat')).toEqual([expect.stringMatching(/^example:3: .*getStorageSyncc/), expect.stringMatching(/^example:4: .*collectionz/)]);
  });
});
