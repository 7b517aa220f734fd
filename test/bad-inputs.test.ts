/**
 * Bad input gets bpftool's own answer, in every shipped version: the same
 * exit code and stderr as that version's native build, and nothing but the
 * typed error escapes the typed helpers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpftoolError, UPSTREAM_VERSIONS } from '../dist/index.js';
import { expectIdentical } from './helpers/compare.js';
import { nativeBpftoolOf, repoRoot, runNative } from './helpers/native.js';
import { danglingReturnType } from './helpers/nested-btf.js';
import { bpftool } from './helpers/wasm.js';

const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));

const BAD_FILES: Record<string, Uint8Array> = {
  'empty.bpf.o': new Uint8Array(0),
  'text.bpf.o': new TextEncoder().encode('this is not an ELF file\n'),
  'truncated.bpf.o': example.subarray(0, 200),
  'headers-only.bpf.o': example.subarray(0, 64),
};

const COMMANDS: Array<(f: string) => string[]> = [
  (f) => ['gen', 'skeleton', f],
  (f) => ['gen', 'skeleton', '-L', f],
  (f) => ['gen', 'subskeleton', f],
  (f) => ['btf', 'dump', 'file', f],
  (f) => ['btf', 'dump', 'file', f, 'format', 'c'],
  (f) => ['gen', 'object', 'out.bpf.o', f],
];

for (const v of UPSTREAM_VERSIONS) {
  describe(`bad inputs give the same exit code and stderr as native, bpftool ${v}`, () => {
    for (const cmd of COMMANDS) {
      it(`${cmd('missing.bpf.o').join(' ')} (missing file)`, async () => {
        const native = await expectIdentical(cmd('missing.bpf.o'), {}, undefined, v);
        expect(native.exitCode).not.toBe(0);
      });
      for (const [name, bytes] of Object.entries(BAD_FILES)) {
        it(`${cmd(name).join(' ')}`, async () => {
          const native = await expectIdentical(cmd(name), { [name]: bytes }, undefined, v);
          expect(native.exitCode).not.toBe(0);
        });
      }
    }

    it('btf dump format c of a FUNC_PROTO returning a type that does not exist: native SIGSEGV, a typed crash', async () => {
      const args = ['btf', 'dump', 'file', 'dangling.btf', 'format', 'c'];
      const files = { 'dangling.btf': danglingReturnType() };
      expect(runNative(args, files, nativeBpftoolOf(v)).signal).toBe('SIGSEGV');
      const wasm = await bpftool(v);
      const err = await wasm.runRaw(args, { files }).then(
        (r) => new Error(`exited ${r.exitCode} with ${r.stdout.length} bytes of stdout`),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ name: 'BpftoolCrashError', exitCode: 134 });
    });

    it('an unknown command', async () => {
      const native = await expectIdentical(['frobnicate'], {}, undefined, v);
      expect(native.exitCode).toBe(255);
    });

    it('an unknown gen subcommand and an unknown option', async () => {
      await expectIdentical(['gen', 'frobnicate'], {}, undefined, v);
      await expectIdentical(['--frobnicate', 'version'], {}, undefined, v);
    });
  });
}

describe('typed helpers throw BpftoolError with bpftool exit code and stderr', () => {
  it('genSkeleton of a non-ELF file', async () => {
    const b = await bpftool();
    const err = await b.genSkeleton(BAD_FILES['text.bpf.o']!, { fileName: 'text.bpf.o' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BpftoolError);
    const e = err as BpftoolError;
    expect(e.name).toBe('BpftoolError');
    expect(e.exitCode).toBe(95);
    expect(e.stderr).toBe(
      "libbpf: elf: 'text_bpf' is not a proper ELF object\nError: failed to open BPF object file: BPF object format invalid\n",
    );
    expect(e.message).toBe(
      "bpftool gen skeleton text.bpf.o exited with code 95: libbpf: elf: 'text_bpf' is not a proper ELF object",
    );
  });

  it('btfDump of an empty file', async () => {
    const b = await bpftool();
    const err = (await b.btfDump(new Uint8Array(0)).catch((e: unknown) => e)) as BpftoolError;
    expect(err.name).toBe('BpftoolError');
    expect(err.exitCode).not.toBe(0);
    expect(err.stderr).toMatch(/^Error: failed to load BTF from input\.btf: /m);
  });
});

describe('commands that need a kernel', () => {
  it('fail with a clear message and a non-zero exit', async () => {
    const b = await bpftool();
    for (const object of ['prog', 'map', 'link', 'cgroup', 'perf', 'net', 'feature', 'struct_ops', 'iter']) {
      const r = await b.run([object, 'show']);
      expect(r.exitCode).toBe(255);
      expect(r.stderr).toBe(`Error: '${object}' needs a Linux kernel; not available in the WebAssembly build\n`);
    }
  });

  it('btf show reaches the bpf() shim, which says why it failed', async () => {
    const r = await (await bpftool()).run(['btf', 'show']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('bpftool-wasm: bpf() needs a Linux kernel; not available in the WebAssembly build');
  });
});
