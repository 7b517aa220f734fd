/**
 * The web page's build: a static site in build/web/ that works offline
 * once loaded. The page imports the package as a user would
 * (`bpftool-wasm`), resolved here to the built dist/; the examples that
 * build.sh compiles are copied in from build/web-examples/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: at('.'),
  base: './',
  publicDir: at('../build/web-public'),
  resolve: { alias: { 'bpftool-wasm': at('../dist/index.js') } },
  build: { outDir: at('../build/web'), emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  // The page's worker and the package's own are ES module workers.
  worker: { format: 'es' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  server: { host: '127.0.0.1' },
});
