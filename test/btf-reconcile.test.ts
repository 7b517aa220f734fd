/**
 * `btf distill` / `btf relocate` (distillBase(), relocate()): libbpf's
 * resilient split BTF in the wasm, byte for byte against the native
 * reference harness (build/native/bpftool-ext, the same C against the same
 * pinned libbpf), and what the results mean:
 *
 *  - distilled, then relocated onto the same base, split BTF dumps as the
 *    same C;
 *  - relocated onto "another kernel's" base, every reference lands on the
 *    same-named type;
 *  - bases that lack a type, changed the size of an embedded one, or changed
 *    a kind give libbpf's error and no output;
 *  - an ELF object gets `.BTF` and `.BTF.base` and keeps every other
 *    section, and upstream `btf dump file MOD.o -B BASE` shows it relocated.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BpftoolError, BpftoolUsageError, distillBase, relocate } from '../dist/index.js';
import { makeBtfFixtures, VMLINUX, type BtfFixtures } from './helpers/btf-fixtures.js';
import { expectSameMeaning, readBtf, type Btf } from './helpers/btf-reader.js';
import { cDumpDifference, copiedTypedefs } from './helpers/c-dump.js';
import { expectIdentical, sha256 } from './helpers/compare.js';
import { sectionBytes, sections, type Section } from './helpers/elf.js';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { nativeBpftool, nativeExt, repoRoot, runNative, type Outcome } from './helpers/native.js';
import { runWasm } from './helpers/wasm.js';

const vmlinux = kernelBtf();
let fx: BtfFixtures | undefined;
let kernel: Btf | undefined;

beforeAll(() => {
  if (!vmlinux) return;
  fx = makeBtfFixtures();
  kernel = readBtf(vmlinux);
});

/** The fixtures, or a skip that says why there are none. */
function fixtures(ctx: TestContext): BtfFixtures {
  if (!fx) ctx.skip(true, NO_KERNEL_BTF);
  return fx!;
}

const SPLITS = [
  { file: 'api.btf', how: "libbpf's btf__add_*()" },
  { file: 'module.btf', how: 'pahole over gcc DWARF' },
  { file: 'module-clang.btf', how: 'pahole over clang-19 DWARF' },
  { file: 'module.o', how: "pahole -J: the object's .BTF" },
];

/** Runs the same command line through the wasm and the native harness and expects the same everything. */
async function expectSameAsHarness(args: string[], files: Record<string, Uint8Array>): Promise<Outcome> {
  const native = runNative(args, files, nativeExt);
  const wasm = await runWasm(args, files);
  const fingerprint = (o: Outcome) => ({
    exitCode: o.exitCode,
    stdout: o.stdout.toString(),
    stderr: o.stderr.toString(),
    files: Object.fromEntries(Object.entries(o.files).map(([k, v]) => [k, sha256(v)])),
  });
  expect(fingerprint(wasm)).toEqual(fingerprint(native));
  return native;
}

interface Distilled {
  distilled: Buffer;
  split: Buffer;
  elf?: Buffer;
}

/** Distils on the command line (wasm against native) and through the API; all must agree. */
async function distill(f: BtfFixtures, file: string, elf = false): Promise<Distilled> {
  const args = ['btf', 'distill', file, 'base', 'vmlinux', 'distilled_base', 'd.btf', 'split', 's.btf'];
  if (elf) args.push('elf', 'out.o');
  const native = await expectSameAsHarness(args, { [file]: f.bytes(file), vmlinux: vmlinux! });
  expect(native.exitCode).toBe(0);
  const api = await distillBase(f.bytes(file), vmlinux!, { elf });
  expect(sha256(api.distilledBase)).toBe(sha256(native.files['d.btf']!));
  expect(sha256(api.split)).toBe(sha256(native.files['s.btf']!));
  if (elf) expect(sha256(api.elf!)).toBe(sha256(native.files['out.o']!));
  else expect(api.elf).toBeUndefined();
  return { distilled: native.files['d.btf']!, split: native.files['s.btf']!, ...(elf ? { elf: native.files['out.o']! } : {}) };
}

/** Relocates on the command line (wasm against native) and through the API; all must agree. */
async function relocateOnto(d: Distilled, base: Uint8Array): Promise<Buffer> {
  const args = ['btf', 'relocate', 's.btf', 'distilled_base', 'd.btf', 'base', 'base.btf', 'split', 'r.btf'];
  const native = await expectSameAsHarness(args, { 's.btf': d.split, 'd.btf': d.distilled, 'base.btf': base });
  expect(native.exitCode).toBe(0);
  expect(sha256(await relocate(d.split, d.distilled, base))).toBe(sha256(native.files['r.btf']!));
  return native.files['r.btf']!;
}

const cDump = (split: Uint8Array, base: string) =>
  runNative(['btf', 'dump', 'file', 'split.btf', '-B', base, 'format', 'c'], { 'split.btf': split }).stdout.toString();

describe('distill and relocate: wasm against the native harness, byte for byte', () => {
  it.for(SPLITS)('distils $file ($how) and relocates it onto the same and a shifted base', async ({ file }, ctx) => {
    const f = fixtures(ctx);
    const d = await distill(f, file);
    await relocateOnto(d, vmlinux!);
    await relocateOnto(d, f.bytes('shifted.btf'));
  });
});

describe('what the results mean', () => {
  it('api.btf, distilled and relocated onto the same base, dumps as exactly the same C', async (ctx) => {
    const f = fixtures(ctx);
    const relocated = await relocateOnto(await distill(f, 'api.btf'), vmlinux!);
    const before = cDump(f.bytes('api.btf'), VMLINUX);
    expect(before).toContain('struct api_node {');
    expect(cDump(relocated, VMLINUX)).toBe(before);
  });

  it('module.btf dumps as the same C, but for the base typedefs it now carries itself (libbpf keeps typedefs out of the distilled base)', async (ctx) => {
    const f = fixtures(ctx);
    const relocated = await relocateOnto(await distill(f, 'module.btf'), vmlinux!);
    const copies = copiedTypedefs(readBtf(relocated, kernel));
    expect(copies.sort()).toEqual(['__u32', '__u64', 'spinlock_t', 'u64']);
    const before = cDump(f.bytes('module.btf'), VMLINUX);
    const diff = cDumpDifference(before, cDump(relocated, VMLINUX), copies);
    expect(diff.missing).toEqual([]);
    // Each copy is declared once more, exactly as the base declares it.
    const beforeLines = new Set(before.split('\n'));
    const repeated = diff.extra.filter((l) => l !== '');
    expect(repeated).toHaveLength(copies.length);
    for (const line of repeated) {
      expect(line).toMatch(new RegExp(`^typedef .* (${copies.join('|')});$`));
      expect(beforeLines.has(line)).toBe(true);
    }
    expect(diff.extra.filter((l) => l === '')).toHaveLength(copies.length);
  });

  it.for(SPLITS.filter((s) => s.file.endsWith('.btf')))(
    '$file relocated onto the shifted base: every reference resolves to the same-named base type',
    async ({ file }, ctx) => {
      const f = fixtures(ctx);
      const d = await distill(f, file);
      const original = readBtf(f.bytes(file), kernel);
      const shifted = readBtf(f.bytes('shifted.btf'));
      expect(shifted.types.length).toBe(kernel!.types.length + 5);
      const onShifted = expectSameMeaning(original, readBtf(await relocateOnto(d, f.bytes('shifted.btf')), shifted));
      expect(onShifted.baseRefs).toBeGreaterThan(0);
      expect(onShifted.movedRefs).toBeGreaterThan(0);
      // And onto the running kernel's own base, nothing moves.
      const onSame = expectSameMeaning(original, readBtf(await relocateOnto(d, vmlinux!), kernel));
      expect(onSame.baseRefs).toBe(onShifted.baseRefs);
    },
  );

  it('the checker itself rejects a reference that lands on another type', async (ctx) => {
    const f = fixtures(ctx);
    const shifted = readBtf(f.bytes('shifted.btf'));
    const relocated = Buffer.from(await relocateOnto(await distill(f, 'api.btf'), f.bytes('shifted.btf')));
    const node = readBtf(relocated, shifted).types.find((t) => t.name === 'api_node')!;
    // Member 0, `link`, is struct list_head in the base; point it at the type next to it.
    const typeField = node.offset + 12 + 4;
    relocated.writeUInt32LE(relocated.readUInt32LE(typeField) + 1, typeField);
    expect(() => expectSameMeaning(readBtf(f.bytes('api.btf'), kernel), readBtf(relocated, shifted))).toThrow(
      /api_node: base type 'list_head' kind 4 resolved to /,
    );
  });
});

const NEGATIVE = [
  { base: 'missing.btf', type: 'task_struct', what: 'a referenced struct is missing' },
  { base: 'grown.btf', type: 'list_head', what: 'a struct embedded by value changed size' },
  { base: 'kind.btf', type: 'bpf_prog_type', what: 'an enum became a struct' },
];

describe("bases that do not fit: libbpf's error, and no output", () => {
  it.for(NEGATIVE.flatMap((n) => ['api.btf', 'module.btf'].map((file) => ({ ...n, file }))))(
    '$file onto a base where $what',
    async ({ base, type, file }, ctx) => {
      const f = fixtures(ctx);
      const d = await distill(f, file);
      const args = ['btf', 'relocate', 's.btf', 'distilled_base', 'd.btf', 'base', 'base.btf', 'split', 'r.btf'];
      const native = await expectSameAsHarness(args, { 's.btf': d.split, 'd.btf': d.distilled, 'base.btf': f.bytes(base) });
      expect(native.exitCode).toBe(255);
      expect(native.files).toEqual({});
      const libbpf = new RegExp(`^libbpf: distilled base BTF type '${type}' \\[\\d+\\] is not mapped to base BTF id\n`);
      expect(native.stderr.toString()).toMatch(libbpf);
      expect(native.stderr.toString()).toMatch(/\nError: failed to relocate 's.btf' onto 'base.btf': Invalid argument\n$/);

      const err = await relocate(d.split, d.distilled, f.bytes(base)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BpftoolError);
      const e = err as BpftoolError;
      expect(e.name).toBe('BpftoolError');
      expect(e.exitCode).toBe(255);
      expect(e.message).toContain(`: libbpf: distilled base BTF type '${type}' [`);
      expect(e.stderr).toMatch(libbpf);
    },
  );
});

describe('ELF objects: .BTF and .BTF.base', () => {
  it('keeps every other section, replaces .BTF, and appends .BTF.base', async (ctx) => {
    const f = fixtures(ctx);
    const raw = await distill(f, 'module.btf');
    const d = await distill(f, 'module.o', true);
    expect(sha256(d.split)).toBe(sha256(raw.split));
    const input = f.bytes('module.o');
    const before = sections(input);
    const after = sections(d.elf!);
    expect(after).toHaveLength(before.length + 1);
    // Everything but where it sits in the file, and its size.
    const header = ({ name, type, flags, link, info, addralign, entsize }: Section) =>
      ({ name, type, flags, link, info, addralign, entsize });
    for (const [i, s] of before.entries()) {
      const t = after[i]!;
      expect(header(t)).toEqual(header(s));
      if (s.name === '.BTF') {
        expect(sha256(sectionBytes(d.elf!, t))).toBe(sha256(d.split));
      } else if (s.name === '.shstrtab') {
        expect(Buffer.from(sectionBytes(d.elf!, t))).toEqual(Buffer.concat([sectionBytes(input, s), Buffer.from('.BTF.base\0')]));
      } else {
        expect(sha256(sectionBytes(d.elf!, t))).toBe(sha256(sectionBytes(input, s)));
      }
    }
    const base = after[before.length]!;
    expect(header(base)).toEqual({ ...header(before.find((s) => s.name === '.BTF')!), name: '.BTF.base' });
    expect(sha256(sectionBytes(d.elf!, base))).toBe(sha256(d.distilled));
  });

  it('distils an object that already has .BTF.base again: the section is replaced, not added', async (ctx) => {
    const f = fixtures(ctx);
    const once = await distill(f, 'module.o', true);
    const args = ['btf', 'distill', 'once.o', 'base', 'vmlinux', 'elf', 'twice.o'];
    const native = await expectSameAsHarness(args, { 'once.o': once.elf!, vmlinux: vmlinux! });
    expect(native.exitCode).toBe(0);
    const before = sections(once.elf!);
    const after = sections(native.files['twice.o']!);
    expect(after.map((s) => s.name)).toEqual(before.map((s) => s.name));
    // Relocated onto the same base and distilled again, it is what it was.
    expect(sha256(native.files['twice.o']!)).toBe(sha256(once.elf!));
  });

  it('upstream `btf dump file MOD.o -B BASE` shows the relocated view, as native does', async (ctx) => {
    const f = fixtures(ctx);
    const d = await distill(f, 'module.o', true);
    for (const base of [vmlinux!, f.bytes('shifted.btf')]) {
      const relocated = await relocateOnto(d, base);
      const dump = await expectIdentical(['btf', 'dump', 'file', 'mod.o', '-B', 'base.btf'], { 'mod.o': d.elf!, 'base.btf': base });
      const expected = runNative(['btf', 'dump', 'file', 'r.btf', '-B', 'base.btf'], { 'r.btf': relocated, 'base.btf': base });
      expect(dump.stdout.toString()).toContain("STRUCT 'mod_state' size=80 vlen=6");
      expect(dump.stdout.toString()).toBe(expected.stdout.toString());
    }
  });

  it('relocates an object by its own .BTF.base, as it relocates raw split BTF', async (ctx) => {
    const f = fixtures(ctx);
    const d = await distill(f, 'module.o', true);
    const args = ['btf', 'relocate', 'mod.o', 'base', 'base.btf', 'split', 'r.btf'];
    const native = await expectSameAsHarness(args, { 'mod.o': d.elf!, 'base.btf': f.bytes('shifted.btf') });
    expect(native.exitCode).toBe(0);
    expect(sha256(native.files['r.btf']!)).toBe(sha256(await relocateOnto(d, f.bytes('shifted.btf'))));
    expect(sha256(await relocate(d.elf!, undefined, f.bytes('shifted.btf')))).toBe(sha256(native.files['r.btf']!));
  });

  it('refuses what it cannot do, with the same words as native', async (ctx) => {
    const f = fixtures(ctx);
    const bpfObject = readFileSync(path.join(repoRoot, 'build/examples/minimal.bpf.o'));
    const cases: Array<[string[], RegExp]> = [
      [['btf', 'distill', 'api.btf', 'base', 'vmlinux', 'elf', 'o.o'], /'api.btf' is not an ELF object; 'elf' output needs one/],
      [['btf', 'distill', 'bpf.o', 'base', 'vmlinux', 'elf', 'o.o'], /'bpf.o' has a .BTF.ext section/],
      [['btf', 'relocate', 'api.btf', 'base', 'vmlinux', 'split', 'r.btf'], /'api.btf' has no .BTF.base section; name its distilled base/],
      [['btf', 'distill', 'api.btf', 'split', 'r.btf'], /'btf distill' needs the base BTF of 'api.btf': base FILE/],
      [['btf', 'distill', 'api.btf', 'base', 'vmlinux'], /'btf distill' needs an output/],
      [['btf', 'distill', 'api.btf', 'base', 'vmlinux', 'split', 'api.btf'], /output 'api.btf' is an input; refusing to overwrite it/],
      [['btf', 'distill', 'api.btf', 'base', 'vmlinux', 'sideways', 'x'], /what is 'sideways'\?/],
      [['-j', 'btf', 'distill', 'api.btf'], /option '-j' is not supported by 'btf distill'/],
    ];
    for (const [args, message] of cases) {
      const native = await expectSameAsHarness(args, { 'api.btf': f.bytes('api.btf'), 'bpf.o': bpfObject, vmlinux: vmlinux! });
      expect(native.exitCode).toBe(255);
      expect(native.stderr.toString()).toMatch(new RegExp(`^Error: ${message.source}`));
      expect(native.files).toEqual({});
    }
    await expect(distillBase(f.bytes('api.btf'), vmlinux!, { elf: true })).rejects.toBeInstanceOf(BpftoolUsageError);
  });

  it('prints its usage for `help`, naming itself as ours', async (ctx) => {
    fixtures(ctx);
    const native = await expectSameAsHarness(['btf', 'distill', 'help'], {});
    expect(native.exitCode).toBe(0);
    expect(native.stderr.toString()).toMatch(/^Usage: bpftool-wasm btf distill SPLIT base BASE OUTPUT\.\.\.\n/);
    expect(native.stderr.toString()).toContain("These commands are bpftool-wasm's own, not upstream bpftool's.");
  });
});

describe('bpftool-wasm btf distill / relocate on the command line', () => {
  const cli = path.join(repoRoot, 'dist/cli.cjs');
  const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, maxBuffer: 1 << 30 });

  function scratch(f: BtfFixtures): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'btf-cli-'));
    writeFileSync(path.join(dir, 'module.o'), f.bytes('module.o'));
    return dir;
  }

  it('writes the files native writes, and `btf dump` of the result matches native bpftool', (ctx) => {
    const dir = scratch(fixtures(ctx));
    const distillArgs = (tag: string) => ['btf', 'distill', 'module.o', 'base', VMLINUX,
      'distilled_base', `${tag}.base.btf`, 'split', `${tag}.split.btf`, 'elf', `${tag}.o`];
    const wasm = run('node', [cli, ...distillArgs('wasm')], dir);
    const native = run(nativeExt, distillArgs('native'), dir);
    expect([wasm.status, wasm.stderr.toString()]).toEqual([0, '']);
    expect(native.status).toBe(0);
    for (const suffix of ['.base.btf', '.split.btf', '.o']) {
      expect(sha256(readFileSync(path.join(dir, `wasm${suffix}`)))).toBe(sha256(readFileSync(path.join(dir, `native${suffix}`))));
    }
    const relocateArgs = (tag: string) => ['btf', 'relocate', 'wasm.split.btf', 'distilled_base', 'wasm.base.btf',
      'base', VMLINUX, 'split', `${tag}.r.btf`];
    expect(run('node', [cli, ...relocateArgs('wasm')], dir).status).toBe(0);
    expect(run(nativeExt, relocateArgs('native'), dir).status).toBe(0);
    expect(sha256(readFileSync(path.join(dir, 'wasm.r.btf')))).toBe(sha256(readFileSync(path.join(dir, 'native.r.btf'))));

    const dumpArgs = ['btf', 'dump', 'file', 'wasm.o', '-B', VMLINUX];
    const dump = run('node', [cli, ...dumpArgs], dir);
    const nativeDump = run(nativeBpftool, dumpArgs, dir);
    expect(dump.status).toBe(0);
    expect(dump.stdout.toString()).toBe(nativeDump.stdout.toString());
  });

  it('cross-check against the native harness says identical', (ctx) => {
    const dir = scratch(fixtures(ctx));
    const r = run('node', [cli, 'cross-check', '--native', nativeExt, '--',
      'btf', 'distill', 'module.o', 'base', VMLINUX, 'elf', 'out.o'], dir);
    expect(r.stdout.toString()).toMatch(/^cross-check: upstream bpftool 7\.5 \(the version of \S+bpftool-ext, bpftool 7\.5\.0\)\nidentical: .* 1 output file\(s\)\n$/);
    expect(r.status).toBe(0);
  });

  it('leaves no output file when libbpf fails', (ctx) => {
    const f = fixtures(ctx);
    const dir = scratch(f);
    writeFileSync(path.join(dir, 'missing.btf'), f.bytes('missing.btf'));
    expect(run('node', [cli, 'btf', 'distill', 'module.o', 'base', VMLINUX, 'elf', 'd.o'], dir).status).toBe(0);
    const r = run('node', [cli, 'btf', 'relocate', 'd.o', 'base', 'missing.btf', 'split', 'r.btf'], dir);
    expect(r.status).toBe(255);
    expect(r.stderr.toString()).toMatch(/^libbpf: distilled base BTF type 'task_struct' \[\d+\] is not mapped to base BTF id\n/);
    expect(existsSync(path.join(dir, 'r.btf'))).toBe(false);
  });

  it('never overwrites an input, by its name or through a link', (ctx) => {
    const dir = scratch(fixtures(ctx));
    const input = readFileSync(path.join(dir, 'module.o'));
    symlinkSync('module.o', path.join(dir, 'alias.o'));
    for (const out of ['module.o', './module.o', 'alias.o']) {
      const r = run('node', [cli, 'btf', 'distill', 'module.o', 'base', VMLINUX, 'elf', out], dir);
      expect(r.status).toBe(255);
      expect(r.stderr.toString()).toMatch(/^Error: output '.*' is an input; refusing to overwrite it\n$/);
      expect(sha256(readFileSync(path.join(dir, 'module.o')))).toBe(sha256(input));
    }
    const native = run(nativeExt, ['btf', 'distill', 'module.o', 'base', VMLINUX, 'elf', 'alias.o'], dir);
    expect(native.status).toBe(255);
    expect(sha256(readFileSync(path.join(dir, 'module.o')))).toBe(sha256(input));
  });
});
