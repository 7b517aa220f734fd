import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'third_party/', 'node_modules/', 'src/generated/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    // Plain JavaScript run by Node, Deno or a browser: the examples, build scripts and the bench's process timer.
    files: ['examples/**/*.{js,mjs,cjs}', 'scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // emscripten's JavaScript libraries and pre/post code: they run inside the generated glue,
    // whose own names (FS, MEMFS, SYSCALLS, mergeInto) they use.
    files: ['wasm/js/**/*.{js,mjs}'],
    languageOptions: {
      globals: { ...globals.node, mergeInto: 'readonly', LibraryManager: 'readonly', FS: 'readonly', MEMFS: 'readonly', SYSCALLS: 'readonly' },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^(require|__dirname|crypto)$' }] }, // names the glue that follows the prelude uses
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
