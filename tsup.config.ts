import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  target: 'es2022',
  platform: 'neutral',
  // import.meta.url locates bpftool.wasm; in the CommonJS build it is shimmed.
  shims: true,
  clean: true,
  splitting: false,
  sourcemap: false,
  external: [/^node:/],
  onSuccess: async () => {
    copyFileSync('build/wasm/bpftool.wasm', 'dist/bpftool.wasm');
  },
});
