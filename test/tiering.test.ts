import { describe, expect, it } from 'vitest';
import { LONG_RUN_INPUT_BYTES, tieringFor } from '../src/cli/tiering.js';

const sizes: Record<string, number> = { 'small.bpf.o': 12_000, vmlinux: 5_520_359, 'half.btf': LONG_RUN_INPUT_BYTES / 2 };
const sizeOf = (p: string) => sizes[p] ?? 0;

describe('the CLI tiers up only runs that read a lot', () => {
  it('keeps Liftoff code for a small object', () => {
    expect(tieringFor(['gen', 'skeleton', 'small.bpf.o'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['gen', 'skeleton', '-L', 'small.bpf.o'], sizeOf)).toBe('liftoff-only');
  });
  it('tiers up a vmlinux BTF, named as a word or as an option\'s value', () => {
    expect(tieringFor(['btf', 'dump', 'file', 'vmlinux', 'format', 'c'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['--base-btf=vmlinux', 'btf', 'dump', 'file', 'small.bpf.o'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['gen', 'min_core_btf', 'vmlinux', 'out.btf', 'small.bpf.o'], sizeOf)).toBe('tier-up');
  });
  it('adds up the inputs, and counts a batch file as long', () => {
    expect(tieringFor(['gen', 'object', 'out.o', 'half.btf'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['gen', 'object', 'out.o', 'half.btf', 'half.btf'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['batch', 'file', 'cmds.txt'], sizeOf)).toBe('tier-up');
  });
  it('reads sizes from the file system by default, and takes a missing file as empty', () => {
    expect(tieringFor(['btf', 'dump', 'file', '/no/such/file'])).toBe('liftoff-only');
  });
});
