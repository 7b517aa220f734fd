/**
 * Where a CLI run's time goes, for `npm run bench` and for anyone who asks
 * with BPFTOOL_WASM_TIMING=1: one line on stderr after bpftool's own
 * output. Times are on the monotonic clock that every thread of the process
 * shares (process.hrtime); the process's start is placed on it only when
 * the line is printed, since the first use of `performance` loads Node's
 * perf_hooks modules, some 1 ms of every run.
 */
export const TIMING_ENV = 'BPFTOOL_WASM_TIMING';

/** Milliseconds on the process's monotonic clock. */
export const clockNow = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The process's start on that clock (performance.now() counts from it on the main thread). */
export const processStartOnClock = (): number => clockNow() - performance.now();

/** What the bpftool thread measured, sent back with its outcome. */
export interface ThreadTimes {
  /** The thread's first line of code ran (on the main thread: the run began). */
  threadStart: number;
  /** The module was compiled (on the main thread while the thread started) and handed over. */
  compiled: number;
  /** main() returned. */
  ran: number;
  /** Time spent writing stdout and stderr, within the run. */
  outputMs: number;
}

/** Where bpftool ran: the main thread, its own thread, or the main thread and then its own (main-thread-run.ts). */
export type RunPlace = 'main thread' | 'deep-stack thread' | 'main thread, then deep-stack thread';

/** Time spent in the host streams' writes (host-streams.ts adds to it). */
export const outputClock = { ms: 0 };

export function timingLine(processStart: number, cliLoaded: number, t: ThreadTimes, answered: number, tiering: string, where: RunPlace): string {
  const ms = (x: number) => x.toFixed(1);
  return (
    `bpftool-wasm timing (ms): node start ${ms(cliLoaded - processStart)}, thread start ${ms(t.threadStart - cliLoaded)}, ` +
    `module compile ${ms(t.compiled - t.threadStart)}, run ${ms(t.ran - t.compiled)} (output ${ms(t.outputMs)}), ` +
    `answer ${ms(answered - t.ran)}, total ${ms(answered - processStart)}; wasm tiering ${tiering}; bpftool ran on ${where}\n`
  );
}
