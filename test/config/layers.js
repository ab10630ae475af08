// The layers of src/ and what each may import (docs/architecture.md has the picture and the table).
// A folder may import only the folders listed for it, and only the packages it owns: an import
// that breaks the direction fails lint. test/lint/layers.test.ts proves the rules report one.

/** Each folder of src/ (and the entries, `src/*.ts`), with the folders of src/ it may import. */
export const LAYERS = {
  core: [],
  node: [],
  query: ['core'],
  store: ['core', 'node'],
  sdk: ['core'],
  model: ['core', 'store'],
  local: ['core', 'query', 'store', 'model'],
  replication: ['core', 'query', 'store', 'sdk', 'model', 'local'],
  live: ['core', 'query', 'store', 'sdk', 'model', 'local'],
  client: ['core', 'query', 'store', 'sdk', 'model', 'local', 'replication', 'live'],
  platform: ['core', 'node', 'query', 'store', 'sdk', 'model'],
  tabs: ['core', 'store', 'sdk', 'model', 'live', 'client'],
  testing: ['core', 'store', 'sdk', 'model', 'platform', 'emulator'],
  emulator: ['core', 'node', 'query', 'sdk/commands'],
  demo: ['core', 'platform', 'entries'],
  cli: ['core', 'node', 'emulator', 'demo'],
  entries: ['core', 'query', 'store', 'sdk', 'model', 'local', 'replication', 'live', 'client', 'platform', 'tabs'],
};

/** The entry files at the top of src/: they compose the client for their runtime. */
const ENTRIES = ['index', 'browser', 'miniprogram'];

/** Packages only one folder may import. */
const OWNED = { mingo: 'query', dexie: 'store', rxdb: ['store', 'model', 'local', 'replication'] };

const folders = Object.keys(LAYERS).filter((f) => f !== 'entries');

function restrictionsFor(layer) {
  const allowed = LAYERS[layer];
  const patterns = [];
  const paths = [];
  for (const folder of folders) {
    if (folder === layer) continue;
    const partial = allowed.filter((a) => a.startsWith(`${folder}/`));
    if (allowed.includes(folder)) continue;
    const message = `src/${layer === 'entries' ? '*.ts' : layer} ${allowed.length ? `may import only ${allowed.join(', ')}` : 'imports nothing of src/'} (docs/architecture.md)`;
    // Any file under the folder; the folder itself (its index) by exact name, since a pattern
    // naming a folder would also cover the files a partial allowance lets through.
    patterns.push({ group: [`**/${folder}/**`, ...partial.map((p) => `!**/${p}`)], message });
    for (const up of ['./', '../', '../../', '../../../']) paths.push({ name: `${up}${folder}`, message });
  }
  if (!allowed.includes('entries') && layer !== 'entries') {
    // `index` is left out: `../index` is also how a subfolder reaches its own folder's index.
    const named = ENTRIES.filter((e) => e !== 'index');
    patterns.push({ group: named.flatMap((e) => [`../${e}`, `../../${e}`]), message: 'only the demo imports an entry (docs/architecture.md)' });
  }
  for (const [pkg, owners] of Object.entries(OWNED)) {
    if ([owners].flat().includes(layer)) continue;
    patterns.push({ group: [pkg, `${pkg}/*`], message: `only src/${[owners].flat().join(', src/')} may import ${pkg}` });
  }
  if (layer === 'core') patterns.push({ group: ['node:*'], message: 'core runs everywhere: it imports nothing' });
  return { patterns, paths };
}

/** ESLint flat-config blocks, one per layer, that enforce {@link LAYERS}. */
export const layerRules = [...folders, 'entries'].map((layer) => ({
  files: layer === 'entries' ? ENTRIES.map((e) => `src/${e}.ts`) : [`src/${layer}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', restrictionsFor(layer)] },
}));
