import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface CorpusObject {
  /** File name, as bpftool sees it (`name.bpf.o`). */
  file: string;
  bytes: Uint8Array;
}

export function corpusDir(): string {
  return inject('corpusDir');
}

export function corpusNames(): string[] {
  return readdirSync(join(corpusDir(), 'obj'))
    .filter((f) => f.endsWith('.bpf.o'))
    .map((f) => f.slice(0, -'.bpf.o'.length))
    .sort();
}

export function corpusObject(name: string): CorpusObject {
  const file = `${name}.bpf.o`;
  return { file, bytes: readFileSync(join(corpusDir(), 'obj', file)) };
}

/** Raw split BTF files that pahole made from corpus objects, on the kernel's BTF. */
export function corpusSplitBtf(): string[] {
  try {
    return readdirSync(join(corpusDir(), 'split'))
      .filter((f) => f.endsWith('.btf'))
      .sort()
      .map((f) => join(corpusDir(), 'split', f));
  } catch {
    return [];
  }
}

/** Objects that did not compile, each with the first error line clang gave. */
export function corpusFailures(): Array<{ name: string; error: string }> {
  const dir = join(corpusDir(), 'err');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.txt'.length), error: readFileSync(join(dir, f), 'utf8').trim() }));
}

/** Every `step`-th object of the sorted corpus: a spread that any run reproduces. */
export function corpusSpread(count: number): string[] {
  const names = corpusNames();
  const step = Math.max(1, Math.floor(names.length / count));
  return names.filter((_, i) => i % step === 0).slice(0, count);
}
