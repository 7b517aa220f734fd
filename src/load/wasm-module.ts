/**
 * Finding and compiling bpftool.wasm. The same module serves every runtime;
 * only the way its bytes arrive differs. Compilation is memoised per realm,
 * so a process pays for it once and each call only instantiates.
 */
import { BpftoolLoadError } from '../core/errors.js';
import { isNode } from '../core/is-node.js';
import { DEFAULT_UPSTREAM, wasmFileOf, type UpstreamVersion } from '../core/upstreams.js';
import { WASM_SHA256 } from '../generated/wasm-sha256.mjs';

export interface LoadOptions {
  /** An already compiled module (for example from a bundler's `?module` import). */
  wasmModule?: WebAssembly.Module;
  /** The bytes of the version's .wasm, when the caller has them already; checked against its shipped sha256. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to find the module, given its file name (`bpftool-7.5.wasm`; for CDNs and bundlers). */
  locateFile?: (file: string) => string | URL;
}

/**
 * Each version's module next to this one. Literal URLs, so that bundlers
 * (Vite, webpack, Rollup) see the assets and emit them; only the one asked
 * for is ever fetched.
 */
const DEFAULT_LOCATIONS: Record<UpstreamVersion, () => URL> = {
  '7.1': () => new URL('./bpftool-7.1.wasm', import.meta.url),
  '7.5': () => new URL('./bpftool-7.5.wasm', import.meta.url),
  '7.8': () => new URL('./bpftool-7.8.wasm', import.meta.url),
};

const defaultModules = new Map<UpstreamVersion, Promise<WebAssembly.Module>>();

export function loadWasmModule(options: LoadOptions = {}, upstream: UpstreamVersion = DEFAULT_UPSTREAM): Promise<WebAssembly.Module> {
  if (options.wasmModule) return Promise.resolve(options.wasmModule);
  const file = wasmFileOf(upstream);
  if (options.wasmBinary) return checkAndCompile(options.wasmBinary, upstream);
  if (options.locateFile) return fetchAndCompile(toUrl(options.locateFile(file)), file);
  let loading = defaultModules.get(upstream);
  if (!loading) {
    loading = fetchAndCompile(DEFAULT_LOCATIONS[upstream](), file).catch((err: unknown) => {
      defaultModules.delete(upstream); // let a later call try again
      throw err;
    });
    defaultModules.set(upstream, loading);
  }
  return loading;
}

/**
 * Bytes handed over by the caller are checked before use: another version's
 * module, or another build, would run and answer with output that is not
 * this version's.
 */
async function checkAndCompile(bytes: ArrayBuffer | Uint8Array, upstream: UpstreamVersion): Promise<WebAssembly.Module> {
  const file = wasmFileOf(upstream);
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view as BufferSource));
  const got = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const want = WASM_SHA256[upstream];
  if (got !== want) {
    throw new BpftoolLoadError(
      `wasmBinary is not ${file}: its sha256 is ${got}, and ${file} of this package has ${want} (versions.json)`,
    );
  }
  return compile(bytes, file);
}

/** `file` names the module in messages. */
async function compile(bytes: ArrayBuffer | Uint8Array, file: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (err) {
    throw new BpftoolLoadError(`${file} did not compile: ${String(err)}`, { cause: err });
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

async function fetchAndCompile(url: URL, file: string): Promise<WebAssembly.Module> {
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
    return compile(bytes, file);
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
      throw new BpftoolLoadError(`${file} did not compile: ${String(err)}`, { cause: err });
    }
  }
  // Served with the wrong MIME type: streaming compilation refuses it.
  return compile(await response.arrayBuffer(), file);
}
