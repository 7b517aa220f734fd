/**
 * The public face: createBpftool() compiles the module once and gives back an
 * object whose every call runs bpftool in a fresh instance.
 */
import createBpftoolModule from '../generated/glue.mjs';
import { loadWasmModule, type LoadOptions } from '../load/wasm-module.js';
import { distillBase, relocate, type DistilledBtf, type DistillOptions } from './btf-reconcile.js';
import { coreCheck, type CoreCheckOptions, type CoreCheckResult } from './core-check.js';
import { btfForBpftool } from '../kernel-btf/kernel-input.js';
import { BpftoolError, BpftoolUsageError } from './errors.js';
import { outranHostStack } from './host-stack.js';
import { toUpstream, type UpstreamVersion } from './upstreams.js';
import { decodeResult, runRaw, type RawRunResult, type RunOptions, type RunResult } from './run.js';

export interface SkeletonOptions {
  /** Object name used in the generated identifiers (`name NAME`). */
  name?: string;
  /** Light skeleton (`-L`): a loader program, no libbpf needed at run time. */
  light?: boolean;
  /** File name bpftool sees; the skeleton's default name is derived from it. Default `object.bpf.o`. */
  fileName?: string;
}

export interface InputNames {
  /** File names bpftool sees for the objects, in order, as in its messages. Default `input0.bpf.o`, `input1.bpf.o`, … */
  fileNames?: readonly string[];
}

export interface MinCoreBtfOptions extends InputNames {
  /** File name bpftool sees for the BTF. Default `input.btf`. */
  btfFileName?: string;
}

export interface BtfDumpOptions {
  /** File name bpftool sees for the input. Default `input.btf`. */
  fileName?: string;
  /** File name bpftool sees for `base`. Default `base.btf`. */
  baseFileName?: string;
  /** `raw` (default) or `c`. */
  format?: 'raw' | 'c';
  /** Base BTF for split BTF (`-B`). */
  base?: Uint8Array;
  /** JSON output (`-j`); only for `raw`. */
  json?: boolean;
}

export interface Bpftool {
  /** The upstream bpftool version this instance runs (`'7.5'` unless createBpftool() was told otherwise). */
  readonly upstream: UpstreamVersion;
  /** Runs bpftool with `args`, exactly as the native command line would. */
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** As run(), with stdout and stderr left as bytes. */
  runRaw(args: readonly string[], options?: RunOptions): Promise<RawRunResult>;
  /** `gen skeleton`: the C header for a BPF object. */
  genSkeleton(object: Uint8Array, options?: SkeletonOptions): Promise<string>;
  /** `gen subskeleton`: the C header for a BPF library object. */
  genSubskeleton(object: Uint8Array, options?: Omit<SkeletonOptions, 'light'>): Promise<string>;
  /** `gen object`: statically links BPF objects into one. */
  genObject(objects: readonly Uint8Array[], options?: InputNames): Promise<Uint8Array>;
  /**
   * `gen min_core_btf`: the BTF subset that the objects' CO-RE relocations need. `btf` may also be a
   * kernel package or image, whose vmlinux BTF is taken out first (extractKernelBtf()).
   */
  genMinCoreBtf(btf: Uint8Array, objects: readonly Uint8Array[], options?: MinCoreBtfOptions): Promise<Uint8Array>;
  /**
   * `btf dump file`: BTF as text (raw listing, JSON, or C). `input` and `base` may also be kernel
   * packages or images, whose vmlinux BTF is taken out first (extractKernelBtf()).
   */
  btfDump(input: Uint8Array, options?: BtfDumpOptions): Promise<string>;
  /** `version`: bpftool's and libbpf's versions as bpftool prints them. */
  version(): Promise<string>;
  /**
   * libbpf's btf__distill_base(): `split` (raw split BTF, or an ELF object
   * with `.BTF`) over `base` (raw BTF such as /sys/kernel/btf/vmlinux, or
   * an ELF object) becomes a distilled base plus split BTF that refers to it.
   */
  distillBase(split: Uint8Array, base: Uint8Array, options?: DistillOptions): Promise<DistilledBtf>;
  /**
   * libbpf's btf__relocate(): split BTF whose base is `distilledBase`, mapped
   * onto `base`; raw split BTF. `distilledBase` may be undefined when `split`
   * is an ELF object that carries it as `.BTF.base`.
   */
  relocate(split: Uint8Array, distilledBase: Uint8Array | undefined, base: Uint8Array): Promise<Uint8Array>;
  /**
   * Every CO-RE relocation of each object against each target kernel's BTF
   * (raw, such as /sys/kernel/btf/vmlinux, or an ELF file with `.BTF`), as
   * libbpf decides it when it loads the object on that kernel: `core check -j`.
   * One result per object and target, objects first. Needs 7.5 or later.
   */
  coreCheck(objects: readonly Uint8Array[], targets: readonly Uint8Array[], options?: CoreCheckOptions): Promise<CoreCheckResult[]>;
}

export interface CreateBpftoolOptions extends LoadOptions {
  /**
   * The upstream bpftool version to run, one of UPSTREAM_VERSIONS: `'7.1'`,
   * `'7.5'` (the default) or `'7.8'`. Only that version's module is loaded;
   * `wasmBinary`, `wasmModule` and `locateFile` must give that version's.
   */
  upstream?: UpstreamVersion;
}

/**
 * Compiles the version's module (once per realm) and gives back a bpftool
 * whose every call runs in a fresh instance.
 */
export async function createBpftool(options: CreateBpftoolOptions = {}): Promise<Bpftool> {
  const { upstream: asked, ...load } = options;
  const upstream = toUpstream(asked);
  const wasmModule = await loadWasmModule(load, upstream);
  let deepStack: Promise<Bpftool> | undefined;
  const raw = async (args: readonly string[], runOptions?: RunOptions): Promise<RawRunResult> => {
    try {
      return await runRaw(createBpftoolModule, wasmModule, args, runOptions);
    } catch (err) {
      // Node's main thread has a shallow stack (core/host-stack.ts): the same run, from the
      // start, on a thread with a deep one. Output already handed to onStdout cannot be taken back.
      if (!outranHostStack(err) || runOptions?.onStdout) throw err;
      const { createWorkerBpftool, onNodeMainThread } = await import('../worker/client.js');
      if (!(await onNodeMainThread())) throw err;
      deepStack ??= createWorkerBpftool({ wasmModule, upstream });
      return (await deepStack).runRaw(args, runOptions);
    }
  };
  const run = async (args: readonly string[], runOptions?: RunOptions) =>
    decodeResult(await raw(args, runOptions));

  /** Runs and insists on exit code 0; `namedBy`: the file names chosen here (BpftoolError). */
  const ok = async (args: string[], files: Record<string, Uint8Array>, namedBy: Record<string, string> = {}) => {
    const result = await run(args, { files });
    if (result.exitCode !== 0) {
      throw new BpftoolError(args, result.exitCode, result.stdout, result.stderr, namedBy);
    }
    return result;
  };

  /** The caller's file names for `objects`, or names chosen here, which are recorded. */
  const objectNames = (objects: readonly Uint8Array[], given: readonly string[] | undefined, fn: string, namedBy: Record<string, string>) => {
    if (given && given.length !== objects.length) {
      throw new BpftoolUsageError(`${fn}: ${given.length} fileNames for ${objects.length} objects`);
    }
    return objects.map((_, i) => {
      if (given) return given[i]!;
      namedBy[`input${i}.bpf.o`] = `objects[${i}] of ${fn}()`;
      return `input${i}.bpf.o`;
    });
  };
  /** `name` as given, or `fallback`, recorded as chosen here. */
  const nameOf = (name: string | undefined, fallback: string, what: string, namedBy: Record<string, string>) => {
    if (name !== undefined) return name;
    namedBy[fallback] = what;
    return fallback;
  };

  return {
    upstream,
    run,
    runRaw: raw,

    async genSkeleton(object, { name, light, fileName } = {}) {
      const namedBy = {};
      const file = nameOf(fileName, 'object.bpf.o', 'the object given to genSkeleton()', namedBy);
      const args = ['gen', 'skeleton', file, ...(name ? ['name', name] : [])];
      if (light) args.unshift('-L');
      return (await ok(args, { [file]: object }, namedBy)).stdout;
    },

    async genSubskeleton(object, { name, fileName } = {}) {
      const namedBy = {};
      const file = nameOf(fileName, 'object.bpf.o', 'the object given to genSubskeleton()', namedBy);
      const args = ['gen', 'subskeleton', file, ...(name ? ['name', name] : [])];
      return (await ok(args, { [file]: object }, namedBy)).stdout;
    },

    async genObject(objects, { fileNames } = {}) {
      if (objects.length === 0) throw new BpftoolUsageError('genObject needs at least one object');
      const namedBy: Record<string, string> = {};
      const names = objectNames(objects, fileNames, 'genObject', namedBy);
      const files = Object.fromEntries(objects.map((o, i) => [names[i]!, o]));
      const result = await ok(['gen', 'object', 'linked.bpf.o', ...names], files, namedBy);
      return outputFile(result, 'linked.bpf.o');
    },

    async genMinCoreBtf(given, objects, { fileNames, btfFileName } = {}) {
      if (objects.length === 0) throw new BpftoolUsageError('genMinCoreBtf needs at least one object');
      const { btf } = await btfForBpftool(given, 'the BTF given to genMinCoreBtf()');
      const namedBy: Record<string, string> = {};
      const btfName = nameOf(btfFileName, 'input.btf', 'the BTF given to genMinCoreBtf()', namedBy);
      const names = objectNames(objects, fileNames, 'genMinCoreBtf', namedBy);
      const files: Record<string, Uint8Array> = { [btfName]: btf };
      objects.forEach((o, i) => (files[names[i]!] = o));
      const result = await ok(['gen', 'min_core_btf', btfName, 'min.btf', ...names], files, namedBy);
      return outputFile(result, 'min.btf');
    },

    async btfDump(given, { format = 'raw', base: givenBase, json = false, fileName, baseFileName } = {}) {
      const namedBy: Record<string, string> = {};
      const { btf: input } = await btfForBpftool(given, 'the input given to btfDump()');
      const base = givenBase && (await btfForBpftool(givenBase, 'the base given to btfDump()')).btf;
      const inputName = nameOf(fileName, 'input.btf', 'the input given to btfDump()', namedBy);
      const files: Record<string, Uint8Array> = { [inputName]: input };
      const args = ['btf', 'dump', 'file', inputName, 'format', format];
      if (base) {
        const baseName = nameOf(baseFileName, 'base.btf', 'the base given to btfDump()', namedBy);
        files[baseName] = base;
        args.unshift('-B', baseName);
      }
      if (json) args.unshift('-j');
      return (await ok(args, files, namedBy)).stdout;
    },

    async version() {
      return (await ok(['version'], {})).stdout;
    },

    distillBase: async (split, base, options) =>
      distillBase(run, (await btfForBpftool(split, 'the split BTF given to distillBase()')).btf, (await btfForBpftool(base, 'the base given to distillBase()')).btf, options),

    relocate: async (split, distilledBase, base) =>
      relocate(run, (await btfForBpftool(split, 'the split BTF given to relocate()')).btf, distilledBase, (await btfForBpftool(base, 'the base given to relocate()')).btf),

    async coreCheck(objects, targets, options = {}) {
      // Kernel packages and images among the targets and the base are read as their BTF, as elsewhere.
      const btfs = await Promise.all(targets.map(async (t, i) => (await btfForBpftool(t, `target ${i} given to coreCheck()`)).btf));
      const base = options.base && (await btfForBpftool(options.base, 'the base given to coreCheck()')).btf;
      return coreCheck(run, upstream, objects, btfs, { ...options, ...(base ? { base } : {}) });
    },
  };
}

function outputFile(result: RunResult, name: string): Uint8Array {
  const bytes = result.files[name];
  if (!bytes) {
    throw new BpftoolError(['(no output file)'], 1, result.stdout, `${name} was not written\n`);
  }
  return bytes;
}
