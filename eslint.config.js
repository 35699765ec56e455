// The type-aware linter: typescript-eslint's strict and stylistic type-checked rules over the TypeScript sources,
// and the recommended rules over the JavaScript ones (bench, examples, this file), which have no types to check.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.fake/', 'src/generated/', 'examples/browser/build/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers and booleans read as themselves in a message; objects and undefined are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => void x` and `(x) => set.add(x)` are how callbacks are written here; a void value used elsewhere is
      // still refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // Tests are usage examples written against vitest's API; these rules read test idioms as mistakes.
    files: ['test/**/*.ts'],
    rules: {
      // vitest 4 marks toThrowError as a deprecated alias of toThrow; the tests keep the name they were written with.
      '@typescript-eslint/no-deprecated': [
        'error',
        { allow: [{ from: 'package', package: '@vitest/expect', name: 'toThrowError' }] },
      ],
      // A no-op stop function or logger is what a test means when it passes `() => {}`.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions', 'methods'] }],
      // Test doubles are async to fit the interface they stand in for, whether or not they wait for anything.
      '@typescript-eslint/require-await': 'off',
      // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any` by vitest itself.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // The pages' scripts run in the browser.
    files: ['ui/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'document',
          'history',
          'location',
          'navigator',
          'Blob',
          'EventSource',
          'URLSearchParams',
          'requestAnimationFrame',
          'setInterval',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        AbortSignal: 'readonly',
      },
    },
  },
);
