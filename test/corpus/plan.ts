/**
 * Which commands the corpus run compares, on which objects. Everything
 * sampled is drawn from a seeded generator whose seed the report prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCoreRelocations } from '../helpers/elf.js';
import { Random } from '../helpers/random.js';

/** The rows of the report, one per bpftool command (and its variants). */
export const COMMANDS = [
  'gen skeleton',
  'gen skeleton -L',
  'gen subskeleton',
  'gen object',
  'gen min_core_btf',
  'btf dump file (raw)',
  'btf dump file format c',
  'btf dump -j / -p',
  '-d (libbpf debug)',
] as const;
export type Command = (typeof COMMANDS)[number];

/** An input: bytes, or the path of a file on this machine. */
export type Input = Uint8Array | { path: string };

export interface Case {
  command: Command;
  args: string[];
  inputs: Record<string, Input>;
  /** Light skeletons read the running kernel; it is given to the wasm too. */
  hostKernel?: boolean;
}

export function readInput(input: Input): Uint8Array {
  return input instanceof Uint8Array ? input : readFileSync(input.path);
}

/** The selftests' multi-object sets, linked as their Makefile links them. */
export const LINKED_SETS: Record<string, string[]> = {
  test_static_linked: ['test_static_linked1', 'test_static_linked2'],
  linked_funcs: ['linked_funcs1', 'linked_funcs2'],
  linked_vars: ['linked_vars1', 'linked_vars2'],
  linked_maps: ['linked_maps1', 'linked_maps2'],
  test_subskeleton: ['test_subskeleton_lib2', 'test_subskeleton_lib', 'test_subskeleton'],
  test_subskeleton_lib: ['test_subskeleton_lib2', 'test_subskeleton_lib'],
  test_usdt: ['test_usdt', 'test_usdt_multispec'],
};

export interface Corpus {
  dir: string;
  names: string[];
  /** Raw split BTF made by pahole from each object's DWARF, on the kernel's BTF. */
  splitBtf: string[];
}

export const obj = (corpus: Corpus, name: string): Input => ({ path: join(corpus.dir, 'obj', `${name}.bpf.o`) });
const file = (name: string) => `${name}.bpf.o`;

/** The commands every object goes through alone. */
export function perObjectCases(corpus: Corpus, names: readonly string[]): Case[] {
  return names.flatMap((name): Case[] => {
    const f = file(name);
    const inputs = { [f]: obj(corpus, name) };
    return [
      { command: 'gen skeleton', args: ['gen', 'skeleton', f], inputs },
      { command: 'gen skeleton -L', args: ['gen', 'skeleton', '-L', f], inputs, hostKernel: true },
      { command: 'gen subskeleton', args: ['gen', 'subskeleton', f], inputs },
      { command: 'btf dump file (raw)', args: ['btf', 'dump', 'file', f], inputs },
      { command: 'btf dump file format c', args: ['btf', 'dump', 'file', f, 'format', 'c'], inputs },
      { command: 'btf dump -j / -p', args: ['-j', 'btf', 'dump', 'file', f], inputs },
    ];
  });
}

/** Pretty JSON, libbpf's debug output, and JSON errors, on a sample. */
export function optionCases(corpus: Corpus, names: readonly string[]): Case[] {
  return names.flatMap((name): Case[] => {
    const f = file(name);
    const inputs = { [f]: obj(corpus, name) };
    return [
      { command: 'btf dump -j / -p', args: ['-p', 'btf', 'dump', 'file', f], inputs },
      { command: 'btf dump -j / -p', args: ['-j', 'gen', 'skeleton', f], inputs },
      { command: '-d (libbpf debug)', args: ['-d', 'gen', 'skeleton', f], inputs },
      { command: '-d (libbpf debug)', args: ['-d', 'btf', 'dump', 'file', f], inputs },
    ];
  });
}

/** `gen object` of random pairs: each input file is named as in the corpus. */
export function pairCases(corpus: Corpus, random: Random, count: number): Case[] {
  return Array.from({ length: count }, (): Case => {
    const [a, b] = random.sample(corpus.names, 2) as [string, string];
    return {
      command: 'gen object',
      args: ['gen', 'object', 'linked.bpf.o', file(a), file(b)],
      inputs: { [file(a)]: obj(corpus, a), [file(b)]: obj(corpus, b) },
    };
  });
}

/** Objects with CO-RE relocations: the ones min_core_btf has work for. */
export function coreObjects(corpus: Corpus): string[] {
  return corpus.names.filter((n) => hasCoreRelocations(readInput(obj(corpus, n))));
}

/** `gen min_core_btf` of the kernel's BTF for each object, then for groups. */
export function minCoreCases(corpus: Corpus, vmlinux: Input, core: readonly string[], random: Random, groups: number): Case[] {
  const one = (names: readonly string[]): Case => ({
    command: 'gen min_core_btf',
    args: ['gen', 'min_core_btf', 'vmlinux', 'min.btf', ...names.map(file)],
    inputs: { vmlinux, ...Object.fromEntries(names.map((n) => [file(n), obj(corpus, n)])) },
  });
  const sizes = [2, 3, 5, 8];
  return [
    ...core.map((n) => one([n])),
    ...Array.from({ length: groups }, (_, i) => one(random.sample(core, sizes[i % sizes.length]!))),
  ];
}

/**
 * The kernel's BTF itself, and split BTF on it: every split file raw, and a
 * sample as C. (The C dump of split BTF prints the whole base too, so each
 * one costs as much as the kernel's own, which is compared above.)
 */
export function btfFileCases(corpus: Corpus, vmlinux: Input | undefined, random: Random, cSample: number): Case[] {
  const cases: Case[] = [];
  if (vmlinux) {
    const inputs = { vmlinux };
    cases.push(
      { command: 'btf dump file (raw)', args: ['btf', 'dump', 'file', 'vmlinux'], inputs },
      { command: 'btf dump file format c', args: ['btf', 'dump', 'file', 'vmlinux', 'format', 'c'], inputs },
      { command: 'btf dump -j / -p', args: ['-j', 'btf', 'dump', 'file', 'vmlinux'], inputs },
    );
    const asC = new Set(random.sample(corpus.splitBtf, cSample));
    for (const path of corpus.splitBtf) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      const split = { [name]: { path }, vmlinux };
      cases.push({ command: 'btf dump file (raw)', args: ['btf', 'dump', 'file', name, '-B', 'vmlinux'], inputs: split });
      if (asC.has(path)) {
        cases.push({ command: 'btf dump file format c', args: ['btf', 'dump', 'file', name, '-B', 'vmlinux', 'format', 'c'], inputs: split });
      }
    }
  }
  return cases;
}

/**
 * Several files in one process, through `batch file`: what one command
 * leaves behind must not change the next one's output.
 */
export function batchCases(corpus: Corpus, random: Random, count: number, perBatch: number): Case[] {
  return Array.from({ length: count }, (_, i): Case => {
    const names = random.sample(corpus.names, perBatch);
    const format = i % 2 ? ' format c' : '';
    const script = names.map((n) => `btf dump file ${file(n)}${format}\n`).join('');
    return {
      command: format ? 'btf dump file format c' : 'btf dump file (raw)',
      args: ['batch', 'file', 'cmds'],
      inputs: { cmds: new TextEncoder().encode(script), ...Object.fromEntries(names.map((n) => [file(n), obj(corpus, n)])) },
    };
  });
}
