#!/usr/bin/env node
import { isDeepStackThread, serveDeepStackJob } from './cli/deep-stack.js';
import { main } from './cli/main.js';

if (isDeepStackThread()) {
  void serveDeepStackJob();
} else {
  main(process.argv.slice(2), new URL(import.meta.url)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const e = err as { name?: string; message?: string; exitCode?: number };
      process.stderr.write(`bpftool-wasm: ${e.name ?? 'Error'}: ${e.message ?? String(err)}\n`);
      process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
    },
  );
}
