/**
 * What runs inside the worker: the Bpftool API, forwarded method by method
 * to one createBpftool() of the worker's own, with every byte array of a
 * result transferred back to the caller rather than copied.
 */
import { transfer } from 'comlink';
import { createBpftool, type Bpftool } from '../core/bpftool.js';
import type { LoadOptions } from '../load/wasm-module.js';
import { ownedBuffers } from './transfer.js';

/** How the worker finds bpftool.wasm. Functions cannot cross to a worker, so `locateFile` becomes a URL. */
export interface WorkerLoadOptions {
  wasmModule?: WebAssembly.Module;
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where bpftool.wasm is (absolute URL). Default: next to the worker script. */
  wasmUrl?: string;
}

/** The API a bpftool-wasm worker exposes with Comlink. */
export interface BpftoolWorkerApi extends Bpftool {
  /** Compiles the module (once); later calls use it. Called by createWorkerBpftool(). */
  load(options?: WorkerLoadOptions): Promise<void>;
}

function toLoadOptions({ wasmModule, wasmBinary, wasmUrl }: WorkerLoadOptions): LoadOptions {
  if (wasmModule) return { wasmModule };
  if (wasmBinary) return { wasmBinary };
  if (wasmUrl) return { locateFile: () => wasmUrl };
  return {};
}

export function createWorkerApi(): BpftoolWorkerApi {
  let bpftool: Promise<Bpftool> | undefined;
  const start = (options: WorkerLoadOptions) =>
    (bpftool = createBpftool(toLoadOptions(options)).catch((err: unknown) => {
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
