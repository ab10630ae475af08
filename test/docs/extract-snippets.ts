import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What a snippet is, from its fence's language (the first word of the info string). */
export type SnippetKind = 'script' | 'shell' | 'json' | 'text';

/** One code example of the documentation. */
export interface Snippet {
  /** Where it is, for the test name: `docs/client.md:97` (the line of the opening fence or of `@example`). */
  readonly where: string;
  /** The fence's language, lower case (`js`, `ts`, `sh`, …); `ts` for a TSDoc example. */
  readonly lang: string;
  readonly kind: SnippetKind;
  readonly code: string;
  /** Marked as a deliberate fragment: `<!-- fragment -->` just before the fence, or `fragment` in the info string. */
  readonly fragment: boolean;
}

const KINDS: Readonly<Record<string, SnippetKind>> = {
  js: 'script',
  javascript: 'script',
  mjs: 'script',
  ts: 'script',
  typescript: 'script',
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  json: 'json',
};

/** The fence marker that makes a snippet a fragment (checked nowhere, shown as it is). */
export const FRAGMENT_MARK = '<!-- fragment -->';

/**
 * The fenced code blocks of a markdown text. A fence without a language, or with one that is not
 * code (`html`, `text`, …), is `text`: output, diagrams and markup are not run.
 *
 * @example
 * markdownSnippets('README.md', '```js\nconsole.log(1);\n```\n')[0]?.kind; // 'script'
 */
export function markdownSnippets(file: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const words = info.trim().split(/\s+/).filter(Boolean);
    const lang = (words[0] ?? '').toLowerCase();
    let previous = i - 1;
    while (previous >= 0 && (lines[previous] as string).trim() === '') previous--;
    const fragment = words.includes('fragment') || (previous >= 0 && (lines[previous] as string).trim() === FRAGMENT_MARK);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence[0]!.repeat(fence.length)) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    }
    snippets.push({ where: `${file}:${i + 1}`, lang, kind: KINDS[lang] ?? 'text', code: body.join('\n'), fragment });
    i = j;
  }
  return snippets;
}

/**
 * The `@example` blocks of the TSDoc comments of a TypeScript source: the comment lines after the
 * tag up to the next tag or the end of the comment, without their ` * ` prefix.
 *
 * @example
 * tsdocExamples('src/a.ts', '/**\n * @example\n * f(1); // 2\n *\/')[0]?.code; // 'f(1); // 2'
 */
export function tsdocExamples(file: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const tag = /^\s*\*\s*@example\b\s*(.*)$/.exec(lines[i] as string);
    if (!tag) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (/^\s*\*\//.test(line) || /^\s*\*\s*@\w/.test(line)) break;
      body.push(line.replace(/^\s*\*\/?\s?/, ''));
    }
    const code = body.join('\n').replace(/\s+$/, '');
    snippets.push({ where: `${file}:${i + 1}`, lang: 'ts', kind: 'script', code, fragment: (tag[1] ?? '').includes('fragment') });
    i = j - 1;
  }
  return snippets;
}

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

/**
 * Every snippet of the project: README.md, every `docs/**\/*.md`, and the `@example` blocks of
 * `src/**\/*.ts`, each with its path relative to `root`.
 */
export function collectSnippets(root: string): { markdown: Snippet[]; tsdoc: Snippet[] } {
  const markdown = [join(root, 'README.md'), ...filesUnder(join(root, 'docs'), '.md')].flatMap((path) =>
    markdownSnippets(relative(root, path), readFileSync(path, 'utf8')),
  );
  const tsdoc = filesUnder(join(root, 'src'), '.ts').flatMap((path) => tsdocExamples(relative(root, path), readFileSync(path, 'utf8')));
  return { markdown, tsdoc };
}
