/**
 * The deep-stack thread's side of a CLI run (deep-stack.ts): one run on the
 * host, its outcome posted back.
 */
import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { HostStreamClosed } from '../core/instance.js';
import { loadWasmModule } from '../load/wasm-module.js';
import type { Job, ModuleMessage, Outcome, Ready } from './deep-stack.js';
import { runOnHost } from './host-run.js';
import { SIGPIPE_STATUS } from './host-streams.js';
import { clockNow, outputClock, type ThreadTimes } from './phase-timing.js';

/** Runs the job the thread was given and posts its outcome. */
export async function serveDeepStackJob(): Promise<void> {
  const threadStart = clockNow();
  const { upstream, args, options } = workerData as Job;
  let outcome: Outcome;
  try {
    const given = once(parentPort!, 'message');
    parentPort!.postMessage({ ready: true } satisfies Ready);
    const [module] = (await given) as [ModuleMessage];
    const wasmModule = module ?? (await loadWasmModule({}, upstream));
    const compiled = clockNow();
    const status = await runOnHost(wasmModule, args, options);
    const times: ThreadTimes = { threadStart, compiled, ran: clockNow(), outputMs: outputClock.ms };
    outcome = { status, times };
  } catch (err) {
    if (err instanceof HostStreamClosed) outcome = { status: SIGPIPE_STATUS };
    else {
      const e = err as { name?: string; message?: string; exitCode?: number };
      outcome = { error: { name: e.name ?? 'Error', message: e.message ?? String(err), ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) } };
    }
  }
  parentPort!.postMessage(outcome);
}
