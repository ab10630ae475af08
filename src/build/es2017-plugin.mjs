// An esbuild plugin for the mini-program bundle: rewrites every call of a built-in newer than
// ES2017, in mpsync's own code and in the dependencies bundled with it (RxDB calls
// Promise.allSettled, mingo Object.fromEntries), into a call of the private helpers in
// src/platform/es2017-built-ins.ts, which the build injects. The app's globals stay untouched.
//
//   Object.fromEntries(x)   → mpsyncFromEntries(x)
//   Promise.allSettled(x)   → mpsyncAllSettled(x)
//   a.finally(f)            → mpsyncMethod(a, "finally", f)    (likewise flat, flatMap, trimStart,
//                                                              trimEnd, matchAll)
//
// Files are parsed (TypeScript first compiled to JavaScript with an inline source map, which
// esbuild follows), so a name inside a string or a comment is never touched.
import { parse } from 'acorn';
import { transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Static members replaced by a helper: `Object.fromEntries` → `mpsyncFromEntries`. */
const STATICS = new Map([
  ['Object.fromEntries', 'mpsyncFromEntries'],
  ['Promise.allSettled', 'mpsyncAllSettled'],
]);
/** Methods whose calls go through `mpsyncMethod`. */
const METHODS = new Set(['finally', 'flat', 'flatMap', 'trimStart', 'trimEnd', 'matchAll']);
/** The file the helpers live in (it is itself left alone). */
export const HELPERS = path.resolve('src/platform/es2017-built-ins.ts');
// A cheap test before parsing: most files mention none of the names.
const MENTIONS = /fromEntries|allSettled|\b(?:finally|flat|flatMap|trimStart|trimEnd|matchAll)\b/;

/** The plugin; `rewritten` collects `file: count` for the build's checks. */
export function es2017Plugin(rewritten = new Map()) {
  return {
    name: 'es2017-built-ins',
    setup(build) {
      build.onLoad({ filter: /\.(?:[cm]?js|ts)$/ }, async (args) => {
        if (args.path === HELPERS) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!MENTIONS.test(source)) return undefined;
        const js = args.path.endsWith('.ts')
          ? (await transform(source, { loader: 'ts', format: 'esm', target: 'esnext', sourcemap: 'inline', sourcefile: args.path })).code
          : source;
        const { code, count } = rewrite(js, args.path);
        if (count === 0) return undefined;
        rewritten.set(path.relative(process.cwd(), args.path), count);
        return { contents: code, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/**
 * Rewrites the calls in one JavaScript module.
 *
 * @param {string} code
 * @param {string} file for error messages
 * @returns {{ code: string, count: number }}
 */
export function rewrite(code, file = '<code>') {
  let ast;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
  } catch (error) {
    throw new Error(`es2017-built-ins: cannot parse ${file}: ${error.message}`);
  }
  const edits = [];
  visit(ast, (node) => {
    if (node.type === 'MemberExpression' && !node.computed && !node.optional && node.object.type === 'Identifier') {
      const helper = STATICS.get(`${node.object.name}.${node.property.name}`);
      if (helper) edits.push({ start: node.start, end: node.end, text: helper });
      return;
    }
    if (node.type !== 'CallExpression' || node.optional) return;
    const callee = node.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.optional || callee.object.type === 'Super') return;
    if (!METHODS.has(callee.property.name)) return;
    // a.finally(f) → mpsyncMethod(a, "finally", f): insert before the receiver, replace `.finally(`.
    const open = code.indexOf('(', callee.end);
    edits.push({ start: callee.object.start, end: callee.object.start, text: 'mpsyncMethod(' });
    edits.push({ start: callee.object.end, end: open + 1, text: `, ${JSON.stringify(callee.property.name)}${node.arguments.length > 0 ? ', ' : ''}` });
  });
  // Later edits first; inserts at one position keep their visiting order (outer receiver first).
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { code: out, count: edits.length };
}

// Every node of the tree, parents before children.
function visit(node, fn) {
  fn(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') visit(item, fn);
    } else if (value && typeof value.type === 'string' && key !== 'loc') visit(value, fn);
  }
}
