/**
 * wasm against the native reference bpftool, built from the same pinned
 * source: stdout, stderr, exit code and output files must be identical. The
 * quick-start example and a few named commands; corpus.test.ts runs the
 * whole selftests corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { expectIdentical, hostKernel, NativeCrash } from './helpers/compare.js';
import { corpusObject } from './helpers/corpus.js';
import { repoRoot } from './helpers/native.js';

const PER_OBJECT_COMMANDS: Array<(file: string) => string[]> = [
  (f) => ['gen', 'skeleton', f],
  (f) => ['gen', 'skeleton', '-L', f],
  (f) => ['btf', 'dump', 'file', f],
  (f) => ['btf', 'dump', 'file', f, 'format', 'c'],
];

const compared = { commands: 0 };
const nativeCrashes: string[] = [];
const host = hostKernel();

/**
 * Compares one command. Light skeletons read the running kernel (BTF,
 * release, configuration), which native finds by itself and the module is
 * given. When native bpftool itself dies on
 * a signal there is nothing to compare: the case is listed in the report,
 * and the wasm must still come back with a result or a typed error.
 */
async function compareCommand(args: string[], files: Record<string, Uint8Array>): Promise<void> {
  const light = args.includes('-L');
  try {
    await expectIdentical(args, files, light ? host : undefined);
    compared.commands++;
  } catch (err) {
    if (!(err instanceof NativeCrash)) throw err;
    nativeCrashes.push(`${args.join(' ')} (native: ${err.signal})`);
  }
}

describe('the quick-start example', () => {
  const file = 'minimal.bpf.o';
  const bytes = readFileSync(join(repoRoot, 'build/examples', file));
  for (const cmd of PER_OBJECT_COMMANDS) {
    it(cmd(file).join(' '), async () => {
      await compareCommand(cmd(file), { [file]: bytes });
    });
  }
  it('gen subskeleton', async () => {
    await expectIdentical(['gen', 'subskeleton', file], { [file]: bytes });
  });
});

describe('other commands on corpus objects', () => {
  it('gen subskeleton of the linked subskeleton library, as the selftests build it', async () => {
    const lib = corpusObject('test_subskeleton_lib');
    const lib2 = corpusObject('test_subskeleton_lib2');
    const inputs = { [lib2.file]: lib2.bytes, [lib.file]: lib.bytes };
    const linked = await expectIdentical(['gen', 'object', 'lib.linked.o', lib2.file, lib.file], inputs);
    const linkedObj = { 'lib.linked.o': linked.files['lib.linked.o']! };
    const native = await expectIdentical(['gen', 'subskeleton', 'lib.linked.o', 'name', 'test_subskeleton_lib'], linkedObj);
    expect(native.exitCode).toBe(0);
    expect(native.stdout.toString()).toContain('test_subskeleton_lib__open');
  });

  it('gen object links the linked_funcs pair byte for byte', async () => {
    const a = corpusObject('linked_funcs1');
    const b = corpusObject('linked_funcs2');
    const native = await expectIdentical(['gen', 'object', 'linked.bpf.o', a.file, b.file], {
      [a.file]: a.bytes,
      [b.file]: b.bytes,
    });
    expect(Object.keys(native.files)).toEqual(['linked.bpf.o']);
  });

  it('gen min_core_btf of vmlinux for a CO-RE object', async (ctx) => {
    const vmlinux = kernelBtf();
    if (!vmlinux) return ctx.skip(true, NO_KERNEL_BTF);
    const obj = corpusObject('test_core_reloc_kernel');
    const native = await expectIdentical(['gen', 'min_core_btf', 'vmlinux', 'min.btf', obj.file], {
      vmlinux,
      [obj.file]: obj.bytes,
    });
    expect(Object.keys(native.files)).toContain('min.btf');
  });

  it('btf dump -j and -p (JSON) of an object', async () => {
    const obj = corpusObject('test_skeleton');
    await expectIdentical(['-j', 'btf', 'dump', 'file', obj.file], { [obj.file]: obj.bytes });
    await expectIdentical(['-p', 'btf', 'dump', 'file', obj.file], { [obj.file]: obj.bytes });
  });

  it('-d (libbpf debug output) on gen skeleton', async () => {
    const obj = corpusObject('test_skeleton');
    await expectIdentical(['-d', 'gen', 'skeleton', obj.file], { [obj.file]: obj.bytes });
  });

  it('version, -V, help and -j version', async () => {
    await expectIdentical(['version']);
    await expectIdentical(['-V']);
    await expectIdentical(['help']);
    await expectIdentical(['-j', 'version']);
    await expectIdentical(['gen', 'help']);
    await expectIdentical(['btf', 'help']);
  });
});

afterAll(() => {
  console.log(`differential: the example, ${compared.commands} object commands identical to native`);
  if (nativeCrashes.length) {
    console.log(`native bpftool crashed (nothing to compare) on ${nativeCrashes.length}:\n  ${nativeCrashes.join('\n  ')}`);
  }
});
