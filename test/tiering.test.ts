import { describe, expect, it } from 'vitest';
import { LONG_RUN_INPUT_BYTES, tieringFor } from '../src/cli/tiering.js';

const sizes: Record<string, number> = { 'small.bpf.o': 12_000, 'large.bpf.o': 1_920_088, vmlinux: 5_520_359, 'half.btf': LONG_RUN_INPUT_BYTES / 2 };
const sizeOf = (p: string) => sizes[p] ?? 0;

describe('the CLI tiers up only runs that work through a kernel\'s BTF, and batches', () => {
  it('keeps Liftoff code for objects, small or large, read in one pass', () => {
    expect(tieringFor(['gen', 'skeleton', 'small.bpf.o'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['gen', 'skeleton', '-L', 'small.bpf.o'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['gen', 'object', 'out.o', 'large.bpf.o', 'large.bpf.o', 'large.bpf.o'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['btf', 'dump', 'file', 'small.bpf.o', 'format', 'c'], sizeOf)).toBe('liftoff-only');
  });
  it('tiers up a vmlinux BTF, dumped, as a base, for min_core_btf or as core check\'s target', () => {
    expect(tieringFor(['btf', 'dump', 'file', 'vmlinux', 'format', 'c'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['--base-btf=vmlinux', 'btf', 'dump', 'file', 'small.bpf.o'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['btf', 'dump', 'file', 'small.bpf.o', '-B', 'vmlinux'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['gen', 'min_core_btf', 'vmlinux', 'out.btf', 'small.bpf.o'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['core', 'check', 'small.bpf.o', 'against', 'vmlinux'], sizeOf)).toBe('tier-up');
  });
  it('adds up the BTF inputs, and counts a batch file as long', () => {
    expect(tieringFor(['core', 'check', 'small.bpf.o', 'against', 'half.btf'], sizeOf)).toBe('liftoff-only');
    expect(tieringFor(['core', 'check', 'small.bpf.o', 'against', 'half.btf', 'half.btf'], sizeOf)).toBe('tier-up');
    expect(tieringFor(['batch', 'file', 'cmds.txt'], sizeOf)).toBe('tier-up');
  });
  it('reads sizes from the file system by default, and takes a missing file as empty', () => {
    expect(tieringFor(['btf', 'dump', 'file', '/no/such/file'])).toBe('liftoff-only');
  });
});
