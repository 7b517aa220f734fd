/**
 * The TypeScript API: the result shape of run(), output files, the typed
 * helpers against run(), and isolation between calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { BpftoolCrashError, BpftoolUsageError, createBpftool, genSkeleton } from '../dist/index.js';
import { sha256 } from './helpers/compare.js';
import { repoRoot, runNative } from './helpers/native.js';

const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));

describe('run()', () => {
  it('returns exit code, stdout, stderr and written files as plain data', async () => {
    const bpftool = await createBpftool();
    const r = await bpftool.run(['gen', 'object', 'out.bpf.o', 'minimal.bpf.o'], {
      files: { 'minimal.bpf.o': example },
    });
    const native = runNative(['gen', 'object', 'out.bpf.o', 'minimal.bpf.o'], { 'minimal.bpf.o': example });
    expect(Object.keys(r).sort()).toEqual(['exitCode', 'files', 'stderr', 'stdout']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    // Only what bpftool wrote comes back; the input it read does not.
    expect(Object.keys(r.files)).toEqual(['out.bpf.o']);
    expect(r.files['out.bpf.o']).toBeInstanceOf(Uint8Array);
    expect(sha256(r.files['out.bpf.o']!)).toBe(sha256(native.files['out.bpf.o']!));
    expect(structuredClone(r)).toEqual(r);
  });

  it('resolves input paths against cwd, and reports outputs outside it by absolute path', async () => {
    const bpftool = await createBpftool();
    const r = await bpftool.run(['gen', 'object', '/tmp/out.bpf.o', 'sub/dir/minimal.bpf.o'], {
      cwd: '/home/user',
      files: { 'sub/dir/minimal.bpf.o': example },
    });
    expect(r.exitCode).toBe(0);
    expect(Object.keys(r.files)).toEqual(['/tmp/out.bpf.o']);
  });

  it('rejects arguments that are not strings with a usage error', async () => {
    const bpftool = await createBpftool();
    await expect(bpftool.run([42 as unknown as string])).rejects.toBeInstanceOf(BpftoolUsageError);
  });

  it('gives every call a fresh instance: a failed call leaves no trace in the next', async () => {
    const bpftool = await createBpftool();
    const first = await bpftool.run(['gen', 'skeleton', 'minimal.bpf.o'], { files: { 'minimal.bpf.o': example } });
    // -B with a bad base sets bpftool's global base_btf path; -d turns on libbpf debug output.
    await bpftool.run(['-d', '-B', 'missing.btf', 'gen', 'skeleton', 'nothing.o']);
    await bpftool.run(['-j', 'version']);
    const again = await bpftool.run(['gen', 'skeleton', 'minimal.bpf.o'], { files: { 'minimal.bpf.o': example } });
    expect(again).toEqual(first);
  });

  it('runs calls in parallel with the same bytes as one after another', async () => {
    const bpftool = await createBpftool();
    const one = await bpftool.run(['gen', 'skeleton', 'minimal.bpf.o'], { files: { 'minimal.bpf.o': example } });
    const many = await Promise.all(
      Array.from({ length: 8 }, () =>
        bpftool.run(['gen', 'skeleton', 'minimal.bpf.o'], { files: { 'minimal.bpf.o': example } }),
      ),
    );
    for (const r of many) expect(r).toEqual(one);
  });

  it('feeds stdin to `batch file -`', async () => {
    const bpftool = await createBpftool();
    const r = await bpftool.run(['batch', 'file', '-'], { stdin: 'version\nversion\n' });
    const native = runNative(['batch', 'file', 'cmds'], { cmds: new TextEncoder().encode('version\nversion\n') });
    expect(r.exitCode).toBe(native.exitCode);
    expect(r.stdout).toBe(native.stdout.toString());
  });
});

describe('typed helpers', () => {
  it('genSkeleton equals the skeleton that run() and native print', async () => {
    const native = runNative(['gen', 'skeleton', 'minimal.bpf.o'], { 'minimal.bpf.o': example });
    const header = await genSkeleton(example, { fileName: 'minimal.bpf.o' });
    expect(header).toBe(native.stdout.toString());
  });

  it('genSkeleton with name and light', async () => {
    const bpftool = await createBpftool();
    const native = runNative(['-L', 'gen', 'skeleton', 'object.bpf.o', 'name', 'counter'], { 'object.bpf.o': example });
    expect(await bpftool.genSkeleton(example, { name: 'counter', light: true })).toBe(native.stdout.toString());
  });

  it('genObject, genMinCoreBtf and btfDump return bytes and text equal to native', async () => {
    const bpftool = await createBpftool();
    const linked = await bpftool.genObject([example]);
    const native = runNative(['gen', 'object', 'linked.bpf.o', 'input0.bpf.o'], { 'input0.bpf.o': example });
    expect(sha256(linked)).toBe(sha256(native.files['linked.bpf.o']!));

    const c = await bpftool.btfDump(example, { format: 'c' });
    const nativeC = runNative(['btf', 'dump', 'file', 'input.btf', 'format', 'c'], { 'input.btf': example });
    expect(c).toBe(nativeC.stdout.toString());

    const json = JSON.parse(await bpftool.btfDump(example, { json: true })) as { types: unknown[] };
    expect(json.types.length).toBeGreaterThan(0);
  });

  it('genMinCoreBtf of the running kernel for the example', async (ctx) => {
    const vmlinux = kernelBtf();
    if (!vmlinux) return ctx.skip(true, NO_KERNEL_BTF);
    const bpftool = await createBpftool();
    const min = await bpftool.genMinCoreBtf(vmlinux, [example]);
    const native = runNative(['gen', 'min_core_btf', 'input.btf', 'min.btf', 'input0.bpf.o'], {
      'input.btf': vmlinux,
      'input0.bpf.o': example,
    });
    expect(sha256(min)).toBe(sha256(native.files['min.btf']!));
  });

  it('version names the upstream versions', async () => {
    const bpftool = await createBpftool();
    expect(await bpftool.version()).toBe('bpftool v7.5.0\nusing libbpf v1.5\nfeatures:\n');
  });
});

describe('file names', () => {
  it('bpftool sees the names given, and an error says which argument a name it was not given stands for', async () => {
    const bpftool = await createBpftool();
    const notElf = new TextEncoder().encode('not an ELF file');
    await expect(bpftool.genObject([example, notElf], { fileNames: ['a.bpf.o', 'b.bpf.o'] })).rejects.toMatchObject({
      name: 'BpftoolError',
      message: expect.stringMatching(/^bpftool gen object linked\.bpf\.o a\.bpf\.o b\.bpf\.o exited with code \d+: .*b\.bpf\.o[^(]*$/),
    });
    await expect(bpftool.genObject([example, notElf])).rejects.toMatchObject({
      name: 'BpftoolError',
      message: expect.stringMatching(
        /input1\.bpf\.o.* \(no file names were given: input0\.bpf\.o is objects\[0\] of genObject\(\), input1\.bpf\.o is objects\[1\] of genObject\(\)\)$/,
      ),
    });
    await expect(bpftool.btfDump(notElf)).rejects.toThrow(/\(no file names were given: input\.btf is the input given to btfDump\(\)\)$/);
    await expect(bpftool.btfDump(notElf, { fileName: 'mine.btf' })).rejects.toThrow(/^bpftool btf dump file mine\.btf format raw exited with code \d+: [^(]*$/);
    await expect(bpftool.genObject([example], { fileNames: [] })).rejects.toMatchObject({
      name: 'BpftoolUsageError',
      message: 'genObject: 0 fileNames for 1 objects',
    });
  });
});

describe('loading', () => {
  it('accepts the wasm bytes or a compiled module instead of finding the file', async () => {
    const bytes = readFileSync(join(repoRoot, 'dist/bpftool-7.5.wasm'));
    const fromBytes = await createBpftool({ wasmBinary: bytes });
    const fromModule = await createBpftool({ wasmModule: await WebAssembly.compile(bytes) });
    expect(await fromBytes.version()).toBe(await fromModule.version());
  });

  it('finds the module where locateFile says, by path or file: URL, and names a missing one', async () => {
    const wasmPath = join(repoRoot, 'dist/bpftool-7.5.wasm');
    const byPath = await createBpftool({ locateFile: () => wasmPath });
    const byUrl = await createBpftool({ locateFile: (name) => new URL(`../dist/${name}`, import.meta.url) });
    expect(await byPath.version()).toBe(await byUrl.version());
    const missing = join(repoRoot, 'build/nowhere/bpftool.wasm');
    await expect(createBpftool({ locateFile: () => missing })).rejects.toMatchObject({
      name: 'BpftoolLoadError',
      message: expect.stringMatching(new RegExp(`^cannot read file://${missing}: Error: ENOENT`)),
    });
  });

  it('reports a module that is not WebAssembly as a load error', async () => {
    await expect(createBpftool({ wasmBinary: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({
      name: 'BpftoolLoadError',
    });
  });

  it('checks wasmBinary against the shipped sha256, and names both on a mismatch', async () => {
    const versions = JSON.parse(readFileSync(join(repoRoot, 'dist/versions.json'), 'utf8')) as { upstreams: Record<string, { wasmSha256: string }> };
    const v78 = readFileSync(join(repoRoot, 'dist/bpftool-7.8.wasm'));
    await expect(createBpftool({ wasmBinary: v78 })).rejects.toMatchObject({
      name: 'BpftoolLoadError',
      message:
        `wasmBinary is not bpftool-7.5.wasm: its sha256 is ${versions.upstreams['7.8']!.wasmSha256}, ` +
        `and bpftool-7.5.wasm of this package has ${versions.upstreams['7.5']!.wasmSha256} (versions.json)`,
    });
    expect(await (await createBpftool({ wasmBinary: v78, upstream: '7.8' })).version()).toMatch(/^bpftool v7\.8\.0\n/);
  });

  it('exports the crash error for callers to test against', () => {
    expect(new BpftoolCrashError(['x'], new Error('unreachable'), '').name).toBe('BpftoolCrashError');
  });
});
