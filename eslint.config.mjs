// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins under every spelling the renderer could use to reach them. */
const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`, `${name}/*`]);

const electronImport = {
  name: 'electron',
  message: 'Only electron/ may import electron: keep logic in src/core so it runs and is tested in plain Node.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**', 'src/sim/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport],
        patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'Core code never reaches up into the UI or the Electron shell.' }],
      }],
    },
  },
  {
    files: ['src/sim/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport],
        patterns: [{ group: ['**/core/**', '**/renderer/**', '**/electron/**'], message: 'The simulator stands alone: it may use src/shared and the stripe types, never core internals.' }],
      }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport, ...nodeBuiltins.map((name) => ({ name, message: 'src/shared is loaded by the sandboxed renderer and preload: zod only.' }))],
        patterns: [{ group: ['**/core/**', '**/sim/**', '**/cli/**', '**/renderer/**', '**/electron/**'], message: 'The contract depends on nothing but zod.' }],
      }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronImport, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is sandboxed: no Node built-ins. Ask main over window.api.' }))],
        patterns: [{ group: ['**/core/**', '**/sim/**', '**/cli/**', '**/electron/**'], message: 'The renderer talks to the core only through the IPC contract (src/shared) and lib/api.ts.' }],
      }],
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='window'][property.name='api']",
        message: 'Only src/renderer/lib/api.ts reads window.api.',
      }],
    },
  },
  {
    files: ['src/renderer/lib/api.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['tests/e2e/**', 'tests/support/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
