/**
 * bpftool-wasm/worker: the bpftool API served with Comlink from a Web Worker
 * (browsers, Deno) or a worker_threads Worker (Node). Start it with
 * createWorkerBpftool(), or wrap it with Comlink yourself.
 */
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerApi } from './worker/api.js';
import { registerErrorTransfer } from './worker/error-transfer.js';
import { isNode } from './core/is-node.js';

export type { BpftoolWorkerApi, WorkerLoadOptions } from './worker/api.js';

registerErrorTransfer();
const api = createWorkerApi();

if (isNode()) {
  // Node queues messages on parentPort until a listener is attached, so
  // nothing is lost while the module loads.
  const workerThreads = 'node:worker_threads';
  void (import(/* @vite-ignore */ workerThreads) as Promise<typeof import('node:worker_threads')>).then(
    ({ parentPort }) => {
      // Imported on the main thread by mistake: nothing to serve, and nothing to crash.
      if (!parentPort) {
        console.warn(
          'bpftool-wasm/worker is the script a Worker runs, and serves nothing on the main thread; ' +
            "createWorkerBpftool() from 'bpftool-wasm' starts it in a worker",
        );
        return;
      }
      expose(api, nodeEndpoint(parentPort));
    },
  );
} else {
  expose(api);
}
