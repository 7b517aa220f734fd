/**
 * The conformance cases, built in Node: corpus objects times every command,
 * their inputs written to a folder that every runtime reads, and native
 * bpftool's fingerprints as the reference.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostKernel } from '../helpers/compare.js';
import { corpusDir, corpusNames, corpusObject, corpusSpread } from '../helpers/corpus.js';
import { hasCoreRelocations } from '../helpers/elf.js';
import { makeBtfFixtures } from '../helpers/btf-fixtures.js';
import { kernelBtf, NO_KERNEL_BTF } from '../helpers/kernel.js';
import { nativeBpftoolOf, nativeExt, repoRoot, runNative, type Outcome } from '../helpers/native.js';
import type { UpstreamVersion } from '../../dist/index.js';
import { fingerprintOf, type ApiCall, type ConformanceCase, type Fingerprint, type Manifest } from './suite.js';

export const COMMANDS = [
  'gen skeleton',
  'gen skeleton -L',
  'gen subskeleton',
  'gen object',
  'gen min_core_btf',
  'btf dump raw',
  'btf dump c',
] as const;

/** bpftool-wasm's own BTF reconcile commands and API, against the native harness; they need the kernel's BTF. */
export const RECONCILE_COMMANDS = [
  'btf distill',
  'btf distill elf',
  'btf relocate',
  'btf relocate (base does not fit)',
  'btf dump -B (relocated view)',
  'distillBase()',
  'relocate()',
] as const;

/** bpftool-wasm's `core check`, against the native harness of each version; it needs the kernel's BTF. */
export const CORE_CHECK_COMMANDS = ['core check', 'core check -j', 'core check -B (module)', 'coreCheck()'] as const;

// Always in, for what they exercise (a subskeleton library, global data,
// CO-RE relocations, struct_ops, ring buffers, a map pinned by name, which
// light skeletons take through the BPF file system); the rest is an even
// spread of the corpus.
const NAMED = [
  'test_subskeleton_lib',
  'test_skeleton',
  'test_core_reloc_kernel',
  'bpf_dctcp',
  'test_ringbuf',
  'test_sk_assign_libbpf',
];

export interface BuiltManifest {
  manifest: Manifest;
  objects: string[];
  /** Why some commands were left out, if any were. */
  notes: string[];
}

/** The other shipped versions run the same commands on the first of these many objects. */
const OBJECTS_PER_OTHER_VERSION = 12;
const OTHER_VERSIONS: readonly UpstreamVersion[] = ['7.1', '7.8'];

export async function buildManifest(dir: string, objectCount: number): Promise<BuiltManifest> {
  mkdirSync(join(dir, 'inputs'), { recursive: true });
  const notes: string[] = [];
  const inputs: Record<string, Uint8Array> = {};
  const addInput = (name: string, bytes: Uint8Array) => {
    inputs[name] = bytes;
    writeFileSync(join(dir, 'inputs', name), bytes);
    return name;
  };

  const available = new Set(corpusNames());
  const objects = [...new Set([...NAMED.filter((n) => available.has(n)), ...corpusSpread(objectCount)])].slice(
    0,
    objectCount,
  );

  // Light skeletons read the running kernel: the module is given what native finds by itself.
  const host = hostKernel();
  const hostFiles: Record<string, string> = {};
  for (const [path, bytes] of Object.entries(host.files)) hostFiles[path] = addInput(`host${path.replaceAll('/', '_')}`, bytes);
  const vmlinux = kernelBtf();
  if (vmlinux) addInput('vmlinux', vmlinux);
  else notes.push('gen min_core_btf left out: no /sys/kernel/btf/vmlinux on this machine (kernel built without BTF)');

  const cases: ConformanceCase[] = [];
  const objectCases = (name: string, upstream?: UpstreamVersion) => {
    const { file, bytes } = corpusObject(name);
    addInput(file, bytes);
    const one = { [file]: file };
    const add = (command: string, args: string[], files: Record<string, string> = one, light = false) =>
      cases.push({
        id: `${upstream ? `${upstream} ` : ''}${name}: ${command}`,
        args,
        files,
        ...(light ? { kernel: host.kernel } : {}),
        ...(upstream ? { upstream } : {}),
      });
    add('gen skeleton', ['gen', 'skeleton', file]);
    add('gen skeleton -L', ['gen', 'skeleton', '-L', file], { ...one, ...hostFiles }, true);
    add('gen subskeleton', ['gen', 'subskeleton', file]);
    add('gen object', ['gen', 'object', 'linked.bpf.o', file]);
    if (vmlinux) add('gen min_core_btf', ['gen', 'min_core_btf', 'vmlinux', 'min.btf', file], { ...one, vmlinux: 'vmlinux' });
    add('btf dump raw', ['btf', 'dump', 'file', file]);
    add('btf dump c', ['btf', 'dump', 'file', file, 'format', 'c']);
  };
  for (const name of objects) objectCases(name);
  for (const v of OTHER_VERSIONS) for (const name of objects.slice(0, OBJECTS_PER_OTHER_VERSION)) objectCases(name, v);

  // Native outcomes the case builders already have, by case id.
  const ran = new Map<string, Outcome>();
  if (vmlinux) {
    reconcileCases(cases, inputs, addInput, ran);
    coreCheckCases(cases, inputs, addInput, objects, ran);
  } else {
    notes.push(`btf distill / relocate and core check left out: ${NO_KERNEL_BTF}`);
  }

  const native: Record<string, Fingerprint | null> = {};
  for (const c of cases) {
    const outcome = ran.get(c.id) ?? runNativeCase(c, inputs);
    native[c.id] = outcome.signal ? null : await fingerprintOf(outcome);
  }

  const manifest: Manifest = { cases, native };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { manifest, objects, notes };
}

const isOwnCommand = (args: readonly string[]) =>
  (args[0] === 'btf' && (args[1] === 'distill' || args[1] === 'relocate')) || args.join(' ').includes('core check');
const nativeExtOf = (upstream: UpstreamVersion) => join(repoRoot, 'build/native', upstream, 'bpftool-ext');

function runNativeCase(c: ConformanceCase, inputs: Record<string, Uint8Array>): Outcome {
  // Native reads the host's kernel files itself; it is given the relative ones.
  const files: Record<string, Uint8Array> = {};
  for (const [path, input] of Object.entries(c.files)) if (!path.startsWith('/')) files[path] = inputs[input]!;
  const upstream = c.upstream ?? '7.5';
  return runNative(c.args, files, isOwnCommand(c.args) ? nativeExtOf(upstream) : nativeBpftoolOf(upstream));
}

/**
 * `core check` of the case objects that have CO-RE relocations (and that
 * libbpf opens) against the kernel, a kernel with every type id moved and one
 * whose task_struct lost its name, in text and JSON, with 7.5 and 7.8; and a
 * selftests' CO-RE target as a module's split BTF over the kernel (-B).
 */
function coreCheckCases(
  cases: ConformanceCase[],
  inputs: Record<string, Uint8Array>,
  addInput: (name: string, bytes: Uint8Array) => string,
  objects: readonly string[],
  ran: Map<string, Outcome>,
): void {
  const fx = makeBtfFixtures();
  try {
    const kernels = ['vmlinux', addInput('core-shifted.btf', fx.bytes('shifted.btf')), addInput('core-missing.btf', fx.bytes('missing.btf'))];
    const opens = (file: string) =>
      runNative(['core', 'check', file, 'against', 'vmlinux'], { [file]: inputs[file]!, vmlinux: inputs['vmlinux']! }, nativeExt).exitCode !== 255;
    const core = objects.map((n) => `${n}.bpf.o`).filter((f) => hasCoreRelocations(inputs[f]!) && opens(f));
    const files = Object.fromEntries([...core, ...kernels].map((f) => [f, f]));
    for (const upstream of ['7.5', '7.8'] as const) {
      const v = upstream === '7.5' ? {} : { upstream };
      const prefix = upstream === '7.5' ? '' : '7.8 ';
      const args = ['core', 'check', ...core, 'against', ...kernels];
      cases.push({ id: `${prefix}${core.length} objects x 3 kernels: core check`, args, files, ...v });
      cases.push({ id: `${prefix}${core.length} objects x 3 kernels: core check -j`, args: ['-j', ...args], files, ...v });
    }
    // coreCheck(): native's -j report as JSON.stringify() writes the parsed result
    const native = runNative(['-j', 'core', 'check', ...core, 'against', ...kernels],
      Object.fromEntries([...core, ...kernels].map((f) => [f, inputs[f]!])), nativeExt);
    const report = Buffer.from(JSON.stringify(JSON.parse(native.stdout.toString())));
    const id = `${core.length} objects x 3 kernels: coreCheck()`;
    cases.push({ id, args: [], files: {}, call: { fn: 'coreCheck', objects: core, targets: kernels } });
    ran.set(id, { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), files: { report } });
    const obj = addInput('test_core_reloc_existence.bpf.o', corpusObject('test_core_reloc_existence').bytes);
    const mod = addInput('core-module.btf', readFileSync(join(corpusDir(), 'split', 'btf__core_reloc_existence.btf')));
    cases.push({
      id: 'test_core_reloc_existence: core check -B (module)',
      args: ['-j', '-B', 'vmlinux', 'core', 'check', obj, 'against', mod],
      files: { [obj]: obj, [mod]: mod, vmlinux: 'vmlinux' },
    });
  } finally {
    rmSync(fx.dir, { recursive: true, force: true });
  }
}

/** A native harness run's output files, renamed as the API call's result fields. */
function asApiResult(outcome: Outcome, fields: Record<string, string>): Outcome {
  if (outcome.exitCode !== 0) throw new Error(`native harness failed: ${outcome.stderr.toString()}`);
  const files: Record<string, Buffer> = {};
  for (const [field, path] of Object.entries(fields)) files[field] = outcome.files[path]!;
  return { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), files };
}

/**
 * Distillation and relocation (issue: BTF reconcile) on the test data of
 * btf-reconcile.test.ts: split BTF from pahole and from libbpf's own
 * btf__add_*(), "another kernel's" base, and bases that do not fit. The
 * native reference is build/native/bpftool-ext; the relocated view of an
 * object carrying .BTF.base is upstream's `btf dump -B`, against native bpftool.
 */
function reconcileCases(
  cases: ConformanceCase[],
  inputs: Record<string, Uint8Array>,
  addInput: (name: string, bytes: Uint8Array) => string,
  ran: Map<string, Outcome>,
): void {
  const fx = makeBtfFixtures();
  try {
    const SPLITS = ['api.btf', 'module.btf', 'module-clang.btf', 'module.o'];
    // clang's DWARF names differ from the kernel's, so module-clang.btf carries its
    // own copies of the types these bases break, and relocates onto them fine.
    const REFERS_TO_BROKEN_TYPES = new Set(['api.btf', 'module.btf', 'module.o']);
    const BASES = ['shifted.btf', 'missing.btf', 'grown.btf', 'kind.btf'];
    for (const name of [...SPLITS, ...BASES]) addInput(name, fx.bytes(name));
    const add = (id: string, args: string[], files: Record<string, string>, native?: Outcome) => {
      cases.push({ id, args, files });
      if (native) ran.set(id, native);
    };
    const addCall = (id: string, call: ApiCall, native: Outcome) => {
      cases.push({ id, args: [], files: {}, call });
      ran.set(id, native);
    };

    for (const split of SPLITS) {
      const elf = split.endsWith('.o');
      const distill = ['btf', 'distill', split, 'base', 'vmlinux', 'distilled_base', 'd.btf', 'split', 's.btf'];
      const distillElf = [...distill, 'elf', 'out.o'];
      const files = { [split]: split, vmlinux: 'vmlinux' };
      // The distilled pair, the inputs of the relocations, and the reference of one distill case.
      const made = runNative(elf ? distillElf : distill, { [split]: inputs[split]!, vmlinux: inputs['vmlinux']! }, nativeExt);
      add(`${split}: btf distill`, distill, files, elf ? undefined : made);
      if (elf) add(`${split}: btf distill elf`, distillElf, files, made);

      const apiFields = { distilledBase: 'd.btf', split: 's.btf', ...(elf ? { elf: 'out.o' } : {}) };
      addCall(`${split}: distillBase()`, { fn: 'distillBase', split, base: 'vmlinux', elf }, asApiResult(made, apiFields));
      const d = addInput(`${split}.distilled`, made.files['d.btf']!);
      const s = addInput(`${split}.split`, made.files['s.btf']!);
      const mod = elf ? addInput(`${split}.with-base.o`, made.files['out.o']!) : undefined;

      for (const base of ['vmlinux', ...(REFERS_TO_BROKEN_TYPES.has(split) ? BASES : ['shifted.btf'])]) {
        const relocate = ['btf', 'relocate', 's.btf', 'distilled_base', 'd.btf', 'base', 'base.btf', 'split', 'r.btf'];
        const files = { 's.btf': s, 'd.btf': d, 'base.btf': base };
        const fits = base === 'vmlinux' || base === 'shifted.btf';
        if (!fits) {
          add(`${split} onto ${base}: btf relocate (base does not fit)`, relocate, files);
          continue;
        }
        const r = runNative(relocate, { 's.btf': inputs[s]!, 'd.btf': inputs[d]!, 'base.btf': inputs[base]! }, nativeExt);
        add(`${split} onto ${base}: btf relocate`, relocate, files, r);
        addCall(`${split} onto ${base}: relocate()`, { fn: 'relocate', split: s, distilledBase: d, base }, asApiResult(r, { split: 'r.btf' }));
        if (mod) {
          for (const format of [[], ['format', 'c']]) {
            add(`${split} onto ${base} ${format.length ? 'c' : 'raw'}: btf dump -B (relocated view)`,
              ['btf', 'dump', 'file', 'mod.o', '-B', 'base.btf', ...format], { 'mod.o': mod, 'base.btf': base });
          }
        }
      }
    }
  } finally {
    rmSync(fx.dir, { recursive: true, force: true });
  }
}
