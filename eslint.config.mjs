// Lint rules, including the architecture's dependency directions (shared/notes/architecture.md) so a
// wrong-way import fails the test command instead of waiting for a review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'fs/*', 'node:*', 'http', 'https', 'net', 'child_process', 'crypto', 'os', 'path'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The domain is pure: schemas, types and rules, depending on zod alone.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/workflows/**', '**/activities/**', '**/connectors/**', '**/store/**', '**/ingress/**', '**/sandbox/**', '**/config/**', '**/runtime/**', '**/codec/**', '**/cli/**', '@temporalio/*', ...nodeBuiltins], message: 'src/domain is pure: zod and other domain files only.' },
      ] }],
    },
  },
  {
    // Workflow code is replayed and must be deterministic: no I/O, no connectors, store or ingress,
    // and activities by type only.
    files: ['src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/connectors/**', '**/store/**', '**/ingress/**', '**/sandbox/**', '**/runtime/**', '**/config/**', ...nodeBuiltins], message: 'Workflows never do I/O (architecture.md).' },
        { group: ['**/activities/**'], allowTypeImports: true, message: 'Workflows import activity types only.' },
      ] }],
    },
  },
  {
    files: ['src/connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/workflows/**', '**/activities/**', '**/store/**', '**/sandbox/**', '**/ingress/**'], message: 'Connectors depend on the domain and the provider SDK only.' },
      ] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/connectors/**', '**/workflows/**', '**/activities/**', '**/sandbox/**', '**/ingress/**'], message: 'The store depends on the domain and its database drivers only.' },
      ] }],
    },
  },
  {
    files: ['src/ingress/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/sandbox/**', '**/connectors/**'], message: 'Ingress never reaches connectors or simulators.' },
      ] }],
    },
  },
  {
    // Only entry points (scripts/, tests, benchmarks) start simulators, so no production code path imports one.
    files: ['src/activities/**/*.ts', 'src/cli/**/*.ts', 'src/config/**/*.ts', 'src/runtime/**/*.ts', 'src/codec/**/*.ts', 'src/worker.ts', 'src/client.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/sandbox/**', '**/sandbox'], message: 'Simulators are started by entry points only (scripts/, tests, benchmarks).' },
      ] }],
    },
  },
  {
    // A simulator that imports the adapter it tests, or our canonical model, repeats the adapter's misreadings.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/connectors/**', '**/domain/**', '**/activities/**', '**/workflows/**', '**/store/**'], message: 'Simulators share no code with the adapters they test.' },
      ] }],
    },
  },
);
