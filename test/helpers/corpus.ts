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

/** Every `step`-th object of the sorted corpus: a spread that any run reproduces. */
export function corpusSpread(count: number): string[] {
  const names = corpusNames();
  const step = Math.max(1, Math.floor(names.length / count));
  return names.filter((_, i) => i % step === 0).slice(0, count);
}
