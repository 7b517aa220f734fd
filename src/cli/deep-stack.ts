/**
 * The CLI runs bpftool on a thread of its own, whose stack is as deep as a
 * native process's (see core/host-stack.ts): a worker_threads thread takes
 * its stack size from resourceLimits, the main thread cannot.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEEP_STACK_MB } from '../core/host-stack.js';
import { HostStreamClosed } from '../core/instance.js';
import type { UpstreamVersion } from '../core/upstreams.js';
import { loadWasmModule } from '../load/wasm-module.js';
import { runOnHost, type HostRunOptions } from './host-run.js';

interface Job {
  upstream: UpstreamVersion;
  args: readonly string[];
  options: HostRunOptions;
}

type Outcome = { status: number } | { error: { name: string; message: string; exitCode?: number } };

/** Runs `args` on the host in a deep-stack thread started from `script` (the CLI's own file); resolves to the exit status. */
export function runOnHostDeep(script: URL, upstream: UpstreamVersion, args: readonly string[], options: HostRunOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: { upstream, args, options } satisfies Job,
      resourceLimits: { stackSizeMb: DEEP_STACK_MB },
      // bpftool writes to the process's descriptors itself (host-streams.ts); Node's piping of a
      // worker's stdio would open process.stdout, which Wine's pipes refuse (EBADF).
      stdout: true,
      stderr: true,
    });
    let outcome: Outcome | undefined;
    worker.once('message', (o: Outcome) => (outcome = o));
    worker.once('error', reject);
    worker.once('exit', () => {
      if (!outcome) return reject(new Error('the bpftool thread ended without an answer'));
      if ('status' in outcome) return resolve(outcome.status);
      reject(Object.assign(new Error(outcome.error.message), outcome.error));
    });
  });
}

/** True in the thread that runOnHostDeep() started. */
export function isDeepStackThread(): boolean {
  return !isMainThread && (workerData as Partial<Job> | undefined)?.args !== undefined;
}

/** The thread's side: one run, its outcome posted back. */
export async function serveDeepStackJob(): Promise<void> {
  const { upstream, args, options } = workerData as Job;
  let outcome: Outcome;
  try {
    outcome = { status: await runOnHost(await loadWasmModule({}, upstream), args, options) };
  } catch (err) {
    if (err instanceof HostStreamClosed) outcome = { status: 141 }; // killed by SIGPIPE: 128 + 13
    else {
      const e = err as { name?: string; message?: string; exitCode?: number };
      outcome = { error: { name: e.name ?? 'Error', message: e.message ?? String(err), ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) } };
    }
  }
  parentPort!.postMessage(outcome);
}
