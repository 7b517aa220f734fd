/**
 * coreCheck(): every CO-RE relocation of BPF objects against kernels' BTF,
 * as libbpf decides it at load time, through the module's own `core check`
 * command (wasm/ext/core_*.c). The result is the command's JSON (`-j`),
 * typed; the decisions are all libbpf's.
 */
import { BpftoolError, BpftoolUsageError } from './errors.js';
import type { RunOptions, RunResult } from './run.js';
import type { UpstreamVersion } from './upstreams.js';

/** One CO-RE relocation of one object against one target. */
export interface CoreRelocation {
  /** The (sub)program whose instruction it patches; `''` when no program holds it (libbpf skips it). */
  program: string;
  /** The object's ELF section of the program. */
  section: string;
  /** libbpf's relocation index, within the section (`relo #N` in libbpf's log). */
  relo: number;
  /** The instruction, within the program (`insn #N` in libbpf's log). */
  insn: number;
  /** libbpf's name of the kind: `byte_off`, `byte_sz`, `field_exists`, `signed`, `lshift_u64`, `rshift_u64`, `local_type_id`, `target_type_id`, `type_exists`, `type_size`, `enumval_exists`, `enumval_value`, `type_matches`. */
  kind: string;
  /** The local spec as libbpf prints it, such as `[7] struct task_struct.pid (0:54 @ offset 2456)`; null when libbpf could not parse it. */
  local: string | null;
  /** The target spec libbpf matched, in the target's BTF; null when none matched. */
  target: string | null;
  /**
   * `patched`: the instruction gets `new` where it had `old`; `poisoned`: libbpf
   * makes the instruction invalid (the program loads only if it is never
   * reached); `error`: libbpf stops loading the object; `skipped`: libbpf
   * does not relocate it (its program is not loaded by default).
   */
  result: 'patched' | 'poisoned' | 'error' | 'skipped';
  /** `patched`: the old and new value as libbpf logs them (unsigned 64-bit; past 2^53 a number loses precision). */
  old?: number;
  new?: number;
  /** `patched`, when libbpf also changed the size of the load or store, in bytes. */
  old_size?: number;
  new_size?: number;
  /** Why, for `poisoned`, `error` and `skipped`: libbpf's own warning where it gave one. */
  reason?: string;
}

/** One object against one target. */
export interface CoreCheckResult {
  /** The object's file name (`objectNames`, or `object0.bpf.o`, …). */
  object: string;
  /** The target's file name (`targetNames`, or `target0.btf`, …). */
  target: string;
  /** Every relocation is patched or skipped. */
  ok: boolean;
  relocations: CoreRelocation[];
}

export interface CoreCheckOptions {
  /** File names for the objects, in order, as the report names them. Default `object0.bpf.o`, `object1.bpf.o`, … */
  objectNames?: readonly string[];
  /** File names for the targets, in order. Default `target0.btf`, `target1.btf`, … */
  targetNames?: readonly string[];
  /**
   * vmlinux BTF (`-B`): each target is then a module's split BTF over it, standing for the
   * kernel with that module loaded; types are looked for in `base` first, in the module
   * only where `base` has none, as libbpf looks for them.
   */
  base?: Uint8Array;
  /** File name for `base`. Default `vmlinux.btf`. */
  baseName?: string;
}

type Run = (args: string[], options: RunOptions) => Promise<RunResult>;

function names(given: readonly string[] | undefined, inputs: readonly Uint8Array[], what: string, fallback: (i: number) => string) {
  if (given && given.length !== inputs.length) {
    throw new BpftoolUsageError(`coreCheck(): ${given.length} ${what} for ${inputs.length} inputs`);
  }
  const list = inputs.map((_, i) => given?.[i] ?? fallback(i));
  return list;
}

export async function coreCheck(
  run: Run,
  upstream: UpstreamVersion,
  objects: readonly Uint8Array[],
  targets: readonly Uint8Array[],
  options: CoreCheckOptions = {},
): Promise<CoreCheckResult[]> {
  if (upstream === '7.1') {
    throw new BpftoolUsageError("coreCheck() needs bpftool 7.5 or later (libbpf 1.5): upstream '7.1' has no commands of bpftool-wasm's own");
  }
  if (!Array.isArray(objects) || objects.length === 0) throw new BpftoolUsageError('coreCheck() needs at least one object');
  if (!Array.isArray(targets) || targets.length === 0) throw new BpftoolUsageError('coreCheck() needs at least one target BTF');
  for (const b of [...objects, ...targets, ...(options.base === undefined ? [] : [options.base])]) {
    if (!(b instanceof Uint8Array)) throw new BpftoolUsageError('coreCheck(): objects and targets must be Uint8Arrays');
  }
  const objectNames = names(options.objectNames, objects, 'objectNames', (i) => `object${i}.bpf.o`);
  const targetNames = names(options.targetNames, targets, 'targetNames', (i) => `target${i}.btf`);
  const baseName = options.base ? (options.baseName ?? 'vmlinux.btf') : undefined;
  const all = [...objectNames, ...targetNames, ...(baseName ? [baseName] : [])];
  if (new Set(all).size !== all.length) throw new BpftoolUsageError('coreCheck(): every object and target needs a name of its own');
  if (all.some((n) => n === 'against' || n.startsWith('-'))) throw new BpftoolUsageError("coreCheck(): 'against' and names that start with '-' cannot be file names");

  const files: Record<string, Uint8Array> = {};
  objects.forEach((o, i) => (files[objectNames[i]!] = o));
  targets.forEach((t, i) => (files[targetNames[i]!] = t));
  if (options.base && baseName) files[baseName] = options.base;
  const args = ['-j', ...(baseName ? ['-B', baseName] : []), 'core', 'check', ...objectNames, 'against', ...targetNames];
  const result = await run(args, { files });
  // 1: some relocation does not resolve, which the report says; anything else is a failure
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new BpftoolError(args, result.exitCode, result.stdout, result.stderr);
  }
  return JSON.parse(result.stdout) as CoreCheckResult[];
}
