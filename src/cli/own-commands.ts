/**
 * bpftool-wasm's own commands (`btf distill`, `btf relocate`; wasm/ext/),
 * which promise never to overwrite an input. Inside the module each host
 * file is a separate copy, so an output that reaches an input through a
 * symbolic or hard link is only visible here, on the host.
 */
import * as fs from 'node:fs';

const OWN = new Set(['btf distill', 'btf relocate']);

/** Recognises our commands as the module's front does: the first two words that are not options. */
export function isOwnCommand(args: readonly string[]): boolean {
  const words = args.filter((a) => !(a.startsWith('-') && a.length > 1)).slice(0, 2);
  return OWN.has(words.join(' '));
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** The first output that is one of the inputs under another name, if any. */
export function outputThatIsAnInput(inputs: readonly string[], outputs: readonly string[]): string | undefined {
  const inputStats = inputs.flatMap((p) => {
    try {
      return [fs.statSync(p)];
    } catch {
      return [];
    }
  });
  return outputs.find((out) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(out);
    } catch {
      return false;
    }
    return inputStats.some((i) => sameFile(i, st));
  });
}
