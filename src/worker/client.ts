/**
 * createWorkerBpftool(): the Bpftool API, run in a worker. In browsers and
 * Deno a module Web Worker, in Node a worker_threads Worker; either runs
 * bpftool-wasm/worker and talks Comlink. Results are the same bytes, with
 * the same shape, as createBpftool() gives on the calling thread.
 */
import { transfer, wrap, type Endpoint, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { Bpftool } from '../core/bpftool.js';
import { DEEP_STACK_MB } from '../core/host-stack.js';
import { BpftoolUsageError, BpftoolWorkerError } from '../core/errors.js';
import { toUpstream } from '../core/upstreams.js';
import type { BpftoolWorkerApi, WorkerLoadOptions } from './api.js';
import { registerErrorTransfer } from './error-transfer.js';
import { isNode } from '../core/is-node.js';
import { ownedBuffers } from './transfer.js';

/** A worker_threads Worker, as far as this module and Comlink's Node adapter use one. */
interface NodeWorker {
  postMessage(value: unknown, transferList?: readonly unknown[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
  start?: () => void;
  once(event: 'error' | 'exit', listener: (arg: unknown) => void): unknown;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

export interface WorkerBpftoolOptions extends WorkerLoadOptions {
  /**
   * A worker already running bpftool-wasm/worker, for example from a
   * bundler's worker import. Default: one is started next to this module.
   */
  worker?: Worker | NodeWorker;
  /**
   * Move input byte arrays to the worker instead of copying them. Faster for
   * large inputs, but the caller's arrays are left detached (empty). Results
   * are always moved.
   */
  transferInputs?: boolean;
}

export interface WorkerBpftool extends Bpftool {
  /** Stops the worker. Calls still under way fail. */
  terminate(): Promise<void>;
}

const WORKER_FILE = './worker.js';

async function nodeWorkerThreads(): Promise<typeof import('node:worker_threads')> {
  const workerThreads = 'node:worker_threads';
  return (await import(/* @vite-ignore */ workerThreads)) as typeof import('node:worker_threads');
}

/** True on Node's main thread, whose stack cannot be made deeper (core/host-stack.ts). */
export async function onNodeMainThread(): Promise<boolean> {
  return isNode() && (await nodeWorkerThreads()).isMainThread;
}

async function startWorker(): Promise<Worker | NodeWorker> {
  if (isNode()) {
    const { Worker: NodeWorkerClass } = await nodeWorkerThreads();
    // Not a literal URL: a browser bundler must not mistake this for the web worker.
    return new NodeWorkerClass(new URL(WORKER_FILE, import.meta.url), {
      resourceLimits: { stackSizeMb: DEEP_STACK_MB },
    }) as unknown as NodeWorker;
  }
  // The literal form lets bundlers (Vite, webpack) find and bundle the worker.
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

function isNodeWorker(w: Worker | NodeWorker): w is NodeWorker {
  return typeof (w as NodeWorker).on === 'function' && !('addEventListener' in w);
}

/**
 * The bpftool API served by a worker (a Web Worker, or worker_threads in
 * Node): calls leave the calling thread free.
 */
export async function createWorkerBpftool(options: WorkerBpftoolOptions = {}): Promise<WorkerBpftool> {
  registerErrorTransfer();
  const { worker: given, transferInputs = false, ...load } = options;
  const upstream = toUpstream(load.upstream); // an unknown version fails here, before any worker starts
  const worker = given ?? (await startWorker());
  const node = isNodeWorker(worker);
  const remote: Remote<BpftoolWorkerApi> = wrap<BpftoolWorkerApi>(node ? nodeEndpoint(worker) : (worker as Endpoint));

  // A worker that fails to start or dies would leave calls waiting forever:
  // its death fails them instead.
  let died: Error | undefined;
  let failPending: (err: Error) => void = () => {};
  const death = new Promise<never>((_, reject) => {
    failPending = reject;
  });
  death.catch(() => {});
  const die = (why: string) => (cause: unknown) => {
    died ??= new BpftoolWorkerError(`bpftool-wasm worker ${why}${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
    failPending(died);
  };
  if (node) {
    worker.once('error', die('failed'));
    worker.once('exit', die('exited'));
  } else {
    worker.addEventListener('error', (e) => die('failed')(e instanceof ErrorEvent ? new Error(e.message) : e));
  }

  // An idle Node worker does not keep the process alive.
  let inFlight = 0;
  const track = async <T>(call: () => Promise<T>): Promise<T> => {
    if (died) throw died;
    if (node && inFlight++ === 0) worker.ref();
    try {
      return await Promise.race([call(), death]);
    } finally {
      if (node && --inFlight === 0) worker.unref();
    }
  };

  const terminate = async () => {
    died ??= new BpftoolUsageError('this bpftool-wasm worker was terminated: createWorkerBpftool() makes another');
    failPending(died);
    await worker.terminate();
  };

  try {
    await track(() => remote.load(load));
  } catch (err) {
    await terminate();
    throw err;
  }

  const call =
    (name: string) =>
    (...args: unknown[]) =>
      track(() => {
        const method = (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!;
        if (!transferInputs) return method(...args);
        return method(...args.map((a) => (typeof a === 'object' && a !== null ? transfer(a, ownedBuffers(a)) : a)));
      });

  return new Proxy({ terminate, upstream } as WorkerBpftool, {
    get(target, name) {
      if (name === 'terminate') return target.terminate;
      if (name === 'upstream') return target.upstream;
      // Not a thenable: awaiting the object must not call into the worker.
      if (typeof name !== 'string' || name === 'then') return undefined;
      return call(name);
    },
  });
}
