/**
 * bpftool-wasm through the package's own worker entry (bpftool-wasm/worker,
 * Comlink over a worker_threads Worker), as users call it: inputs are
 * copied to the worker, results are transferred back.
 */
import { createWorkerBpftool, type RawRunResult, type RunOptions } from '../dist/index.js';
import type { Runner } from './in-process.js';

export async function startWorkerRunner(): Promise<Runner> {
  const bpftool = await createWorkerBpftool();
  // The first call waits for the worker to compile the module.
  await bpftool.runRaw(['version']);
  return {
    runRaw(args: readonly string[], options: RunOptions): Promise<RawRunResult> {
      return bpftool.runRaw(args, options);
    },
    async close() {
      await bpftool.terminate();
    },
  };
}
