import { describe, expect, it } from 'vitest';
import { markdownSnippets, tsdocExamples } from './extract-snippets';
import { checkValueComments } from './value-comments';

describe('the documentation snippet extractor', () => {
  it('classifies fences by language and sees the fragment marks', () => {
    const text = [
      '# Page',
      '```js',
      'run();',
      '```',
      '<!-- fragment -->',
      '',
      '```ts',
      '{ shape?: string }',
      '```',
      '```ts fragment',
      'part();',
      '```',
      '```sh',
      'npx mpsync emulator',
      '```',
      '```',
      'output line',
      '```',
      '   ```json',
      '   { "a": 1 }',
      '   ```',
    ].join('\n');
    expect(markdownSnippets('docs/x.md', text)).toEqual([
      { where: 'docs/x.md:2', lang: 'js', kind: 'script', code: 'run();', fragment: false },
      { where: 'docs/x.md:7', lang: 'ts', kind: 'script', code: '{ shape?: string }', fragment: true },
      { where: 'docs/x.md:10', lang: 'ts', kind: 'script', code: 'part();', fragment: true },
      { where: 'docs/x.md:13', lang: 'sh', kind: 'shell', code: 'npx mpsync emulator', fragment: false },
      { where: 'docs/x.md:16', lang: '', kind: 'text', code: 'output line', fragment: false },
      { where: 'docs/x.md:19', lang: 'json', kind: 'json', code: '{ "a": 1 }', fragment: false },
    ]);
  });

  it('takes TSDoc examples up to the next tag or the end of the comment', () => {
    const source = [
      '/**',
      ' * Does f.',
      ' *',
      ' * @example',
      ' * f(1); // 2',
      ' * f(2); // 3',
      ' * @param x - a number',
      ' */',
      '/**',
      ' * @example fragment',
      ' * g(port);',
      ' */',
    ].join('\n');
    expect(tsdocExamples('src/f.ts', source)).toEqual([
      { where: 'src/f.ts:4', lang: 'ts', kind: 'script', code: 'f(1); // 2\nf(2); // 3', fragment: false },
      { where: 'src/f.ts:10', lang: 'ts', kind: 'script', code: 'g(port);', fragment: true },
    ]);
  });

  it('turns `expression; // literal` lines into checks and leaves other comments alone', () => {
    const code = [
      "f('Wi-Fi'); // 'wifi'",
      'await g(); // [{ a: 1 }, undefined]',
      'const x = h(); // 3',
      'advance(30_000); // the poll interval passes',
      '  i(); // 1',
    ].join('\n');
    expect(checkValueComments(code).split('\n')).toEqual([
      "__mpsyncDocValue(f('Wi-Fi'), ('wifi'), 1);",
      '__mpsyncDocValue(await g(), ([{ a: 1 }, undefined]), 2);',
      'const x = h(); // 3',
      'advance(30_000); // the poll interval passes',
      '  i(); // 1',
    ]);
  });
});
