/** What the module costs before any call: bytes to ship and time to compile. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface Size {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export function sizeOf(path: string, file: string): Size {
  const bytes = readFileSync(path);
  return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

// Run in a new Node process each time: V8 keeps compiled wasm per process,
// keyed by its bytes, so a second compile in the same process costs nothing.
const COMPILE_ONCE = `
const bytes = require('node:fs').readFileSync(process.argv[1]);
const start = performance.now();
WebAssembly.compile(bytes).then(() => console.log(performance.now() - start));
`;

/** WebAssembly.compile() of the module in `runs` fresh Node processes, in ms. */
export function compileTimesMs(wasmPath: string, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', COMPILE_ONCE, wasmPath], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`compile probe failed: ${r.stderr}`);
    samples.push(Number(r.stdout.trim()));
  }
  return samples;
}
