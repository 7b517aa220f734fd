/**
 * The CLI runs bpftool on the main thread first: a thread of its own costs
 * Node some 35 ms to start and to end, more than many runs take. The main
 * thread's stack is shallow (core/host-stack.ts), so a run that outruns it
 * starts again from the beginning on the deep-stack thread (deep-stack.ts).
 * That is possible only while the first attempt has left nothing that the
 * second would find or repeat: its stdout and stderr are held
 * (held-output.ts), every file it opened for writing it truncated (the
 * second run truncates and writes it again, as one run would), and it reads
 * no standard input. Past that point, outrunning the stack is the crash it
 * is on the thread too.
 */
import { HostStreamClosed } from '../core/instance.js';
import { outranHostStack } from '../core/host-stack.js';
import { HeldOutput, type HeldWrite } from './held-output.js';
import { runOnHost, type HostRunOptions } from './host-run.js';
import { SIGPIPE_STATUS, writeFully } from './host-streams.js';

/** Output held before it is let through; a run that writes more can no longer move. */
export const HELD_OUTPUT_LIMIT = 16 << 20;

export type HereOutcome = { status: number } | { moveToThread: true };

/** A run that reads standard input (`batch file -`) cannot start again: its input would be gone. */
export function mayRunHere(args: readonly string[]): boolean {
  return !args.includes('-');
}

/** Writes what was held, in order; the status of a run whose reader has gone, else undefined. */
function letThrough(writes: readonly HeldWrite[]): number | undefined {
  const failed = new Set<number>();
  for (const { fd, bytes } of writes) {
    if (failed.has(fd)) continue;
    try {
      writeFully(fd, bytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return SIGPIPE_STATUS;
      // As the C library's write() failing: that stream's later output is lost, the run's status stands.
      failed.add(fd);
    }
  }
  return undefined;
}

export async function runHere(wasmModule: WebAssembly.Module, args: readonly string[], options: HostRunOptions): Promise<HereOutcome> {
  const held = new HeldOutput(HELD_OUTPUT_LIMIT);
  let changedFile = false;
  let status: number;
  try {
    status = await runOnHost(wasmModule, args, options, { held, onLastingWrite: () => (changedFile = true) });
  } catch (err) {
    if (err instanceof HostStreamClosed) return { status: SIGPIPE_STATUS };
    if (outranHostStack(err) && !held.released && !changedFile) return { moveToThread: true };
    // What the run wrote before it stopped comes out before the error, as it would have.
    const closed = letThrough(held.release());
    if (closed !== undefined) return { status: closed };
    throw err;
  }
  return { status: letThrough(held.release()) ?? status };
}
