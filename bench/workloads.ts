/**
 * The workloads of issue 8, chosen from the corpus by rules any run
 * reproduces. Each is bpftool's argument list with host paths: absolute
 * inputs, outputs relative to the working folder.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreRelocationCount, objectsBySize, type CorpusFile } from './corpus.js';
import { scratchDir } from './processes.js';

export const VMLINUX = '/sys/kernel/btf/vmlinux';

export interface Workload {
  id: string;
  /** What the table shows. */
  label: string;
  args: string[];
  /** Inputs named elsewhere than in `args` (inside a batch file), for the in-process runs. */
  inputs?: string[];
  /** The native program whose output and time are the reference, when not native bpftool (our own commands). */
  native?: string;
  /** The exit status every side must give, when not 0 (core check: 1 when a relocation does not resolve). */
  exitCode?: number;
}

/** Native bpftool exits 0 on these arguments (run in a scratch folder). */
function nativeSucceeds(native: string, args: readonly string[]): boolean {
  const dir = scratchDir();
  try {
    return spawnSync(native, args, { cwd: dir, stdio: 'ignore' }).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first `count` items, in order, that `fits` accepts given those already taken. */
function takeWhile<T>(items: readonly T[], count: number, fits: (taken: T[], next: T) => boolean): T[] {
  const taken: T[] = [];
  for (const item of items) {
    if (taken.length === count) break;
    if (fits(taken, item)) taken.push(item);
  }
  return taken;
}

export function selectWorkloads(native: string, objDir: string, nativeExt: string, kernels: readonly string[]): Workload[] {
  const bySize = objectsBySize(objDir);
  const workloads: Workload[] = [
    { id: 'btf-raw', label: 'btf dump vmlinux (raw)', args: ['btf', 'dump', 'file', VMLINUX] },
    { id: 'btf-c', label: 'btf dump vmlinux format c', args: ['btf', 'dump', 'file', VMLINUX, 'format', 'c'] },
  ];

  // gen skeleton: the five largest objects that native turns into both kinds of skeleton.
  const skeletons = takeWhile(bySize, 5, (_, o) =>
    nativeSucceeds(native, ['gen', 'skeleton', o.path]) && nativeSucceeds(native, ['gen', 'skeleton', '-L', o.path]),
  );
  for (const o of skeletons) {
    workloads.push({ id: `skel-${o.name}`, label: `gen skeleton ${o.name}`, args: ['gen', 'skeleton', o.path] });
  }
  for (const o of skeletons) {
    workloads.push({ id: `skel-L-${o.name}`, label: `gen skeleton -L ${o.name}`, args: ['gen', 'skeleton', '-L', o.path] });
  }

  // A small skeleton, as a Makefile makes one per object: the object of median size.
  const small = takeWhile(bySize.slice(Math.floor(bySize.length / 2)), 1, (_, o) => nativeSucceeds(native, ['gen', 'skeleton', o.path]));
  for (const o of small) workloads.push({ id: `small-skel-${o.name}`, label: `gen skeleton ${o.name} (median size)`, args: ['gen', 'skeleton', o.path] });

  // batch: twenty skeletons in one process, the largest twenty objects that native makes one of.
  const batched = takeWhile(bySize, 20, (_, o) => nativeSucceeds(native, ['gen', 'skeleton', o.path]));
  const batchFile = join(scratchDir(), 'skeletons.batch');
  writeFileSync(batchFile, batched.map((o) => `gen skeleton ${o.path}\n`).join(''));
  workloads.push({
    id: 'batch-skel',
    label: `batch file: ${batched.length} gen skeleton`,
    args: ['batch', 'file', batchFile],
    inputs: [batchFile, ...batched.map((o) => o.path)],
  });

  // gen object: the largest four objects that link together, taken largest first.
  const link = (objs: CorpusFile[]) => ['gen', 'object', 'linked.bpf.o', ...objs.map((o) => o.path)];
  const linked = takeWhile(bySize, 4, (taken, o) => nativeSucceeds(native, link([...taken, o])));
  workloads.push({ id: 'gen-object', label: `gen object (${linked.length} objects)`, args: link(linked) });

  // gen min_core_btf: the ten objects with the most CO-RE relocations that native accepts.
  const minCore = (objs: CorpusFile[]) => ['gen', 'min_core_btf', VMLINUX, 'min.btf', ...objs.map((o) => o.path)];
  const byRelocations = bySize
    .map((o) => ({ o, n: coreRelocationCount(o.path) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.o.name.localeCompare(b.o.name))
    .map((x) => x.o);
  const core = takeWhile(byRelocations, 10, (_, o) => nativeSucceeds(native, minCore([o])));
  workloads.push({ id: 'min-core-btf', label: `gen min_core_btf (${core.length} objects)`, args: minCore(core) });

  // core check: the twenty objects with the most CO-RE relocations that libbpf opens, against
  // three kernels in one run (each parsed once), with our native harness as the reference;
  // beside it, native gen min_core_btf of the same objects against each of the three.
  const fleet = takeWhile(byRelocations, 20, (_, o) => nativeSucceeds(native, minCore([o])));
  workloads.push({
    id: 'core-check',
    label: `core check (${fleet.length} objects x ${kernels.length} kernels)`,
    args: ['core', 'check', ...fleet.map((o) => o.path), 'against', ...kernels],
    native: nativeExt,
    exitCode: 1, // the kernel without a named task_struct poisons relocations
  });
  // (one run per kernel: a batch file of them ends in an error, as bpftool's batch reads the
  // errno that gen min_core_btf leaves behind)
  kernels.forEach((k, i) => {
    workloads.push({
      id: `core-min-core-btf-${i}`,
      label: `gen min_core_btf (the same ${fleet.length} objects, kernel ${i + 1})`,
      args: minCore(fleet).map((a) => (a === VMLINUX ? k : a)),
    });
  });
  return workloads;
}

