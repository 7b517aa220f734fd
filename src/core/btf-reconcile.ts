/**
 * distillBase() and relocate(): libbpf's resilient split BTF
 * (btf__distill_base(), btf__relocate()) running in the wasm, through the
 * module's own `btf distill` and `btf relocate` commands (wasm/ext/). Bytes
 * in, bytes out: every result is what libbpf wrote.
 */
import { BpftoolError, BpftoolUsageError } from './errors.js';
import type { RunOptions, RunResult } from './run.js';

export interface DistillOptions {
  /**
   * Also write `split` (which must then be an ELF relocatable object with
   * `.BTF`) anew, with the new split BTF as `.BTF` and the distilled base
   * as `.BTF.base`; every other section is kept as it is.
   */
  elf?: boolean;
}

export interface DistilledBtf {
  /** The distilled base BTF, raw: only the base types the split BTF needs, by name and size. */
  distilledBase: Uint8Array;
  /** The new split BTF, raw, whose base is `distilledBase`. */
  split: Uint8Array;
  /** With `{ elf: true }`: the object with `.BTF` and `.BTF.base`. */
  elf?: Uint8Array;
}

type Run = (args: string[], options: RunOptions) => Promise<RunResult>;

const OUT = 'out';
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

/** A readable file name for an input, as libbpf's messages will show it. */
function inputName(role: string, bytes: Uint8Array): string {
  return `${role}.${isElf(bytes) ? 'o' : 'btf'}`;
}

function requireBytes(what: string, value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new BpftoolUsageError(`${what} must be a Uint8Array`);
}

async function runOrThrow(run: Run, args: string[], files: Record<string, Uint8Array>): Promise<RunResult> {
  const result = await run(args, { files, directories: [OUT] });
  if (result.exitCode !== 0) throw new BpftoolError(args, result.exitCode, result.stdout, result.stderr);
  return result;
}

function written(result: RunResult, args: readonly string[], name: string): Uint8Array {
  const bytes = result.files[name];
  if (!bytes) throw new BpftoolError(args, 1, result.stdout, `${name} was not written\n`);
  return bytes;
}

export async function distillBase(
  run: Run,
  split: Uint8Array,
  base: Uint8Array,
  options: DistillOptions = {},
): Promise<DistilledBtf> {
  requireBytes('split', split);
  requireBytes('base', base);
  if (options.elf && !isElf(split)) {
    throw new BpftoolUsageError('distillBase(): { elf: true } needs split to be an ELF object');
  }
  const splitName = inputName('split', split);
  const baseName = inputName('base', base);
  const args = ['btf', 'distill', splitName, 'base', baseName,
    'distilled_base', `${OUT}/distilled_base.btf`, 'split', `${OUT}/split.btf`];
  if (options.elf) args.push('elf', `${OUT}/${splitName}`);
  const result = await runOrThrow(run, args, { [splitName]: split, [baseName]: base });
  return {
    distilledBase: written(result, args, `${OUT}/distilled_base.btf`),
    split: written(result, args, `${OUT}/split.btf`),
    ...(options.elf ? { elf: written(result, args, `${OUT}/${splitName}`) } : {}),
  };
}

export async function relocate(
  run: Run,
  split: Uint8Array,
  distilledBase: Uint8Array | undefined,
  base: Uint8Array,
): Promise<Uint8Array> {
  requireBytes('split', split);
  if (distilledBase !== undefined) requireBytes('distilledBase', distilledBase);
  requireBytes('base', base);
  const splitName = inputName('split', split);
  const baseName = inputName('base', base);
  const files: Record<string, Uint8Array> = { [splitName]: split, [baseName]: base };
  const args = ['btf', 'relocate', splitName];
  if (distilledBase) {
    const distName = inputName('distilled_base', distilledBase);
    files[distName] = distilledBase;
    args.push('distilled_base', distName);
  }
  args.push('base', baseName, 'split', `${OUT}/split.btf`);
  const result = await runOrThrow(run, args, files);
  return written(result, args, `${OUT}/split.btf`);
}
