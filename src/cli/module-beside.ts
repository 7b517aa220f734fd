/**
 * The CLI reads the module on the main thread while its bpftool thread
 * starts (some 25 ms of Node's own start-up for a thread), compiles it once
 * the thread has started and V8's flags are set (tiering.ts), and hands it
 * over: a compiled WebAssembly.Module crosses to a thread of the same
 * process without being compiled again.
 */
import { readFile } from 'node:fs';
import { wasmFileOf, type UpstreamVersion } from '../core/upstreams.js';

/** The bytes of the version's module from beside `script` (the bundle's own file); undefined when that fails. */
export function readBeside(script: URL, upstream: UpstreamVersion): Promise<Uint8Array | undefined> {
  // node:fs's callback form: node:fs/promises would load Node's streams, a few milliseconds of every run.
  return new Promise((resolve) =>
    readFile(new URL(`./${wasmFileOf(upstream)}`, script), (err, bytes) =>
      // on an error the thread loads it itself, and its error names what is wrong
      resolve(err ? undefined : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    ),
  );
}

/** `bytes` compiled; undefined when that fails, as above. */
export async function compileRead(bytes: Promise<Uint8Array | undefined>): Promise<WebAssembly.Module | undefined> {
  const b = await bytes;
  return b && WebAssembly.compile(b as BufferSource).catch(() => undefined);
}
