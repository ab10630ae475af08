import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer rules (docs/architecture.md): which part may import what.
const onlyIn = (pkg, where) => ({ name: pkg, message: `only ${where} may import ${pkg}` });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/config/*.js', 'test/config/*.mjs', 'src/build/*.mjs', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: new URL('../..', import.meta.url).pathname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/query/**', 'src/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [onlyIn('mingo', 'src/query'), onlyIn('dexie', 'src/store')], patterns: [{ group: ['mingo/*'], message: 'only src/query may import mingo' }] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [onlyIn('mingo', 'src/query')], patterns: [{ group: ['mingo/*'], message: 'only src/query may import mingo' }] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../*', 'node:*', 'mingo', 'mingo/*', 'rxdb', 'rxdb/*', 'rxjs', 'dexie'], message: 'core imports nothing' }] }] },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [onlyIn('mingo', 'src/query'), onlyIn('dexie', 'src/store')],
        patterns: [{ group: ['**/client/*', '**/store/*', '**/replication/*', '**/live/*', '**/platform/*', 'rxdb', 'rxdb/*', 'mingo/*'], message: 'the emulator imports core, query and its own code only' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'benchmarks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-console': 'off',
    },
  },
);
