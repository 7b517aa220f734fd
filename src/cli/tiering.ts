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
 * A run is taken to be long when bpftool reads a lot: the files named on
 * the command line (a vmlinux BTF is 5 to 6 MB), or a batch file, whose
 * commands name files of their own. `npm run bench` measures the choice.
 */
import { statSync } from 'node:fs';

/** Inputs of at least this many bytes in all make a run long. */
export const LONG_RUN_INPUT_BYTES = 4 << 20;

export type Tiering = 'liftoff-only' | 'tier-up';

/** The V8 flag that gives each tiering; undefined: V8's own default. */
export const TIERING_FLAG: Record<Tiering, string | undefined> = {
  'liftoff-only': '--liftoff-only',
  'tier-up': undefined,
};

function fileBytes(path: string): number {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? st.size : 0;
  } catch {
    return 0; // not readable here: bpftool will say so
  }
}

/** The tiering for bpftool's arguments `args`; `sizeOf` gives a regular file's size (0 for anything else). */
export function tieringFor(args: readonly string[], sizeOf: (path: string) => number = fileBytes): Tiering {
  // Words, and the values of `--option=value`; a value given as the next word is a word.
  const words = args.flatMap((a) => (!a.startsWith('-') ? [a] : a.startsWith('--') && a.includes('=') ? [a.slice(a.indexOf('=') + 1)] : []));
  if (words[0] === 'batch') return 'tier-up';
  let total = 0;
  for (const word of words) {
    total += sizeOf(word);
    if (total >= LONG_RUN_INPUT_BYTES) return 'tier-up';
  }
  return 'liftoff-only';
}
