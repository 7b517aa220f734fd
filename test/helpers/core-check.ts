/**
 * What `core check` tests share: the corpus objects that have CO-RE
 * relocations and that libbpf opens, and the report's JSON.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, corpusNames, corpusObject } from './corpus.js';
import { hasCoreRelocations } from './elf.js';
import { nativeExt, runNative } from './native.js';

/** One object against one target, and one relocation, as `core check -j` reports them (the API's own types). */
export type { CoreCheckResult as CoreCheck, CoreRelocation } from '../../dist/index.js';

/** A small target that any object's check can run against in an instant. */
export const TINY_TARGET = 'btf__core_reloc_arrays.bpf.o';

export function tinyTarget(): Uint8Array {
  return corpusObject(TINY_TARGET.slice(0, -'.bpf.o'.length)).bytes;
}

/** Corpus objects with CO-RE relocations (in .BTF.ext), by file name. */
export function coreObjects(): string[] {
  return corpusNames()
    .map((n) => `${n}.bpf.o`)
    .filter((f) => hasCoreRelocations(corpusObject(f.slice(0, -'.bpf.o'.length)).bytes));
}

export function objectBytes(file: string): Uint8Array {
  return corpusObject(file.slice(0, -'.bpf.o'.length)).bytes;
}

/**
 * Splits the CO-RE objects into those libbpf opens and those it refuses
 * (the check then exits 255 with libbpf's reason), as the native harness
 * says, with its message for each refused one.
 */
export function openableCoreObjects(binary = nativeExt): { opens: string[]; refused: Map<string, string> } {
  const opens: string[] = [];
  const refused = new Map<string, string>();
  for (const file of coreObjects()) {
    const r = runNative(['core', 'check', file, 'against', TINY_TARGET],
      { [file]: objectBytes(file), [TINY_TARGET]: tinyTarget() }, binary);
    if (r.exitCode === 255) refused.set(file, r.stderr.toString().trim().split('\n').pop()!);
    else opens.push(file);
  }
  return { opens, refused };
}

export const corpusObjectPath = (file: string) => join(corpusDir(), 'obj', file);
export const haveNativeExt = (binary = nativeExt) => existsSync(binary);
