/**
 * bpftool-wasm in a worker thread: each call is posted to the worker
 * (inputs copied by structured clone, as a page would post them) and the
 * result posted back. The worker is bench/worker.mjs, a minimal one around
 * the library; a Runner over the package's own worker entry can take its
 * place without touching the rest of the bench.
 */
import { Worker } from 'node:worker_threads';
import type { RawRunResult, RunOptions } from '../dist/index.js';
import type { Runner } from './in-process.js';

type Reply = { id: number; result?: RawRunResult; error?: string };

export async function startWorkerRunner(): Promise<Runner> {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  const pending = new Map<number, { resolve: (r: RawRunResult) => void; reject: (e: Error) => void }>();
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.result) p.resolve(reply.result);
    else p.reject(new Error(reply.error ?? 'worker failed'));
  });
  let nextId = 0;
  return {
    runRaw(args: readonly string[], options: RunOptions) {
      const id = nextId++;
      return new Promise<RawRunResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, args, options });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
