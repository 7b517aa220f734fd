/**
 * Finding and compiling bpftool.wasm. The same module serves every runtime;
 * only the way its bytes arrive differs. Compilation is memoised per realm,
 * so a process pays for it once and each call only instantiates.
 */
import { BpftoolLoadError } from '../core/errors.js';

export interface LoadOptions {
  /** An already compiled module (for example from a bundler's `?module` import). */
  wasmModule?: WebAssembly.Module;
  /** The bytes of bpftool.wasm, when the caller has them already. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find bpftool.wasm, given its file name (for CDNs and bundlers). */
  locateFile?: (file: string) => string | URL;
}

export const WASM_FILE = 'bpftool.wasm';

let defaultModule: Promise<WebAssembly.Module> | undefined;

export function loadWasmModule(options: LoadOptions = {}): Promise<WebAssembly.Module> {
  if (options.wasmModule) return Promise.resolve(options.wasmModule);
  if (options.wasmBinary) return compile(options.wasmBinary);
  if (options.locateFile) return fetchAndCompile(toUrl(options.locateFile(WASM_FILE)));
  // A literal URL, so that bundlers (Vite, webpack, Rollup) see the asset and emit it.
  defaultModule ??= fetchAndCompile(new URL('./bpftool.wasm', import.meta.url)).catch(
    (err: unknown) => {
      defaultModule = undefined; // let a later call try again
      throw err;
    },
  );
  return defaultModule;
}

async function compile(bytes: ArrayBuffer | Uint8Array): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (err) {
    throw new BpftoolLoadError(`bpftool.wasm did not compile: ${String(err)}`, { cause: err });
  }
}

function toUrl(where: string | URL): URL {
  if (where instanceof URL) return where;
  try {
    return new URL(where);
  } catch {
    return new URL(where, import.meta.url);
  }
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && !('Deno' in globalThis);
}

async function fetchAndCompile(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:' && isNode()) {
    // Node's fetch() does not read file: URLs, so the file is read directly.
    const fsModule = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(url);
    } catch (err) {
      throw new BpftoolLoadError(`cannot read ${url.href}: ${String(err)}`, { cause: err });
    }
    return compile(bytes);
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new BpftoolLoadError(`cannot fetch ${url.href}: ${String(err)}`, { cause: err });
  }
  if (!response.ok) {
    throw new BpftoolLoadError(`cannot fetch ${url.href}: HTTP ${response.status}`);
  }
  if (response.headers.get('content-type')?.startsWith('application/wasm')) {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (err) {
      throw new BpftoolLoadError(`bpftool.wasm did not compile: ${String(err)}`, { cause: err });
    }
  }
  // Served with the wrong MIME type: streaming compilation refuses it.
  return compile(await response.arrayBuffer());
}
