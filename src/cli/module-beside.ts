/**
 * The CLI compiles the module on the main thread while its bpftool thread
 * starts (some 25 ms of Node's own start-up for a thread), and hands it
 * over: a compiled WebAssembly.Module crosses to a thread of the same
 * process without being compiled again.
 */
import { readFile } from 'node:fs/promises';
import { wasmFileOf, type UpstreamVersion } from '../core/upstreams.js';

/** The version's module from beside `script` (the bundle's own file); undefined when that fails. */
export async function compileBeside(script: URL, upstream: UpstreamVersion): Promise<WebAssembly.Module | undefined> {
  try {
    return await WebAssembly.compile(await readFile(new URL(`./${wasmFileOf(upstream)}`, script)));
  } catch {
    return undefined; // the thread loads it itself, and its error names what is wrong
  }
}
