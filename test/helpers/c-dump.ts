/**
 * Comparing `btf dump … format c` of split BTF before distillation and after
 * relocation onto the same base.
 *
 * libbpf's distilled base holds only named structs, unions, enums, ints,
 * floats and fwds; the typedefs (and pointers, arrays, qualifiers) that
 * split BTF used from its base travel in the new split BTF instead, and stay
 * there after relocation. The relocated split BTF therefore has its own
 * copies of those typedefs, and btf_dump, which gives every C name once,
 * declares each copy again as `NAME___2`. That is the only difference libbpf
 * leaves, and this is what the comparison allows, name by name.
 */
import type { Btf } from './btf-reader.js';
import { KIND } from './btf-reader.js';

/** Typedefs of the split part of `btf` that repeat a typedef of its base. */
export function copiedTypedefs(btf: Btf): string[] {
  const baseTypedefs = new Set(
    btf.types.slice(1, btf.startId).filter((t) => t.kind === KIND.TYPEDEF).map((t) => t.name),
  );
  return btf.types
    .slice(btf.startId)
    .filter((t) => t.kind === KIND.TYPEDEF && baseTypedefs.has(t.name))
    .map((t) => t.name);
}

export interface CDumpDifference {
  /** Lines of the relocated dump not matched, in order, by the original's. */
  extra: string[];
  /** Lines of the original dump missing from the relocated one. */
  missing: string[];
}

/**
 * Lines that differ once each copied typedef `T___2` is read as `T`. With
 * only copies as the difference, `extra` is one repeated declaration
 * `typedef … T;` per copy (each followed by its blank line) and `missing` is
 * empty.
 */
export function cDumpDifference(original: string, relocated: string, copies: readonly string[]): CDumpDifference {
  let renamed = relocated;
  for (const name of copies) renamed = renamed.replace(new RegExp(`\\b${name}___2\\b`, 'g'), name);
  const a = original.split('\n');
  const b = renamed.split('\n');
  const extra: string[] = [];
  let i = 0;
  for (const line of b) {
    if (i < a.length && line === a[i]) i++;
    else extra.push(line);
  }
  return { extra, missing: a.slice(i) };
}
