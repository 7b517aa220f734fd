/**
 * What runs inside the worker: the Bpftool API, forwarded method by method
 * to one createBpftool() of the worker's own, with every byte array of a
 * result transferred back to the caller rather than copied.
 */
import { transfer } from 'comlink';
import { createBpftool, type Bpftool, type CreateBpftoolOptions } from '../core/bpftool.js';
import type { UpstreamVersion } from '../core/upstreams.js';
import { ownedBuffers } from './transfer.js';

/** Which version the worker runs and how it finds its module. Functions cannot cross to a worker, so `locateFile` becomes a URL. */
export interface WorkerLoadOptions {
  /** The upstream bpftool version, as createBpftool()'s. Default `'7.5'`. */
  upstream?: UpstreamVersion;
  wasmModule?: WebAssembly.Module;
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the version's .wasm is (absolute URL). Default: next to the worker script. */
  wasmUrl?: string;
}

/** The API a bpftool-wasm worker exposes with Comlink. */
export interface BpftoolWorkerApi extends Bpftool {
  /** Compiles the module (once); later calls use it. Called by createWorkerBpftool(). */
  load(options?: WorkerLoadOptions): Promise<void>;
}

function toCreateOptions({ upstream, wasmModule, wasmBinary, wasmUrl }: WorkerLoadOptions): CreateBpftoolOptions {
  const version = upstream === undefined ? {} : { upstream };
  if (wasmModule) return { ...version, wasmModule };
  if (wasmBinary) return { ...version, wasmBinary };
  if (wasmUrl) return { ...version, locateFile: () => wasmUrl };
  return version;
}

export function createWorkerApi(): BpftoolWorkerApi {
  let bpftool: Promise<Bpftool> | undefined;
  const start = (options: WorkerLoadOptions) =>
    (bpftool = createBpftool(toCreateOptions(options)).catch((err: unknown) => {
      bpftool = undefined; // a later call may try again
      throw err;
    }));

  const load = async (options: WorkerLoadOptions = {}) => {
    await (bpftool ?? start(options));
  };

  // Forward by name, so every method of Bpftool is served as it is, results
  // included, with no list here to keep in step.
  return new Proxy({ load } as BpftoolWorkerApi, {
    get(target, name) {
      if (name === 'load') return target.load;
      if (typeof name !== 'string') return undefined;
      return async (...args: unknown[]) => {
        const b = (await (bpftool ?? start({}))) as unknown as Record<string, unknown>;
        const method = b[name];
        if (typeof method !== 'function') throw new TypeError(`bpftool-wasm worker: no method ${name}`);
        const result: unknown = await (method as (...a: unknown[]) => unknown)(...args);
        return typeof result === 'object' && result !== null ? transfer(result, ownedBuffers(result)) : result;
      };
    },
  });
}
