import { defineConfig } from 'vite';

export default defineConfig({
  // bpftool-wasm's worker is an ES module worker.
  worker: { format: 'es' },
});
