/**
 * The command line's BTF inputs (`btf dump file F`, `-B F`/`--base-btf F`,
 * `gen min_core_btf F`, `btf distill`/`relocate` ... `base F`, `core check`
 * ... `against F...`), on the command line and in the commands of a
 * `batch file`, checked by their first bytes before bpftool runs: a kernel package or image is
 * extracted (src/kernel-btf/) into a temporary file, and the CLI says so on
 * stderr. bpftool is still given the name as typed, and opening that name
 * opens the extracted file (host-run.ts), so what it prints names the file
 * the user gave (a `core check` report's targets, its errors). Files bpftool
 * reads itself (raw BTF, ELF) are left alone, so its output and errors stay
 * native's.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { KERNEL_SNIFF_BYTES, needsKernelExtraction } from '../kernel-btf/kernel-sniff.js';
import { batchCommands } from './batch-commands.js';

/** bpftool matches a command word by prefix; `least` keeps one from matching another command first (`b` is batch). */
const isWord = (word: string | undefined, full: string, least = 1) => word !== undefined && word.length >= least && full.startsWith(word);

/** The words of a command line: neither options nor an option's value (`-`, standard input, is a word). */
function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-B' || argv[i] === '--base-btf') i++;
    else if (!argv[i]!.startsWith('-') || argv[i] === '-') words.push(argv[i]!);
  }
  return words;
}

/** The files that bpftool reads as BTF on this command line. */
export function btfInputs(argv: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-B' || a === '--base-btf') {
      if (i + 1 < argv.length) found.push(argv[++i]!);
    } else if (a.startsWith('--base-btf=')) {
      found.push(a.slice('--base-btf='.length));
    } else if (a.startsWith('-B') && a.length > 2) {
      found.push(a.slice(2));
    }
  }
  const words = commandWords(argv);
  const w = (k: number) => words[k];
  const positional = (k: number) => words[k] !== undefined && found.push(words[k]);
  if (isWord(w(0), 'btf', 2) && isWord(w(1), 'dump') && isWord(w(2), 'file')) positional(3);
  if (isWord(w(0), 'gen') && isWord(w(1), 'min_core_btf')) positional(2);
  if (w(0) === 'core' && w(1) === 'check') {
    // Every word after `against` is a kernel's BTF.
    const against = words.findIndex((x, k) => k > 2 && x === 'against');
    if (against > 0) for (let k = against + 1; k < words.length; k++) positional(k);
  }
  if (isWord(w(0), 'btf', 2) && (w(1) === 'distill' || w(1) === 'relocate')) {
    const base = words.findIndex((x, k) => k > 2 && x === 'base');
    if (base > 0) positional(base + 1);
  }
  return found;
}

/**
 * The BTF inputs of the commands in a `batch file FILE` (not `-`: standard
 * input is bpftool's to read, once), as their own command lines would give.
 */
function batchBtfInputs(argv: readonly string[]): string[] {
  const words = commandWords(argv);
  if (!isWord(words[0], 'batch') || !isWord(words[1], 'file') || words[2] === undefined || words[2] === '-') return [];
  let text: string;
  try {
    text = readFileSync(words[2], 'utf8');
  } catch {
    return []; // bpftool says why it cannot open it
  }
  return batchCommands(text).flatMap(btfInputs);
}

/** The file's first bytes say it is a kernel container (an unreadable or missing file is bpftool's to report). */
function isKernelContainer(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(KERNEL_SNIFF_BYTES);
      return needsKernelExtraction(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Extracts every kernel container among argv's BTF inputs; `extract(path,
 * into)` writes the BTF into `into` and says on stderr what it did. Gives
 * each such argument's extracted file (`aliases`, by the name as typed) and
 * `cleanup()`, which removes the temporary files.
 */
export async function withKernelInputsExtracted(
  argv: readonly string[],
  extract: (path: string, into: string) => Promise<void>,
): Promise<{ aliases: Record<string, string>; cleanup: () => void }> {
  const aliases: Record<string, string> = {};
  const chosen = [...btfInputs(argv), ...batchBtfInputs(argv)].filter(isKernelContainer);
  if (chosen.length === 0) return { aliases, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'bpftool-wasm-kernel-btf-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const [n, path] of chosen.entries()) {
      if (Object.hasOwn(aliases, path)) continue; // the same file named twice is extracted once
      const into = join(dir, `${n}-${basename(path)}.btf`);
      await extract(path, into);
      aliases[path] = into;
    }
  } catch (e) {
    cleanup();
    throw e;
  }
  return { aliases, cleanup };
}

/** The file bpftool opens for `path`: the BTF extracted from it, where it is a kernel container. */
export function aliasedPath(aliases: Readonly<Record<string, string>>, path: string): string {
  return Object.hasOwn(aliases, path) ? aliases[path]! : path;
}
