/**
 * The CLI reads the module beside its own file and compiles it once V8's
 * flags are set (tiering.ts). A run on the main thread uses it there; for a
 * run on the deep-stack thread the read goes on while that thread starts
 * (some 25 ms of Node's own start-up), and the compiled WebAssembly.Module
 * crosses to it without being compiled again.
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
