/**
 * One test per patch in third_party/patches/<version>/: each feeds the build
 * an input on which a wasm32 build without the patch answers differently
 * from native bpftool on a 64-bit host. Every shipped version runs every
 * input against its own native build: those that carry the patch show what
 * it is for, and those that do not (7.1, whose code differs) show that they
 * need none.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { expectIdentical } from './helpers/compare.js';
import { section, sections } from './helpers/elf.js';
import { corpusNames, corpusObject } from './helpers/corpus.js';
import { repoRoot } from './helpers/native.js';
import { UPSTREAM_VERSIONS, type UpstreamVersion } from '../dist/index.js';

/** The shipped versions that carry patch `id` (its number). */
function patchedIn(id: string): UpstreamVersion[] {
  return UPSTREAM_VERSIONS.filter((v) => {
    const dir = join(repoRoot, 'third_party/patches', v);
    return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(`${id}-`));
  });
}

function compileFixture(name: string): Uint8Array {
  const out = join(mkdtempSync(join(tmpdir(), 'bpftool-fixture-')), `${name}.bpf.o`);
  execFileSync('clang-19', ['-g', '-O2', '--target=bpf', '-c', join(repoRoot, 'test/fixtures', `${name}.bpf.c`), '-o', out]);
  return readFileSync(out);
}

/** `it` once per shipped version; `patched` says whether that version carries patch `id`. */
function eachVersion(id: string, title: string, test: (v: UpstreamVersion, patched: boolean) => Promise<void>, timeout?: number) {
  for (const v of UPSTREAM_VERSIONS) {
    const patched = patchedIn(id).includes(v);
    it(`${title} (bpftool ${v}${patched ? '' : ', which carries no such patch'})`, () => test(v, patched), timeout);
  }
}

describe('0001: libbpf falls back to a 64-bit pointer size', () => {
  eachVersion('0001', 'pointer size fallback is 64-bit: skeleton and C dump of BTF with no long', async (v, patched) => {
    const file = 'pointer_no_long.bpf.o';
    const bytes = compileFixture('pointer_no_long');
    const native = await expectIdentical(['gen', 'skeleton', file], { [file]: bytes }, undefined, v);
    // Without the patch the wasm asserts a 4-byte pointer here.
    if (patched) expect(native.stdout.toString()).toContain("_Static_assert(sizeof(s->bss->slot_pointer) == 8,");
    await expectIdentical(['btf', 'dump', 'file', file, 'format', 'c'], { [file]: bytes }, undefined, v);
  });
});

describe('0002: skeleton struct sizes are those of a 64-bit host', () => {
  eachVersion('0002', 'map_skel_sz of the example is 24', async (v, patched) => {
    const file = 'minimal.bpf.o';
    const bytes = readFileSync(join(repoRoot, 'build/examples', file));
    const native = await expectIdentical(['gen', 'skeleton', file], { [file]: bytes }, undefined, v);
    if (patched) expect(native.stdout.toString()).toContain('s->map_skel_sz = 24;');
  });

  eachVersion('0002', 'map_skel_sz with struct_ops maps is 32, and shadow types use 8-byte pointers', async (v, patched) => {
    const name = corpusNames().includes('struct_ops_module') ? 'struct_ops_module' : 'bpf_dctcp';
    const obj = corpusObject(name);
    const native = await expectIdentical(['gen', 'skeleton', obj.file], { [obj.file]: obj.bytes }, undefined, v);
    if (patched) expect(native.stdout.toString()).toContain('s->map_skel_sz = 32;');
  });
});

describe('0003: format c orders ties as a 64-bit host', () => {
  eachVersion(
    '0003',
    "the running kernel's vmlinux BTF dumps as C identically",
    async (v) => {
      const vmlinux = kernelBtf();
      if (!vmlinux) throw new Error(NO_KERNEL_BTF);
      const native = await expectIdentical(['btf', 'dump', 'file', 'vmlinux', 'format', 'c'], { vmlinux }, undefined, v);
      expect(native.stdout.length).toBeGreaterThan(1_000_000);
    },
    120_000,
  );
});

describe('0004: libbpf checks an arena size in 64 bits', () => {
  eachVersion('0004', 'arena size is computed in 64 bits: skeleton of a 4 GiB arena with a global', async (v, patched) => {
    const file = 'arena_4g.bpf.o';
    const bytes = compileFixture('arena_4g');
    const native = await expectIdentical(['gen', 'skeleton', file], { [file]: bytes }, undefined, v);
    // Without the patch the wasm fails: "declared ARENA map size (0) is too small".
    if (patched) {
      expect(native.exitCode).toBe(0);
      expect(native.stdout.toString()).toContain('struct bpf_map *arena;');
    }
  });
});

describe('0005: libbpf keeps 64-bit ELF values 64-bit', () => {
  const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));
  const file = 'broken.bpf.o';
  const FOUR_GIB = 2n ** 32n;
  const edit = (at: number, value: bigint) => {
    const bytes = new Uint8Array(example); // a copy: Buffer's slice() would share the bytes
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(at, value, true);
    return bytes;
  };

  eachVersion('0005', '64-bit ELF values are not cut to 32 bits: a program at an offset past 4 GiB', async (v, patched) => {
    // The first function symbol (Elf64_Sym is 24 bytes; st_info at 4, st_value at 8).
    const symtab = section(example, '.symtab')!;
    let at = symtab.offset;
    while ((example[at + 4]! & 0xf) !== 2) at += 24;
    const native = await expectIdentical(['gen', 'skeleton', file], { [file]: edit(at + 8, 2n ** 59n) }, undefined, v);
    if (patched) expect(native.stderr.toString()).toContain('program at offset 576460752303423488 crosses section boundary');
  });

  eachVersion('0005', '64-bit ELF values are not cut to 32 bits: a relocation offset past 4 GiB', async (v, patched) => {
    const rel = sections(example).find((s) => s.type === 9 && !s.name.startsWith('.rel.'))!;
    const native = await expectIdentical(['gen', 'skeleton', file], { [file]: edit(rel.offset, FOUR_GIB + 8n) }, undefined, v);
    if (patched) expect(native.stderr.toString()).toMatch(/invalid offset 0x100000008 for relo #0/);
  });

  eachVersion('0005', '64-bit ELF values are not cut to 32 bits: a section alignment past 4 GiB', async (v, patched) => {
    const text = section(example, '.text')!;
    const native = await expectIdentical(['gen', 'object', 'out.bpf.o', file], { [file]: edit(text.headerOffset + 0x30, FOUR_GIB + 8n) }, undefined, v);
    // libbpf 1.1's linker says no more than that the section is invalid.
    const said = v === '7.1' ? "Error: failed to link 'broken.bpf.o': Invalid argument (22)" : 'alignment 4294967304 is non pow-of-2 alignment';
    if (patched) expect(native.stderr.toString()).toContain(said);
  });
});

describe('0006: libbpf checks .BTF.ext bounds in 64-bit integers', () => {
  eachVersion('0006', '.BTF.ext bounds are checked without wrapping: a func_info length near 4 GiB', async (v, patched) => {
    const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));
    const ext = section(example, '.BTF.ext')!;
    const bytes = new Uint8Array(example);
    // btf_ext_header.func_info_len, at offset 12.
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(ext.offset + 12, 0xffffffff, true);
    const file = 'broken.bpf.o';
    const native = await expectIdentical(['-d', 'gen', 'skeleton', file], { [file]: bytes }, undefined, v);
    // Without the patch the wasm reads past its memory and traps.
    if (patched) expect(native.stderr.toString()).toContain('func_info section (off:0 len:4294967295) is beyond the end of the ELF section .BTF.ext');
  });
});

describe('0007: the linker checks a symbol index in 64 bits', () => {
  eachVersion('0007', "a relocation's symbol index past 2^31 is refused, not wrapped", async (v, patched) => {
    const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));
    // The program's relocations (.rel<section>); Elf64_Rel is r_offset, then r_info = symbol << 32 | type.
    const rel = sections(example).find((s) => s.type === 9 && !s.name.startsWith('.rel.'))!;
    const bytes = new Uint8Array(example);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const type = view.getBigUint64(rel.offset + 8, true) & 0xffffffffn;
    view.setBigUint64(rel.offset + 8, (0x8000000cn << 32n) | type, true);
    const file = 'broken.bpf.o';
    const native = await expectIdentical(['gen', 'object', 'out.bpf.o', file], { [file]: bytes }, undefined, v);
    // Without the patch 0x8000000c * 24 wraps to 288 in 32 bits, inside the symbol table, and the link succeeds.
    if (patched) expect(native.stderr.toString()).toContain('points to invalid symbol #2147483660 in broken.bpf.o');
  });
});
