/**
 * The BPF objects the workloads use: the selftests corpus that the test suite
 * compiles (test/corpus/build-corpus.sh, cached and shared with `npm test`),
 * and the facts the selection needs (size, CO-RE relocation count).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusFile {
  name: string;
  path: string;
  bytes: number;
}

/** Builds the corpus if it is not cached yet, and returns its object folder. */
export function locateCorpus(repoRoot: string): string {
  const script = join(repoRoot, 'test/corpus/build-corpus.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return join(out.trim().split('\n').pop()!, 'obj');
}

/** Every object, largest first (ties by name, so every run picks the same). */
export function objectsBySize(objDir: string): CorpusFile[] {
  return readdirSync(objDir)
    .filter((f) => f.endsWith('.bpf.o'))
    .map((f) => ({ name: f.slice(0, -'.bpf.o'.length), path: join(objDir, f), bytes: statSync(join(objDir, f)).size }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** The number of CO-RE relocation records in an object's .BTF.ext section (0 if none). */
export function coreRelocationCount(path: string): number {
  const elf = readFileSync(path);
  const ext = sectionBytes(elf, '.BTF.ext');
  if (!ext || ext.length < 8) return 0;
  const hdrLen = ext.readUInt32LE(4);
  if (hdrLen < 32) return 0; // a header without the CO-RE part
  const off = hdrLen + ext.readUInt32LE(24);
  const len = ext.readUInt32LE(28);
  if (len === 0) return 0;
  // record size, then per ELF section: name offset, record count, records
  const recordSize = ext.readUInt32LE(off);
  let count = 0;
  for (let p = off + 4; p < off + len; ) {
    const records = ext.readUInt32LE(p + 4);
    count += records;
    p += 8 + records * recordSize;
  }
  return count;
}

/** A section of a 64-bit little-endian ELF file, by name. */
function sectionBytes(elf: Buffer, wanted: string): Buffer | undefined {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return undefined;
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const header = (i: number) => {
    const h = shoff + i * shentsize;
    return { name: elf.readUInt32LE(h), offset: Number(elf.readBigUInt64LE(h + 24)), size: Number(elf.readBigUInt64LE(h + 32)) };
  };
  const names = header(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const h = header(i);
    const start = names.offset + h.name;
    const name = elf.toString('latin1', start, elf.indexOf(0, start));
    if (name === wanted) return elf.subarray(h.offset, h.offset + h.size);
  }
  return undefined;
}
