/**
 * The page's commands: which inputs each needs and the bpftool command line
 * it runs. Inputs keep the names the visitor gave them, so bpftool's
 * messages name the same files as on the command line; outputs go to out/
 * so that they can never overwrite an input.
 */

export type CommandId =
  | 'skeleton'
  | 'skeleton-light'
  | 'subskeleton'
  | 'link'
  | 'min-core-btf'
  | 'dump-raw'
  | 'dump-c'
  | 'distill'
  | 'relocate';

export interface Inputs {
  /** Objects, or split BTF: the first is the one a one-object command takes. */
  objects: string[];
  /** Base BTF (vmlinux), for min_core_btf, distill, relocate, and split BTF dumps. */
  base?: string | undefined;
  /** Distilled base BTF, for relocate (an object that carries .BTF.base needs none). */
  distilledBase?: string | undefined;
}

export interface Command {
  id: CommandId;
  label: string;
  /** What the output is, for the page. */
  describes: string;
  /** How many objects it takes: one, or one or more. */
  objects: 'one' | 'many';
  base: 'none' | 'optional' | 'required';
  distilledBase: boolean;
  /** Whether stdout is C (highlighted) or bpftool's text. */
  stdoutIsC: boolean;
  args(inputs: Inputs): string[];
  /** The name stdout is downloaded as. */
  stdoutName(inputs: Inputs): string;
}

export const OUT_DIR = 'out';

const stem = (name: string) => name.replace(/^.*\//, '').replace(/(\.bpf)?\.o$|\.btf$/, '');
const withBase = (i: Inputs) => (i.base ? ['-B', i.base] : []);
const first = (i: Inputs) => i.objects[0] ?? '';
const isObject = (name: string) => name.endsWith('.o');
/** A kernel, whose BTF dumps as vmlinux.h: its BTF, its package or its image (the worker takes the BTF out of the last two). */
const isKernel = (name: string) => /^(vmlinu[xz]|bzImage|Image)([-.]|$)|^linux-image-|\.(deb|rpm)$/.test(name.replace(/^.*\//, ''));

export const COMMANDS: readonly Command[] = [
  {
    id: 'skeleton',
    label: 'gen skeleton',
    describes: 'the skeleton header that loads and attaches the object with libbpf',
    objects: 'one',
    base: 'none',
    distilledBase: false,
    stdoutIsC: true,
    args: (i) => ['gen', 'skeleton', first(i)],
    stdoutName: (i) => `${stem(first(i))}.skel.h`,
  },
  {
    id: 'skeleton-light',
    label: 'gen skeleton -L',
    describes: 'the light skeleton: a loader program, no libbpf at run time',
    objects: 'one',
    base: 'none',
    distilledBase: false,
    stdoutIsC: true,
    args: (i) => ['gen', 'skeleton', '-L', first(i)],
    stdoutName: (i) => `${stem(first(i))}.lskel.h`,
  },
  {
    id: 'subskeleton',
    label: 'gen subskeleton',
    describes: 'the subskeleton header for a BPF library object',
    objects: 'one',
    base: 'none',
    distilledBase: false,
    stdoutIsC: true,
    args: (i) => ['gen', 'subskeleton', first(i)],
    stdoutName: (i) => `${stem(first(i))}.subskel.h`,
  },
  {
    id: 'link',
    label: 'gen object (link)',
    describes: 'the objects statically linked into out/linked.bpf.o',
    objects: 'many',
    base: 'none',
    distilledBase: false,
    stdoutIsC: false,
    args: (i) => ['gen', 'object', `${OUT_DIR}/linked.bpf.o`, ...i.objects],
    stdoutName: () => 'gen-object.txt',
  },
  {
    id: 'min-core-btf',
    label: 'gen min_core_btf',
    describes: "the part of the base BTF that the objects' CO-RE relocations use, as out/min_core.btf",
    objects: 'many',
    base: 'required',
    distilledBase: false,
    stdoutIsC: false,
    args: (i) => ['gen', 'min_core_btf', i.base ?? '', `${OUT_DIR}/min_core.btf`, ...i.objects],
    stdoutName: () => 'min_core_btf.txt',
  },
  {
    id: 'dump-raw',
    label: 'btf dump (raw)',
    describes: "the BTF types, one per line, as bpftool lists them (split BTF needs its base)",
    objects: 'one',
    base: 'optional',
    distilledBase: false,
    stdoutIsC: false,
    args: (i) => ['btf', 'dump', 'file', first(i), ...withBase(i)],
    stdoutName: (i) => `${stem(first(i))}.btf.txt`,
  },
  {
    id: 'dump-c',
    label: 'btf dump format c',
    describes: 'the BTF types as a C header (vmlinux.h, from a kernel\'s BTF)',
    objects: 'one',
    base: 'optional',
    distilledBase: false,
    stdoutIsC: true,
    args: (i) => ['btf', 'dump', 'file', first(i), ...withBase(i), 'format', 'c'],
    stdoutName: (i) => (isKernel(first(i)) ? 'vmlinux.h' : `${stem(first(i))}.h`),
  },
  {
    id: 'distill',
    label: 'btf distill (bpftool-wasm)',
    describes: 'libbpf\'s btf__distill_base(): a distilled base and split BTF that refers to it; an object also gets .BTF.base',
    objects: 'one',
    base: 'required',
    distilledBase: false,
    stdoutIsC: false,
    args: (i) => [
      'btf', 'distill', first(i), 'base', i.base ?? '',
      'distilled_base', `${OUT_DIR}/distilled_base.btf`, 'split', `${OUT_DIR}/split.btf`,
      ...(isObject(first(i)) ? ['elf', `${OUT_DIR}/${first(i).replace(/^.*\//, '')}`] : []),
    ],
    stdoutName: () => 'btf-distill.txt',
  },
  {
    id: 'relocate',
    label: 'btf relocate (bpftool-wasm)',
    describes: "libbpf's btf__relocate(): split BTF moved from its distilled base onto a real base",
    objects: 'one',
    base: 'required',
    distilledBase: true,
    stdoutIsC: false,
    args: (i) => [
      'btf', 'relocate', first(i),
      ...(i.distilledBase ? ['distilled_base', i.distilledBase] : []),
      'base', i.base ?? '', 'split', `${OUT_DIR}/relocated.btf`,
    ],
    stdoutName: () => 'btf-relocate.txt',
  },
];

/** The command line as a reader would type it; distill and relocate are bpftool-wasm's own. */
export function commandLine(c: Command, args: readonly string[]): string {
  return `${c.id === 'distill' || c.id === 'relocate' ? 'bpftool-wasm' : 'bpftool'} ${args.join(' ')}`;
}

export function commandById(id: string): Command {
  const c = COMMANDS.find((c) => c.id === id);
  if (!c) throw new Error(`no command ${id}`);
  return c;
}

/** Why the command cannot run with these inputs, or undefined when it can. */
export function missingInput(c: Command, i: Inputs): string | undefined {
  if (!i.objects.length) return c.objects === 'one' ? 'Add an object or BTF file.' : 'Add one or more objects.';
  if (c.base === 'required' && !i.base) return `${c.label} needs a base BTF (such as /sys/kernel/btf/vmlinux).`;
  return undefined;
}
