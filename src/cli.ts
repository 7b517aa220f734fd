#!/usr/bin/env node
import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { name?: string; message?: string; exitCode?: number };
    process.stderr.write(`bpftool-wasm: ${e.name ?? 'Error'}: ${e.message ?? String(err)}\n`);
    process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
  },
);
