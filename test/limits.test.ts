/**
 * The API under input made to exhaust it: types nested deeper than the
 * stack, output larger than memory should hold, a .bss of 1.75 GiB. Each
 * ends as native bpftool's run does, or with a typed error, never with
 * output that looks valid. And the host facts the API takes: whether a BPF
 * file system is mounted changes a light skeleton's messages as natively.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BpftoolCrashError,
  BpftoolOutputLimitError,
  BpftoolUsageError,
  createBpftool,
  createWorkerBpftool,
  STANDARD_BPFFS,
} from '../dist/index.js';
import { hostKernel, sha256 } from './helpers/compare.js';
import { corpusDir } from './helpers/corpus.js';
import { compileBpf } from './helpers/bpf-fixtures.js';
import { nativeBpftool, repoRoot, runNative } from './helpers/native.js';
import { nestedChain, nestedFanout } from './helpers/nested-btf.js';

const dumpC = ['btf', 'dump', 'file', 'nested.btf', 'format', 'c'];

describe('types nested deeper than a thread\'s stack', () => {
  it('depth 10,000 on Node\'s main thread equals native byte for byte (the run moves to a deep-stack thread)', async () => {
    const files = { 'nested.btf': nestedChain(10_000) };
    const native = runNative(dumpC, files);
    expect(native.exitCode).toBe(0);
    const r = await (await createBpftool()).runRaw(dumpC, { files });
    expect(r.exitCode).toBe(0);
    expect(sha256(r.stdout)).toBe(sha256(native.stdout));
    expect(Buffer.from(r.stderr).toString()).toBe(native.stderr.toString());
  });

  it('depth 10,000 in createWorkerBpftool()\'s worker equals native', async () => {
    const files = { 'nested.btf': nestedChain(10_000) };
    const native = runNative(dumpC, files);
    const worker = await createWorkerBpftool();
    try {
      const r = await worker.runRaw(dumpC, { files });
      expect(sha256(r.stdout)).toBe(sha256(native.stdout));
      expect(r.exitCode).toBe(0);
    } finally {
      await worker.terminate();
    }
  });

  it('an overflow of the module\'s linear stack is a BpftoolCrashError, never output', async () => {
    // 30,000 levels need more than the 8 MiB linear stack; the worker's host stack is deeper still.
    const worker = await createWorkerBpftool();
    try {
      const err = await worker.runRaw(dumpC, { files: { 'nested.btf': nestedChain(30_000) } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BpftoolCrashError);
      expect((err as BpftoolCrashError).message).toMatch(
        /^bpftool btf dump file nested\.btf format c crashed in WebAssembly: stack overflow \(Attempt to set SP to 0x[0-9a-f]+, with stack limits/,
      );
      // The next call in the same worker is unaffected.
      const next = await worker.runRaw(dumpC, { files: { 'nested.btf': nestedChain(3) } });
      expect(next.exitCode).toBe(0);
    } finally {
      await worker.terminate();
    }
  });
});

describe('output larger than a result should hold', () => {
  const fanout = { 'nested.btf': nestedFanout(18) }; // 15 MB of C

  it('onStdout takes it as it is written: the same bytes as native, and an empty stdout in the result', async () => {
    const native = runNative(dumpC, fanout);
    const chunks: Uint8Array[] = [];
    const r = await (await createBpftool()).runRaw(dumpC, { files: fanout, onStdout: (c) => chunks.push(c) });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(chunks.length).toBeGreaterThan(1);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(native.stdout));
  });

  it('without onStdout, past maxOutputBytes the run stops with BpftoolOutputLimitError', async () => {
    const bpftool = await createBpftool();
    const err = await bpftool.run(dumpC, { files: fanout, maxOutputBytes: 1_000_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BpftoolOutputLimitError);
    expect(err).toMatchObject({ name: 'BpftoolOutputLimitError', exitCode: 1, limit: 1_000_000, stderr: '' });
    expect((err as Error).message).toBe(
      'bpftool btf dump file nested.btf format c wrote more than 1000000 bytes of output, the most a result holds; ' +
        'pass onStdout to take the output as it is written',
    );
  });

  it('the error keeps its class through a worker', async () => {
    const worker = await createWorkerBpftool();
    try {
      await expect(worker.run(dumpC, { files: fanout, maxOutputBytes: 1000 })).rejects.toMatchObject({
        name: 'BpftoolOutputLimitError',
        exitCode: 1,
        limit: 1000,
      });
    } finally {
      await worker.terminate();
    }
  });

  it('an exception thrown by onStdout stops the run and is thrown as it is', async () => {
    const mine = new Error('enough');
    await expect(
      (await createBpftool()).run(dumpC, {
        files: fanout,
        onStdout: () => {
          throw mine;
        },
      }),
    ).rejects.toBe(mine);
  });

  it('bad values for the options are usage errors', async () => {
    const bpftool = await createBpftool();
    await expect(bpftool.run(['version'], { maxOutputBytes: -1 })).rejects.toBeInstanceOf(BpftoolUsageError);
    await expect(bpftool.run(['version'], { onStdout: 'x' as never })).rejects.toBeInstanceOf(BpftoolUsageError);
    await expect(bpftool.run(['version'], { kernel: { bpffs: ['relative'] } })).rejects.toBeInstanceOf(BpftoolUsageError);
  });
});

describe('the BPF file system as a host fact (RunOptions.kernel.bpffs)', () => {
  const pinning = () => join(corpusDir(), 'obj', 'test_pinning.bpf.o');
  const args = ['gen', 'skeleton', '-L', 'test_pinning.bpf.o'];

  /** Native bpftool in a private mount namespace, where bpffs is mounted or not. */
  function nativeWith(mounted: boolean) {
    const script = mounted ? 'mount -t bpf bpf /sys/fs/bpf' : 'while umount /sys/fs/bpf 2>/dev/null; do :; done';
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', `${script} && exec "$@"`, 'sh', nativeBpftool, ...args], {
      cwd: join(corpusDir(), 'obj'),
      maxBuffer: 1 << 30,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  }

  for (const [what, bpffs, mounted] of [
    ['the standard host (default)', undefined, true],
    ['a host with none mounted', [] as string[], false],
  ] as const) {
    it(`${what}: messages and exit code as native there`, async (ctx) => {
      if (!existsSync(pinning())) return ctx.skip();
      const host = hostKernel();
      const native = nativeWith(mounted);
      const r = await (await createBpftool()).runRaw(args, {
        files: { 'test_pinning.bpf.o': readFileSync(pinning()), ...host.files },
        kernel: { ...host.kernel, bpffs },
      });
      expect(Buffer.from(r.stderr).toString()).toBe(native.stderr);
      expect(sha256(r.stdout)).toBe(sha256(native.stdout));
      expect(r.exitCode).toBe(native.status);
    });
  }

  it('the standard host mounts it at /sys/fs/bpf', () => {
    expect(STANDARD_BPFFS).toEqual(['/sys/fs/bpf']);
  });
});

describe('anonymous mappings', () => {
  it('a .bss of 1.75 GiB costs no memory that nobody writes: the skeleton as native, in a small peak RSS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftool-bss-'));
    const obj = compileBpf(join(repoRoot, 'test/fixtures/big_bss.bpf.c'), join(repoRoot, 'build/test-fixtures/big_bss.bpf.o'));
    copyFileSync(obj, join(dir, 'big_bss.bpf.o'));
    const args = ['gen', 'skeleton', 'big_bss.bpf.o'];
    const native = spawnSync(nativeBpftool, args, { cwd: dir, maxBuffer: 1 << 30 });
    const cli = spawnSync('/usr/bin/time', ['-f', '%M', '-o', 'rss', process.execPath, join(repoRoot, 'dist/cli.cjs'), ...args], {
      cwd: dir,
      maxBuffer: 1 << 30,
    });
    expect(native.status).toBe(0);
    expect(cli.status).toBe(0);
    expect(sha256(cli.stdout)).toBe(sha256(native.stdout));
    const peakMiB = Number(readFileSync(join(dir, 'rss'), 'utf8')) / 1024;
    expect(peakMiB).toBeLessThan(256);
  });
});
