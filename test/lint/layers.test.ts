import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerRules } from '../config/layers.js';

const root = new URL('../..', import.meta.url).pathname;

// The layer rules alone, over the TypeScript parser: no type information is needed to check imports.
const linter = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerRules],
});

/** The messages lint reports for `code` as if it were the file `filePath` of the repository. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the layer rules (docs/architecture.md)', () => {
  it('report an import of client/ from replication/ and from live/', async () => {
    expect(await problems('src/replication/wrong.ts', "import { SyncDb } from '../client/sync-db';\nexport { SyncDb };\n")).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*src\/replication may import only core, query, store, sdk, model, local/),
    ]);
    expect(await problems('src/live/wrong.ts', "import type { SessionContext } from '../client/session';\nexport type { SessionContext };\n")).toHaveLength(1);
  });

  it('report an import between the sibling layers replication/ and live/, and a folder index reached by name', async () => {
    expect(await problems('src/live/wrong.ts', "import { SyncEngine } from '../replication/sync-engine';\nexport { SyncEngine };\n")).toHaveLength(1);
    expect(await problems('src/model/wrong.ts', "import { liveQuery } from '../live';\nexport { liveQuery };\n")).toHaveLength(1);
  });

  it('report a package outside the folder that owns it, and a Node built-in in core/', async () => {
    expect(await problems('src/client/wrong.ts', "import { Query } from 'mingo/query';\nexport { Query };\n")).toEqual([
      expect.stringMatching(/only src\/query may import mingo/),
    ]);
    expect(await problems('src/live/wrong.ts', "import Dexie from 'dexie';\nexport { Dexie };\n")).toEqual([
      expect.stringMatching(/only src\/store may import dexie/),
    ]);
    expect(await problems('src/core/wrong.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };\n")).toHaveLength(1);
  });

  it('let the emulator import the SDK command list, and nothing else of the SDK boundary or the client side', async () => {
    expect(await problems('src/emulator/db/fine.ts', "import { COLLECTION_COMMANDS } from '../../sdk/commands';\nexport { COLLECTION_COMMANDS };\n")).toEqual(
      [],
    );
    expect(await problems('src/emulator/db/wrong.ts', "import { checkedCollection } from '../../sdk/checked';\nexport { checkedCollection };\n")).toHaveLength(
      1,
    );
    expect(await problems('src/emulator/wrong.ts', "import { LocalEngine } from '../local/local-engine';\nexport { LocalEngine };\n")).toHaveLength(1);
  });

  it('accept every import the table allows', async () => {
    const code =
      "import { nextHistory } from '../model/server-doc';\nimport { LocalEngine } from '../local/local-engine';\nimport { classifySdkError } from '../sdk/errors';\nimport { compileFilter } from '../query/filter';\nexport { nextHistory, LocalEngine, classifySdkError, compileFilter };\n";
    expect(await problems('src/replication/fine.ts', code)).toEqual([]);
    expect(await problems('src/live/fine.ts', code)).toEqual([]);
  });

  it('are the ones the project lint runs, for every folder of the table', async () => {
    const project = new ESLint({ cwd: root, overrideConfigFile: `${root}test/config/eslint.config.js` });
    for (const layer of Object.keys(LAYERS).filter((l) => l !== 'entries')) {
      const config = (await project.calculateConfigForFile(`${root}src/${layer}/any.ts`)) as Linter.Config;
      const own = layerRules.find((block) => block.files[0] === `src/${layer}/**/*.ts`);
      const options = (entry: Linter.RuleEntry | undefined) => (Array.isArray(entry) ? entry.slice(1) : entry);
      expect(options(config.rules?.['no-restricted-imports']), layer).toEqual(options(own?.rules?.['no-restricted-imports']));
      expect(options(config.rules?.['no-restricted-imports']), layer).not.toEqual([]);
    }
  });
});
