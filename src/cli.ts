#!/usr/bin/env node
import { writeSync } from 'node:fs';
import { main } from './cli/main.js';

main(process.argv.slice(2), new URL(import.meta.url)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { name?: string; message?: string; exitCode?: number };
    // As bpftool's own output: straight to the descriptor (host-streams.ts).
    writeSync(2, `bpftool-wasm: ${e.name ?? 'Error'}: ${e.message ?? String(err)}\n`);
    process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : 1;
  },
);
