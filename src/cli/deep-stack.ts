/**
 * The CLI runs bpftool on a thread of its own, whose stack is as deep as a
 * native process's (see core/host-stack.ts): a worker_threads thread takes
 * its stack size from resourceLimits, the main thread cannot.
 */
import { DEEP_STACK_MB } from '../core/host-stack.js';
import type { UpstreamVersion } from '../core/upstreams.js';
import type { HostRunOptions } from './host-run.js';
import type { ThreadTimes } from './phase-timing.js';

/** What the thread is given (workerData) and what it answers (one message). */
export interface Job {
  upstream: UpstreamVersion;
  args: readonly string[];
  options: HostRunOptions;
}

/** What the thread says first: it has started. */
export interface Ready {
  ready: true;
}

/**
 * What the thread is sent once it has started: the module, compiled on the
 * main thread, or null when that failed (the thread then loads it itself,
 * and says why it cannot).
 */
export type ModuleMessage = WebAssembly.Module | null;

export type Outcome = { status: number; times?: ThreadTimes } | { error: { name: string; message: string; exitCode?: number } };

/**
 * Runs `args` on the host in a deep-stack thread, which runs `thread` (the
 * CLI's thread entry, cli-thread.cjs: the run and nothing else, so that it
 * starts quickly); resolves to the exit status. Once the thread has
 * started, `moduleForThread()` gives it the module: V8's flags (tiering.ts)
 * may be set only then, since a flag changed earlier makes the new thread
 * refuse Node's code cache and compile Node's own modules anew (some 30 ms).
 */
export async function runOnHostDeep(
  thread: URL,
  upstream: UpstreamVersion,
  args: readonly string[],
  options: HostRunOptions,
  moduleForThread: () => Promise<WebAssembly.Module | undefined>,
): Promise<{ status: number; times?: ThreadTimes }> {
  // Imported here, not at the top: most runs stay on the main thread, and
  // worker_threads brings a dozen of Node's own modules to compile.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const worker = new Worker(thread, {
      workerData: { upstream, args, options } satisfies Job,
      resourceLimits: { stackSizeMb: DEEP_STACK_MB },
      // bpftool writes to the process's descriptors itself (host-streams.ts); Node's piping of a
      // worker's stdio would open process.stdout, which Wine's pipes refuse (EBADF).
      stdout: true,
      stderr: true,
    });
    // The answer comes once bpftool's output is written (synchronously, to the descriptors).
    // The thread's own end may come later, and is not waited for here.
    worker.on('message', (message: Ready | Outcome) => {
      if ('ready' in message) void moduleForThread().then((m) => worker.postMessage((m ?? null) satisfies ModuleMessage));
      else if ('status' in message) resolve(message);
      else reject(Object.assign(new Error(message.error.message), message.error));
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('the bpftool thread ended without an answer')));
  });
}

