/**
 * The CLI on the host's own file system, against native bpftool run the same
 * way: stdout, stderr, exit code and the files left on disk, for the cases
 * where copying named files into memory differed from native (files named
 * inside a batch file, `--base-btf=F`, `-BF`, outputs the host refuses, a
 * hard link between output and input), for the BPF file system mounted and
 * not, and for deeply nested types, which need a stack as deep as native's.
 *
 * Each case runs native and the CLI in twin scratch folders (the same
 * names, since bpftool's messages name them). Cases that depend on mounts
 * run both in a private mount namespace, so the host's mounts never change.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from './helpers/compare.js';
import { corpusDir, corpusSplitBtf } from './helpers/corpus.js';
import { nativeBpftool, repoRoot } from './helpers/native.js';
import { nestedChain, nestedFanout } from './helpers/nested-btf.js';

const cli = path.join(repoRoot, 'dist/cli.cjs');
const example = path.join(repoRoot, 'build/examples/minimal.bpf.o');
const VMLINUX = '/sys/kernel/btf/vmlinux';

interface Ran {
  status: number | null;
  stdout: Buffer;
  stderr: Buffer;
  dir: string;
}

/** A scratch folder laid out by `layout`; native bpftool is found on PATH as plain `bpftool`, as users call it. */
function twin(layout: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-host-'));
  layout(dir);
  return dir;
}

/**
 * Runs `args` with native bpftool and with the CLI, each in its own copy of
 * `layout`, optionally after `mountScript` in a private mount namespace.
 */
function both(args: string[], layout: (dir: string) => void, mountScript?: string): { native: Ran; wasm: Ran } {
  const go = (cmd: string, cmdArgs: string[]): Ran => {
    const dir = twin(layout);
    const [file, argv] = mountScript
      ? ['unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', `${mountScript} && exec "$@"`, 'sh', cmd, ...cmdArgs]]
      : [cmd, cmdArgs];
    const r = spawnSync(file, argv, {
      cwd: dir,
      maxBuffer: 1 << 30,
      env: { ...process.env, PATH: `${path.dirname(nativeBpftool)}:${process.env['PATH']}` },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir };
  };
  return { native: go('bpftool', args), wasm: go(process.execPath, [cli, ...args]) };
}

function expectSame({ native, wasm }: { native: Ran; wasm: Ran }): void {
  expect(wasm.stderr.toString()).toBe(native.stderr.toString());
  expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
  expect(wasm.status).toBe(native.status);
}

const withExample = (dir: string) => cpSync(example, path.join(dir, 'minimal.bpf.o'));

describe('bpftool-wasm CLI on the host file system, against native', () => {
  it('finds the files named inside a batch file', () => {
    const r = both(['batch', 'file', 'cmds'], (dir) => {
      withExample(dir);
      writeFileSync(path.join(dir, 'cmds'), 'btf dump file minimal.bpf.o\ngen skeleton minimal.bpf.o\n');
    });
    expectSame(r);
    expect(r.native.status).toBe(0);
    expect(r.wasm.stdout.toString()).toContain('#define __MINIMAL_BPF_SKEL_H__');
  });

  it('reads commands from standard input (batch file -), and fails at its end as native 7.5 does', () => {
    const dir = twin(withExample);
    const input = 'btf dump file minimal.bpf.o format c\n';
    const native = spawnSync(nativeBpftool, ['batch', 'file', '-'], { cwd: dir, input });
    const wasm = spawnSync(process.execPath, [cli, 'batch', 'file', '-'], { cwd: dir, input });
    expect(wasm.stderr.toString()).toBe(native.stderr.toString());
    expect(wasm.stdout.toString()).toBe(native.stdout.toString());
    expect(wasm.status).toBe(native.status);
    expect(wasm.stdout.toString()).toContain('#endif /* __VMLINUX_H__ */');
    expect(native.stderr.toString()).toBe('Error: reading batch file failed: Bad file descriptor\n');
  });

  describe('base BTF given as --base-btf=F and -BF', () => {
    let split: string | undefined;
    beforeAll(() => {
      split = corpusSplitBtf()[0];
    });
    for (const form of ['--base-btf=', '-B'] as const) {
      it(`${form}F`, (ctx) => {
        if (!split || !existsSync(VMLINUX)) return ctx.skip();
        const r = both([`${form}${VMLINUX}`, 'btf', 'dump', 'file', path.basename(split)], (dir) =>
          cpSync(split!, path.join(dir, path.basename(split!))),
        );
        expectSame(r);
        expect(r.native.status).toBe(0);
        expect(r.wasm.stdout.length).toBeGreaterThan(0);
      });
    }
  });

  it('an output under /proc fails as natively, and nothing is written', () => {
    const r = both(['gen', 'object', '/proc/bpftool-wasm-out.o', 'minimal.bpf.o'], withExample);
    expectSame(r);
    expect(r.native.status).not.toBe(0);
    expect(existsSync('/proc/bpftool-wasm-out.o')).toBe(false);
  });

  it('an output in a read-only folder fails with bpftool\'s own messages', () => {
    // Root ignores permission bits, so the folder is a read-only mount.
    const r = both(
      ['gen', 'object', 'ro/out.o', 'minimal.bpf.o'],
      (dir) => {
        withExample(dir);
        mkdirSync(path.join(dir, 'ro'));
      },
      'mount -t tmpfs -o ro tmpfs ro',
    );
    expectSame(r);
    expect(r.native.status).not.toBe(0);
    expect(r.native.stderr.toString()).toContain("libbpf: failed to create 'ro/out.o': -30\n"); // EROFS
  });

  it('an output hard-linked to the input is destroyed and the command fails, as natively', () => {
    const layout = (dir: string) => {
      withExample(dir);
      linkSync(path.join(dir, 'minimal.bpf.o'), path.join(dir, 'link.o'));
    };
    const r = both(['gen', 'object', 'link.o', 'minimal.bpf.o'], layout);
    expectSame(r);
    expect(r.native.status).not.toBe(0);
    for (const ran of [r.native, r.wasm]) {
      expect(statSync(path.join(ran.dir, 'minimal.bpf.o')).size).toBe(statSync(path.join(r.native.dir, 'minimal.bpf.o')).size);
    }
    expect(readFileSync(path.join(r.wasm.dir, 'link.o'))).toEqual(readFileSync(path.join(r.native.dir, 'link.o')));
  });

  describe('a light skeleton of an object with a map pinned by name', () => {
    const pinning = () => path.join(corpusDir(), 'obj', 'test_pinning.bpf.o');
    const layout = (dir: string) => cpSync(pinning(), path.join(dir, 'test_pinning.bpf.o'));
    const args = ['gen', 'skeleton', '-L', 'test_pinning.bpf.o'];

    it('with no BPF file system mounted: "not on BPF FS"', (ctx) => {
      if (!existsSync(pinning())) return ctx.skip();
      const r = both(args, layout, 'while umount /sys/fs/bpf 2>/dev/null; do :; done');
      expectSame(r);
      expect(r.native.stderr.toString()).toContain('libbpf: specified path /sys/fs/bpf/pinmap is not on BPF FS');
    });

    it('with a BPF file system mounted: the pin itself fails', (ctx) => {
      if (!existsSync(pinning())) return ctx.skip();
      const r = both(args, layout, 'mount -t bpf bpf /sys/fs/bpf');
      expectSame(r);
      expect(r.native.stderr.toString()).toContain('libbpf: failed to pin map: Invalid argument');
    });
  });

  describe('anonymous structs nested N deep (btf dump … format c)', () => {
    for (const depth of [1000, 3464, 10_000]) {
      it(`N = ${depth}: byte for byte`, () => {
        const r = both(['btf', 'dump', 'file', 'nested.btf', 'format', 'c'], (dir) =>
          writeFileSync(path.join(dir, 'nested.btf'), nestedChain(depth)),
        );
        expectSame(r);
        expect(r.native.status).toBe(0);
      });
    }

    it('N = 10,000 outruns the main thread\'s stack: the run starts again on the deep-stack thread, and only its output is written', () => {
      const dir = twin((d) => writeFileSync(path.join(d, 'nested.btf'), nestedChain(10_000)));
      const args = ['btf', 'dump', 'file', 'nested.btf', 'format', 'c'];
      const wasm = spawnSync(process.execPath, [cli, ...args], { cwd: dir, maxBuffer: 1 << 30, env: { ...process.env, BPFTOOL_WASM_TIMING: '1' } });
      const native = spawnSync(nativeBpftool, args, { cwd: dir, maxBuffer: 1 << 30 });
      expect(wasm.status).toBe(0);
      expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
      expect(wasm.stderr.toString()).toMatch(/^bpftool-wasm timing \(ms\): .*; bpftool ran on main thread, then deep-stack thread\n$/);
      // A shallow chain stays on the main thread.
      writeFileSync(path.join(dir, 'nested.btf'), nestedChain(100));
      const shallow = spawnSync(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, BPFTOOL_WASM_TIMING: '1' } });
      expect(shallow.stderr.toString()).toMatch(/; bpftool ran on main thread\n$/);
    });

    it('N = 30,000, past the module\'s 8 MiB stack: a crash and a non-zero exit, never a success', () => {
      const dir = twin((d) => writeFileSync(path.join(d, 'nested.btf'), nestedChain(30_000)));
      const wasm = spawnSync(process.execPath, [cli, 'btf', 'dump', 'file', 'nested.btf', 'format', 'c'], {
        cwd: dir,
        maxBuffer: 1 << 30,
      });
      expect(wasm.status).toBe(134);
      expect(wasm.stderr.toString()).toMatch(/^bpftool-wasm: BpftoolCrashError: bpftool btf dump file nested\.btf format c crashed in WebAssembly: .*stack/m);
    });
  });

  it('streams a large output: the CLI\'s peak memory stays far below the output\'s size', () => {
    // 2^22 innermost ints: 252 MB of C from a BTF of 879 bytes.
    const dir = twin((d) => writeFileSync(path.join(d, 'fanout.btf'), nestedFanout(22)));
    const args = ['btf', 'dump', 'file', 'fanout.btf', 'format', 'c'];
    const native = spawnSync('sh', ['-c', `"${nativeBpftool}" "$@" > native.h`, 'sh', ...args], { cwd: dir });
    const wasm = spawnSync('/usr/bin/time', ['-f', '%M', '-o', 'rss', process.execPath, cli, ...args], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 30,
    });
    expect(wasm.status).toBe(native.status);
    const nativeOut = readFileSync(path.join(dir, 'native.h'));
    expect(nativeOut.length).toBeGreaterThan(250_000_000);
    expect(sha256(wasm.stdout)).toBe(sha256(nativeOut));
    const peakKiB = Number(readFileSync(path.join(dir, 'rss'), 'utf8').trim());
    expect(peakKiB * 1024).toBeLessThan(nativeOut.length / 2);
  });
});
