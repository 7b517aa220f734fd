/**
 * The module recurses on the host's stack as well as on its own 8 MiB
 * linear one (wasm/flags.mk). Native bpftool dumps types nested 20,000 deep
 * in Linux's 8 MiB; Node's main thread stops near 3,000. The threads that
 * bpftool-wasm starts in Node (the CLI's, createWorkerBpftool()'s, and the
 * one a main-thread run moves to when the host's stack runs out) get this
 * much stack, enough that the linear stack is what runs out first, and that
 * overflow is detected.
 */
export const DEEP_STACK_MB = 64;

/** True when a run trapped because the host's (JavaScript engine's) stack ran out. */
export function outranHostStack(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof RangeError && /call stack/i.test(cause.message);
}
