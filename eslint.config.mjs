// The tool's own code: src/, test/, bin/, scripts/, bench/. A site's profiles/ and site.ts are
// checked by the TypeScript compiler in `npm run check`, not held to this project's lint rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'imports/', 'node_modules/', 'coverage/', 'profiles/', 'examples/', 'site.ts', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs', 'bin/cdk8s'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js', 'bin/cdk8s'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` names the module as Node's global does.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  {
    // Tests read parsed YAML of any shape and load modules by computed path.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      // A leading _ marks a binding kept for its position (destructuring, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
