/**
 * How V8 compiles the module for one CLI run. By default V8 runs each
 * function first as Liftoff code and recompiles the hot ones with TurboFan
 * on background threads. A process that ends while such compilation is
 * under way waits for it, 60 to 120 ms on a short run (the CLI's `exit`
 * phase), which is more than TurboFan's code saves in that run. So a short
 * run keeps Liftoff's code (`--liftoff-only`), and a long one tiers up as
 * usual. Only the speed differs: both compile the same module, whose
 * output is the same.
 *
 * A run is taken to be long when bpftool works through a kernel's BTF (a
 * vmlinux is 5 to 6 MB): `btf dump`, `gen min_core_btf`, a base BTF, the
 * targets of `core check`, whose work grows with every type; or when it is
 * a batch, whose commands are many. Objects are read in one pass (`gen
 * skeleton`, `gen object`): even the largest keep Liftoff's code.
 * `npm run bench` measures the choice.
 */
import { statSync } from 'node:fs';
import { btfInputs } from './kernel-inputs.js';

/** BTF inputs of at least this many bytes in all make a run long. */
export const LONG_RUN_INPUT_BYTES = 4 << 20;

export type Tiering = 'liftoff-only' | 'tier-up';

/** The V8 flag that gives each tiering; undefined: V8's own default. */
export const TIERING_FLAG: Record<Tiering, string | undefined> = {
  'liftoff-only': '--liftoff-only',
  'tier-up': undefined,
};

/** A regular file's size; 0 for anything else, or a file that cannot be read here. */
export function fileBytes(path: string): number {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? st.size : 0;
  } catch {
    return 0; // not readable here: bpftool will say so
  }
}

/** The tiering for bpftool's arguments `args`; `sizeOf` gives a regular file's size (0 for anything else). */
export function tieringFor(args: readonly string[], sizeOf: (path: string) => number = fileBytes): Tiering {
  if (args.find((a) => !a.startsWith('-')) === 'batch') return 'tier-up';
  let total = 0;
  for (const path of btfInputs(args)) {
    total += sizeOf(path);
    if (total >= LONG_RUN_INPUT_BYTES) return 'tier-up';
  }
  return 'liftoff-only';
}
