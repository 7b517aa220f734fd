/**
 * `core check` (ours, wasm/ext/core_*.c): every CO-RE relocation of BPF
 * objects against kernels' BTF, decided by libbpf's relo_core.c.
 *
 *  - the wasm against the native harness (build/native/<v>/bpftool-ext, the
 *    same C against the same pinned libbpf), byte for byte, text and JSON,
 *    for 7.5 and 7.8, over every CO-RE object of the corpus at once against
 *    several kernels; 7.1 has no commands of ours and answers as upstream;
 *  - what the reports mean: a kernel whose every type id moved relocates
 *    to the same offsets; one whose task_struct lost its name poisons
 *    exactly the task_struct accesses; an object against its own
 *    `gen min_core_btf` output resolves as against the kernel itself;
 *    selftests' CO-RE targets give the failures they were written for;
 *  - bad input: exit 255 and the same words as native.
 *
 * The comparison with libbpf's own load log is in core-check-load-log.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { BpftoolError, BpftoolUsageError, coreCheck, createBpftool, createWorkerBpftool } from '../dist/index.js';
import { makeBtfFixtures, VMLINUX, type BtfFixtures } from './helpers/btf-fixtures.js';
import {
  objectBytes,
  openableCoreObjects,
  tinyTarget,
  TINY_TARGET,
  type CoreCheck,
} from './helpers/core-check.js';
import { corpusDir } from './helpers/corpus.js';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { nativeBpftool, nativeBpftoolOf, nativeExt, repoRoot, runNative, type Outcome } from './helpers/native.js';
import { runWasm } from './helpers/wasm.js';

const vmlinux = kernelBtf();
let fx: BtfFixtures | undefined;
let objects: string[] = [];
let refused = new Map<string, string>();

beforeAll(() => {
  ({ opens: objects, refused } = openableCoreObjects());
  if (vmlinux) fx = makeBtfFixtures();
});

function fixtures(ctx: TestContext): BtfFixtures {
  if (!fx) ctx.skip(true, NO_KERNEL_BTF);
  return fx!;
}

const text = (o: Outcome) => ({ exitCode: o.exitCode, stdout: o.stdout.toString(), stderr: o.stderr.toString() });

/** The same command line through the wasm of `upstream` and its native harness: the same everything. */
async function expectSameAsHarness(
  args: string[],
  files: Record<string, Uint8Array>,
  upstream: '7.5' | '7.8' = '7.5',
): Promise<Outcome> {
  const harness = upstream === '7.5' ? nativeExt : join(repoRoot, 'build/native/7.8/bpftool-ext');
  const native = runNative(args, files, harness);
  const wasm = await runWasm(args, files, undefined, upstream);
  expect(text(wasm)).toEqual(text(native));
  return native;
}

function objectFiles(list: readonly string[]): Record<string, Uint8Array> {
  return Object.fromEntries(list.map((f) => [f, objectBytes(f)]));
}

const checks = (o: Outcome) => JSON.parse(o.stdout.toString()) as CoreCheck[];
/** "[123] struct s.f (0:1 @ offset 8)" without its type id, which differs between kernels. */
const withoutId = (spec: string | null) => spec?.replace(/^\[\d+\] /, '');
/** ... and without the member indices, which differ where a BTF keeps fewer members: "struct s.f (@ offset 8)". */
const accessPath = (spec: string | null) => withoutId(spec)?.replace(/\([\d:]+ @/, '(@');

describe('core check: wasm against the native harness', () => {
  it('finds the corpus CO-RE objects, and which of them libbpf refuses to open', () => {
    console.log(`core check: ${objects.length} CO-RE objects open, ${refused.size} refused by libbpf: ` +
      [...refused].map(([f, why]) => `${f} (${why})`).join('; '));
    expect(objects.length).toBeGreaterThan(100);
    for (const why of refused.values()) expect(why).toMatch(/^Error: failed to open object '.*': /);
  });

  for (const upstream of ['7.5', '7.8'] as const) {
    it(`${upstream}: every CO-RE object against three kernels in one run, text and -j`, async (ctx) => {
      const f = fixtures(ctx);
      const files = { ...objectFiles(objects), vmlinux: vmlinux!, 'shifted.btf': f.bytes('shifted.btf'),
        'missing.btf': f.bytes('missing.btf') };
      const args = ['core', 'check', ...objects, 'against', 'vmlinux', 'shifted.btf', 'missing.btf'];
      const plain = await expectSameAsHarness(args, files, upstream);
      expect(plain.exitCode).toBe(1);
      expect(plain.stdout.toString()).toMatch(/\nobject +\[1\] +\[2\] +\[3\]\n/);
      const json = await expectSameAsHarness(['-j', ...args], files, upstream);
      const all = checks(json);
      expect(all.length).toBe(objects.length * 3);
      const total = all.reduce((n, c) => n + c.relocations.length, 0);
      console.log(`core check ${upstream}: ${objects.length} objects x 3 targets, ${total} relocations, ` +
        `${plain.stdout.length} bytes of text and ${json.stdout.length} of JSON identical to native`);
    });

    it(`${upstream}: -p, help, and one object that libbpf refuses`, async () => {
      const files = { 'test_core_reloc_arrays.bpf.o': objectBytes('test_core_reloc_arrays.bpf.o'), [TINY_TARGET]: tinyTarget() };
      const p = await expectSameAsHarness(['-p', 'core', 'check', 'test_core_reloc_arrays.bpf.o', 'against', TINY_TARGET], files, upstream);
      expect(p.stdout.toString()).toMatch(/^\[\{\n {8}"object": "test_core_reloc_arrays.bpf.o",\n/);
      // -d: libbpf's debug log of every decision, on stderr, as bpftool -d prints it
      const d = await expectSameAsHarness(['-d', 'core', 'check', 'test_core_reloc_arrays.bpf.o', 'against', TINY_TARGET], files, upstream);
      expect(d.stderr.toString()).toContain("libbpf: prog 'test_core_arrays': relo #0: <byte_off> [5] struct core_reloc_arrays.a[2] (0:0:2 @ offset 8)\n");
      expect(d.stderr.toString()).toContain("libbpf: prog 'test_core_arrays': relo #0: patched insn #0 (ALU/ALU64) imm 8 -> 8\n");
      const help = await expectSameAsHarness(['core', 'check', 'help'], {}, upstream);
      expect(help.exitCode).toBe(0);
      expect(help.stderr.toString()).toContain('Usage: bpftool-wasm [-j|-p] [-B VMLINUX] core check OBJECT [OBJECT...] against BTF [BTF...]');
      const [bad] = [...refused.keys()];
      if (bad) {
        const r = await expectSameAsHarness(['core', 'check', bad, 'against', TINY_TARGET],
          { [bad]: objectBytes(bad), [TINY_TARGET]: tinyTarget() }, upstream);
        expect(r.exitCode).toBe(255);
        expect(r.stdout.length).toBe(0);
      }
    });
  }

  it('7.1 has no commands of ours: `core check` is upstream bpftool\'s unknown command, as native 7.1', async () => {
    const args = ['core', 'check', 'a.o', 'against', 'b.btf'];
    const native = runNative(args, {}, nativeBpftoolOf('7.1'));
    const wasm = await runWasm(args, {}, undefined, '7.1');
    expect(text(wasm)).toEqual(text(native));
    expect(wasm.exitCode).toBe(255);
    expect(wasm.stderr.toString()).toContain('OBJECT := { prog | map | link | cgroup | perf | net | feature | btf | gen | struct_ops | iter }');
  });
});

describe('core check: what the report says', () => {
  it('a kernel whose every type id moved: the same decisions and offsets, other type ids', async (ctx) => {
    const f = fixtures(ctx);
    const files = { ...objectFiles(objects), vmlinux: vmlinux!, 'shifted.btf': f.bytes('shifted.btf') };
    const r = await runWasm(['-j', 'core', 'check', ...objects, 'against', 'vmlinux', 'shifted.btf'], files);
    const all = checks(r);
    let typeIds = 0;
    for (let i = 0; i < all.length; i += 2) {
      const [kernel, shifted] = [all[i]!, all[i + 1]!];
      expect(shifted.ok).toBe(kernel.ok);
      kernel.relocations.forEach((k, j) => {
        const s = shifted.relocations[j]!;
        expect({ ...s, target: withoutId(s.target), new: undefined }).toEqual({ ...k, target: withoutId(k.target), new: undefined });
        if (k.kind === 'target_type_id' && k.result === 'patched' && k.new !== 0) {
          typeIds++;
          expect(s.new).not.toBe(k.new);
        } else {
          expect(s.new).toBe(k.new);
        }
      });
    }
    expect(typeIds).toBeGreaterThan(0);
  });

  it("a kernel whose task_struct lost its name: exactly the task_struct relocations stop resolving", async (ctx) => {
    const f = fixtures(ctx);
    const files = { ...objectFiles(objects), vmlinux: vmlinux!, 'missing.btf': f.bytes('missing.btf') };
    const r = await runWasm(['-j', 'core', 'check', ...objects, 'against', 'vmlinux', 'missing.btf'], files);
    const all = checks(r);
    let lost = 0;
    for (let i = 0; i < all.length; i += 2) {
      all[i]!.relocations.forEach((k, j) => {
        const m = all[i + 1]!.relocations[j]!;
        const onTaskStruct = /^\[\d+\] struct task_struct($|[ .])/.test(k.target ?? '');
        if (k.result === 'patched' && onTaskStruct) {
          lost++;
          // a field access, a type id or size poisons; an existence check says 0
          if (m.result === 'patched') expect(m.new).toBe(0);
          else expect(m.result).toBe('poisoned');
          expect(m.target).toBeNull();
        } else {
          expect(withoutId(m.target)).toBe(withoutId(k.target));
          expect(m.result).toBe(k.result);
        }
      });
    }
    console.log(`core check: ${lost} task_struct relocations no longer resolve against missing.btf`);
    expect(lost).toBeGreaterThan(10);
  });

  it("an object against its own `gen min_core_btf` output resolves as against the kernel", async (ctx) => {
    if (!vmlinux) ctx.skip(true, NO_KERNEL_BTF);
    const dir = mkdtempSync(join(tmpdir(), 'core-check-min-'));
    try {
      const spread = objects.filter((_, i) => i % Math.max(1, Math.floor(objects.length / 20)) === 0).slice(0, 20);
      const files: Record<string, Uint8Array> = { vmlinux: vmlinux! };
      let checked = 0;
      for (const obj of spread) {
        writeFileSync(join(dir, obj), objectBytes(obj));
        const min = spawnSync(nativeBpftool, ['gen', 'min_core_btf', VMLINUX, `${obj}.min.btf`, obj], { cwd: dir });
        if (min.status !== 0) continue; // gen min_core_btf refuses some objects (its own errors)
        files[obj] = objectBytes(obj);
        files[`${obj}.min.btf`] = readFileSync(join(dir, `${obj}.min.btf`));
        const r = await expectSameAsHarness(['-j', 'core', 'check', obj, 'against', 'vmlinux', `${obj}.min.btf`], files);
        const [kernel, own] = checks(r);
        expect(own!.ok).toBe(kernel!.ok);
        own!.relocations.forEach((m, j) => {
          const k = kernel!.relocations[j]!;
          expect(m.result).toBe(k.result);
          expect(accessPath(m.target)).toBe(accessPath(k.target));
          if (k.kind !== 'target_type_id') expect(m.new).toBe(k.new);
        });
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(15);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("selftests' CO-RE targets: the failures they were written for, line by line", async () => {
    const obj = 'test_core_reloc_arrays.bpf.o';
    const targets = ['btf__core_reloc_arrays.bpf.o', 'btf__core_reloc_arrays___err_too_small.bpf.o'];
    const r = await expectSameAsHarness(['core', 'check', obj, 'against', ...targets],
      { [obj]: objectBytes(obj), ...objectFiles(targets) });
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.toString().split('\n');
    expect(lines).toContain('  test_core_arrays relo #0 insn #0 byte_off: [5] struct core_reloc_arrays.a[2] ' +
      '(0:0:2 @ offset 8) => (none): poisoned: no matching target');
    expect(lines).toContain(`${obj} against ${targets[0]}: 5 relocations: 5 patched, 0 poisoned, 0 errors, 0 skipped: ok`);
    expect(lines).toContain(`${obj} against ${targets[1]}: 5 relocations: 4 patched, 1 poisoned, 0 errors, 0 skipped: FAIL`);
    expect(lines.slice(-6)).toEqual([
      '',
      `${'object'.padEnd(obj.length)}  [1]           [2]`,
      `${obj}  ok            FAIL(1)`,
      `[1] ${targets[0]}`,
      `[2] ${targets[1]}`,
      '',
    ]);
  });

  it("an ambiguous target is an error in libbpf's words, and the exit status says so", async () => {
    // two flavors of struct core_reloc_size whose int_field differ in size
    const obj = 'test_core_reloc_size.bpf.o';
    const target = 'btf__core_reloc_size___err_ambiguous.bpf.o';
    const r = await expectSameAsHarness(['-j', 'core', 'check', obj, 'against', target], objectFiles([obj, target]));
    expect(r.exitCode).toBe(1);
    const [c] = checks(r);
    expect(c!.ok).toBe(false);
    expect(c!.relocations[0]).toEqual({
      program: 'test_core_size', section: c!.relocations[0]!.section, relo: 0, insn: 0, kind: 'byte_sz',
      local: '[5] struct core_reloc_size.int_field (0:0 @ offset 0)',
      // the first candidate that matched; the second decides otherwise
      target: '[4] struct core_reloc_size___err_ambiguous1.int_field (0:0 @ offset 0)', result: 'error',
      reason: 'relocation decision ambiguity: success 1 != success 4',
    });
  });
});

describe('core check: module BTF (-B)', () => {
  it('a type vmlinux lacks is looked for in the module, and only then', async (ctx) => {
    if (!vmlinux) ctx.skip(true, NO_KERNEL_BTF);
    // pahole's split BTF of selftests' CO-RE targets over this kernel, standing in for modules
    const split = (name: string) => readFileSync(join(corpusDir(), 'split', `${name}.btf`));
    const modules = ['btf__core_reloc_existence', 'btf__core_reloc_enumval'];
    const objs = ['test_core_reloc_existence.bpf.o', 'test_core_reloc_enumval.bpf.o', 'bpf_iter_task_btf.bpf.o'];
    const files: Record<string, Uint8Array> = { vmlinux: vmlinux!, ...objectFiles(objs), ...objectFiles(modules.map((m) => `${m}.bpf.o`)) };
    for (const m of modules) files[`${m}.btf`] = split(m);
    const withModules = checks(await expectSameAsHarness(
      ['-j', '-B', 'vmlinux', 'core', 'check', ...objs, 'against', ...modules.map((m) => `${m}.btf`)], files));
    const alone = checks(await expectSameAsHarness(
      ['-j', 'core', 'check', ...objs, 'against', ...modules.map((m) => `${m}.bpf.o`), 'vmlinux'], files));
    const at = (list: CoreCheck[], perObject: number, o: number, t: number) => list[o * perObject + t]!;
    const decisions = (c: CoreCheck) => c.relocations.map((r) => ({ ...r, target: accessPath(r.target),
      new: r.kind === 'target_type_id' ? undefined : r.new }));
    for (const o of [0, 1]) {
      // the types are only in the module: decided as against the module's own object
      expect(at(alone, 3, o, 2).ok).toBe(false);
      expect(at(withModules, 2, o, o).ok).toBe(true);
      expect(decisions(at(withModules, 2, o, o))).toEqual(decisions(at(alone, 3, o, o)));
    }
    // bpf_iter_task_btf's types are in vmlinux: the module is never searched, ids and all
    for (const t of [0, 1]) expect(at(withModules, 2, 2, t).relocations).toEqual(at(alone, 3, 2, 2).relocations);
    // bpftool's other spellings of the option: the value in the same word
    for (const base of [['-Bvmlinux'], ['--base-btf=vmlinux'], ['--base-btf', 'vmlinux']]) {
      const spelled = checks(await expectSameAsHarness(['-j', ...base, 'core', 'check', ...objs, 'against', ...modules.map((m) => `${m}.btf`)], files));
      expect(spelled).toEqual(withModules);
    }
    // coreCheck({ base }) says the same
    const api = await coreCheck(objs.map(objectBytes), modules.map(split), {
      base: vmlinux!, baseName: 'vmlinux', objectNames: objs, targetNames: modules.map((m) => `${m}.btf`),
    });
    expect(api).toEqual(withModules);
  });
});

describe('core check: bad input', () => {
  const obj = 'test_core_reloc_arrays.bpf.o';
  const cases: Array<[string, string[], string]> = [
    ['no target', ['core', 'check', obj], "Error: 'core check' needs the BTF to check against: against BTF [BTF...]\n"],
    ['no object', ['core', 'check', 'against', TINY_TARGET], "Error: 'core check' needs an object to check\n"],
    ['against twice', ['core', 'check', obj, 'against', TINY_TARGET, 'against', TINY_TARGET], "Error: 'against' given twice\n"],
    ['a missing target', ['core', 'check', obj, 'against', 'nope.btf'], "Error: failed to load target BTF from 'nope.btf': No such file or directory\n"],
    ['an option of bpftool that is not ours', ['core', 'check', '-L', obj, 'against', TINY_TARGET], "Error: option '-L' is not supported by 'core check'\n"],
    ['a missing base', ['core', 'check', obj, 'against', TINY_TARGET, '-B', 'nope.btf'], "Error: failed to load base BTF from 'nope.btf': No such file or directory\n"],
    ['-B without its file', ['core', 'check', obj, 'against', TINY_TARGET, '-B'], "Error: '-B' needs a file name\n"],
  ];
  for (const [what, args, stderr] of cases) {
    it(`${what}: exit 255, in native's words`, async () => {
      const r = await expectSameAsHarness(args, { [obj]: objectBytes(obj), [TINY_TARGET]: tinyTarget() });
      expect(r.exitCode).toBe(255);
      expect(r.stderr.toString()).toBe(stderr);
      expect(r.stdout.length).toBe(0);
    });
  }

  it('a target that is not BTF, and an object that is not ELF', async () => {
    const files = { [obj]: objectBytes(obj), 'junk.bin': new Uint8Array(64).fill(7) };
    const t = await expectSameAsHarness(['core', 'check', obj, 'against', 'junk.bin'], files);
    expect(t.exitCode).toBe(255);
    expect(t.stderr.toString()).toMatch(/^Error: failed to load target BTF from 'junk.bin': /m);
    const o = await expectSameAsHarness(['core', 'check', 'junk.bin', 'against', obj], files);
    expect(o.exitCode).toBe(255);
    expect(o.stderr.toString()).toMatch(/Error: failed to open object 'junk.bin': /);
  });
});

describe('core check: the API, the worker and the CLI', () => {
  const obj = 'test_core_reloc_arrays.bpf.o';
  const targets = ['btf__core_reloc_arrays.bpf.o', 'btf__core_reloc_arrays___err_too_small.bpf.o'];
  const nativeJson = () => {
    const r = runNative(['-j', 'core', 'check', obj, 'against', ...targets], objectFiles([obj, ...targets]), nativeExt);
    expect(r.exitCode).toBe(1);
    return JSON.parse(r.stdout.toString()) as CoreCheck[];
  };

  it("coreCheck() returns native's report, typed, with the names given or chosen", async () => {
    const named = await coreCheck([objectBytes(obj)], targets.map(objectBytes), { objectNames: [obj], targetNames: targets });
    expect(named).toEqual(nativeJson());
    const unnamed = await coreCheck([objectBytes(obj)], targets.map(objectBytes));
    expect(unnamed.map((c) => [c.object, c.target, c.ok])).toEqual([
      ['object0.bpf.o', 'target0.btf', true],
      ['object0.bpf.o', 'target1.btf', false],
    ]);
    expect(unnamed.map((c) => c.relocations)).toEqual(nativeJson().map((c) => c.relocations));
  });

  it('through the worker: the same report', async () => {
    const worker = await createWorkerBpftool();
    try {
      const r = await worker.coreCheck([objectBytes(obj)], targets.map(objectBytes), { objectNames: [obj], targetNames: targets });
      expect(r).toEqual(nativeJson());
    } finally {
      await worker.terminate();
    }
  });

  it('7.8 through the API: the same report as its native harness', async () => {
    const b = await createBpftool({ upstream: '7.8' });
    const r = await b.coreCheck([objectBytes(obj)], targets.map(objectBytes), { objectNames: [obj], targetNames: targets });
    const native = runNative(['-j', 'core', 'check', obj, 'against', ...targets], objectFiles([obj, ...targets]),
      join(repoRoot, 'build/native/7.8/bpftool-ext'));
    expect(r).toEqual(JSON.parse(native.stdout.toString()));
  });

  it('typed errors: bad input is a BpftoolError with exit code 255 and stderr; misuse a BpftoolUsageError', async () => {
    const err = await coreCheck([objectBytes(obj)], [new Uint8Array(16)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BpftoolError);
    expect(err).toMatchObject({ name: 'BpftoolError', exitCode: 255 });
    expect((err as BpftoolError).stderr).toMatch(/^Error: failed to load target BTF from 'target0.btf': /m);
    const worker = await createWorkerBpftool();
    try {
      await expect(worker.coreCheck([objectBytes(obj)], [new Uint8Array(16)])).rejects.toMatchObject({ name: 'BpftoolError', exitCode: 255 });
    } finally {
      await worker.terminate();
    }
    await expect(coreCheck([], [tinyTarget()])).rejects.toThrow(BpftoolUsageError);
    await expect(coreCheck([objectBytes(obj)], [])).rejects.toThrow(BpftoolUsageError);
    await expect(coreCheck([objectBytes(obj)], [tinyTarget()], { objectNames: ['a', 'b'] })).rejects.toThrow(
      'coreCheck(): 2 objectNames for 1 inputs');
    await expect(coreCheck([objectBytes(obj)], [tinyTarget()], { objectNames: ['x'], targetNames: ['x'] })).rejects.toThrow(
      BpftoolUsageError);
    const old = await createBpftool({ upstream: '7.1' });
    await expect(old.coreCheck([objectBytes(obj)], [tinyTarget()])).rejects.toThrow(
      "coreCheck() needs bpftool 7.5 or later (libbpf 1.5): upstream '7.1' has no commands of bpftool-wasm's own");
  });

  it('the CLI on the host file system: native\'s bytes and exit status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'core-check-cli-'));
    try {
      for (const f of [obj, ...targets]) writeFileSync(join(dir, f), objectBytes(f));
      for (const args of [['core', 'check', obj, 'against', ...targets], ['-p', 'core', 'check', obj, 'against', targets[1]!]]) {
        const native = spawnSync(nativeExt, args, { cwd: dir });
        const cli = spawnSync('node', [join(repoRoot, 'dist/cli.cjs'), ...args], { cwd: dir });
        expect({ status: cli.status, stdout: cli.stdout.toString(), stderr: cli.stderr.toString() })
          .toEqual({ status: native.status, stdout: native.stdout.toString(), stderr: native.stderr.toString() });
        expect(cli.status).toBe(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
