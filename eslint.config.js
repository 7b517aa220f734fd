import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'third_party/', 'node_modules/', 'src/generated/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // Plain JavaScript run by Node, Deno or a browser: the examples and build scripts.
    files: ['examples/**/*.{js,mjs,cjs}', 'scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['examples/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
