import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// WeChat DevTools' "Build npm" (工具 → 构建 npm), as its npm documentation states the rule:
// the packages in the project's `dependencies` (not `devDependencies`) are built into
// miniprogram_npm/; a package whose package.json has a `miniprogram` field is not analysed, the
// folder it names is copied as it is. This reproduces that rule on mpsync as `npm pack` would
// publish it, installed beside the official SDK, and runs what lands in miniprogram_npm.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else out.push(path.relative(dir, file));
    }
  };
  walk(dir);
  return out.sort();
}

/** The copy rule: every `dependencies` package with a `miniprogram` field, its folder copied. */
function buildNpm(project: string): void {
  const { dependencies = {} } = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    const dir = path.join(project, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { miniprogram?: string };
    // Packages without the field are bundled from `main` by DevTools' own analysis: not modelled, and not needed here.
    if (pkg.miniprogram === undefined) throw new Error(`${name} has no miniprogram field`);
    cpSync(path.join(dir, pkg.miniprogram), path.join(project, 'miniprogram_npm', name), { recursive: true });
  }
}

describe('WeChat "Build npm" on the published package', () => {
  let project: string;
  let packed: string[];
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    packed = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((file) => file.path);
    project = mkdtempSync(path.join(tmpdir(), 'mpsync-build-npm-'));
    // The app: mpsync and the SDK in dependencies, as the guide says; npm installs mpsync's own dependencies beside them.
    const app = { name: 'app', dependencies: { mpsync: '*', '@alicloud/mpserverless-sdk': '*' }, devDependencies: { typescript: '*' } };
    mkdirSync(path.join(project, 'node_modules', 'mpsync'), { recursive: true });
    cpSync(path.join(ROOT, 'node_modules/@alicloud/mpserverless-sdk'), path.join(project, 'node_modules/@alicloud/mpserverless-sdk'), { recursive: true });
    for (const file of packed) cpSync(path.join(ROOT, file), path.join(project, 'node_modules/mpsync', file));
    // What npm puts beside them for mpsync's Node and web builds (their contents do not matter here).
    for (const dependency of ['rxdb', 'rxjs', 'mingo', 'dexie']) mkdirSync(path.join(project, 'node_modules', dependency), { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify(app));
    buildNpm(project);
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('is built from dist/ only, and dist/miniprogram holds the bundle and its package.json', () => {
    expect(packed.every((file) => file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(file))).toBe(true);
    expect(packed.filter((file) => file.startsWith('dist/miniprogram/')).sort()).toEqual(['dist/miniprogram/index.js', 'dist/miniprogram/package.json']);
  });

  it('copies only the bundle for mpsync: no map, no web or Node build, none of its own dependencies', () => {
    expect(filesUnder(path.join(project, 'miniprogram_npm/mpsync'))).toEqual(['index.js', 'package.json']);
    expect(readdirSync(path.join(project, 'miniprogram_npm')).sort()).toEqual(['@alicloud', 'mpsync']);
  });

  it('the copied bundle runs on what miniprogram_npm holds: it requires nothing', () => {
    const bundle = readFileSync(path.join(project, 'miniprogram_npm/mpsync/index.js'), 'utf8');
    const requested: string[] = [];
    const module = { exports: {} as Record<string, unknown> };
    const context = vm.createContext({ module, exports: module.exports, setTimeout, clearTimeout, console });
    const wrapper = vm.runInContext(`(function (module, exports, require) {${bundle}\n})`, context) as (
      m: unknown,
      e: unknown,
      r: (id: string) => unknown,
    ) => void;
    wrapper(module, module.exports, (id) => {
      requested.push(id);
      throw new Error(`not in miniprogram_npm: ${id}`);
    });
    expect(requested).toEqual([]);
    expect(typeof module.exports.createSyncClient).toBe('function');
  });
});
