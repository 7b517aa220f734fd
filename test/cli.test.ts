/**
 * The bpftool-wasm command as a process: bytes on stdout and stderr, exit
 * codes and files on disk as native bpftool leaves them; cross-check; and
 * the mapping of host paths into the module (POSIX and Windows).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostPaths } from '../src/cli/host-paths.js';
import { sha256 } from './helpers/compare.js';
import { nativeBpftool, repoRoot } from './helpers/native.js';

const cli = path.join(repoRoot, 'dist/cli.cjs');
const example = path.join(repoRoot, 'build/examples/minimal.bpf.o');

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-cli-'));
  copyFileSync(example, path.join(dir, 'minimal.bpf.o'));
  return dir;
}

const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, maxBuffer: 1 << 30 });

describe('bpftool-wasm CLI', () => {
  it('gen skeleton prints what native prints, byte for byte', () => {
    const dir = scratch();
    const wasm = run('node', [cli, 'gen', 'skeleton', 'minimal.bpf.o'], dir);
    const native = run(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], dir);
    expect(wasm.status).toBe(0);
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
    expect(wasm.stderr.toString()).toBe(native.stderr.toString());
  });

  it('BPFTOOL_WASM_TIMING=1 adds one line after bpftool\'s stderr; stdout stays native\'s', () => {
    const dir = scratch();
    const wasm = spawnSync('node', [cli, 'gen', 'skeleton', 'minimal.bpf.o'], { cwd: dir, env: { ...process.env, BPFTOOL_WASM_TIMING: '1' } });
    const native = run(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], dir);
    expect(wasm.status).toBe(0);
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
    expect(wasm.stderr.toString()).toMatch(
      /^bpftool-wasm timing \(ms\): node start [\d.]+, thread start [\d.]+, module compile [\d.]+, run [\d.]+ \(output [\d.]+\), answer [\d.]+, total [\d.]+; wasm tiering liftoff-only; bpftool ran on main thread\n$/,
    );
  });

  it('a plain run loads none of the Node modules it does not use: the ES-module loader, worker_threads, fs/promises, Web Crypto, perf_hooks', () => {
    const dir = scratch();
    // Node's own record of the modules it loaded, written as the process ends.
    const record = path.join(dir, 'modules.txt');
    const hook = path.join(dir, 'record-modules.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join('\\n')));\n`);
    const wasm = run('node', ['-r', hook, cli, 'gen', 'skeleton', 'minimal.bpf.o'], dir);
    const native = run(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], dir);
    expect(wasm.status).toBe(0);
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
    const loaded = readFileSync(record, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs'); // the record is Node's list
    for (const unused of [
      'NativeModule internal/modules/esm/translators',
      'NativeModule internal/modules/esm/module_job',
      'NativeModule worker_threads',
      'NativeModule fs/promises',
      'NativeModule internal/crypto/webcrypto',
      'NativeModule perf_hooks',
    ]) {
      expect(loaded).not.toContain(unused);
    }
  });

  it('a run that reads a vmlinux BTF (4 MiB or more) tiers up, and prints native\'s bytes as a short run does', () => {
    const args = ['btf', 'dump', 'file', '/sys/kernel/btf/vmlinux', 'format', 'c'];
    const wasm = spawnSync('node', [cli, ...args], { maxBuffer: 1 << 30, env: { ...process.env, BPFTOOL_WASM_TIMING: '1' } });
    const native = spawnSync(nativeBpftool, args, { maxBuffer: 1 << 30 });
    expect(wasm.status).toBe(0);
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
    expect(wasm.stderr.toString()).toMatch(/; wasm tiering tier-up; bpftool ran on main thread\n$/);
  });

  it('a batch read from standard input runs on the deep-stack thread from the start (a second attempt would find stdin gone)', () => {
    const dir = scratch();
    const input = 'gen skeleton minimal.bpf.o\n';
    const wasm = spawnSync('node', [cli, 'batch', 'file', '-'], { cwd: dir, input, env: { ...process.env, BPFTOOL_WASM_TIMING: '1' } });
    const native = spawnSync(nativeBpftool, ['batch', 'file', '-'], { cwd: dir, input });
    expect(wasm.status).toBe(native.status);
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
    const [ownLine, ...bpftoolLines] = wasm.stderr.toString().split('\n').reverse().slice(1);
    expect(ownLine).toMatch(/; bpftool ran on deep-stack thread$/);
    expect(bpftoolLines.reverse().join('\n') + (bpftoolLines.length ? '\n' : '')).toBe(native.stderr.toString());
  });

  it('stdout and stderr interleave as native\'s do when both go to one file (2>&1)', () => {
    const dir = scratch();
    // A batch whose commands print to stdout, then to stderr (a file that is not there), then to stdout, and stop there.
    writeFileSync(path.join(dir, 'cmds'), 'gen skeleton minimal.bpf.o\nbtf dump file missing.o\ngen skeleton minimal.bpf.o\n');
    const both = (command: string[]) => spawnSync('sh', ['-c', '"$@" > both 2>&1; echo $?; cat both', 'sh', ...command, 'batch', 'file', 'cmds'], { cwd: dir });
    const wasm = both(['node', cli]);
    const native = both([nativeBpftool]);
    expect(native.stdout.toString()).toContain('Error: ');
    expect(sha256(wasm.stdout)).toBe(sha256(native.stdout));
  });

  it('writes output files to the paths given, in existing folders, by absolute or relative path', () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'out'));
    const wasm = run('node', [cli, 'gen', 'object', 'out/linked.o', path.join(dir, 'minimal.bpf.o')], dir);
    expect(wasm.status).toBe(0);
    const native = run(nativeBpftool, ['gen', 'object', 'out/native.o', path.join(dir, 'minimal.bpf.o')], dir);
    expect(native.status).toBe(0);
    expect(sha256(readFileSync(path.join(dir, 'out/linked.o')))).toBe(sha256(readFileSync(path.join(dir, 'out/native.o'))));
  });

  it('fails as native does, with bpftool exit code, for a missing file and an unknown command', () => {
    const dir = scratch();
    for (const args of [['gen', 'skeleton', 'nope.o'], ['frobnicate'], ['btf', 'dump', 'file', 'minimal.bpf.o', 'format', 'x']]) {
      const wasm = run('node', [cli, ...args], dir);
      const native = run(nativeBpftool, args, dir);
      expect(wasm.status).toBe(native.status);
      expect(wasm.stderr.toString()).toBe(native.stderr.toString());
      expect(wasm.stdout.toString()).toBe(native.stdout.toString());
    }
  });

  it('does not write an output file when bpftool fails', () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'bad.o'), 'not elf');
    const wasm = run('node', [cli, 'gen', 'object', 'never.o', 'bad.o'], dir);
    const native = run(nativeBpftool, ['gen', 'object', 'never-native.o', 'bad.o'], dir);
    expect(wasm.status).toBe(native.status);
    expect(existsSync(path.join(dir, 'never.o'))).toBe(existsSync(path.join(dir, 'never-native.o')));
  });
});

describe('bpftool-wasm speaks for itself around bpftool\'s own text', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const versions = JSON.parse(readFileSync(path.join(repoRoot, 'dist/versions.json'), 'utf8')) as {
    upstreams: Record<string, { wasmSha256: string }>;
  };

  it('help, --help, -h and no arguments: its own section, then bpftool\'s usage as native prints it, exit 0', () => {
    const dir = scratch();
    for (const args of [['help'], ['--help'], ['-h'], []]) {
      const native = run(nativeBpftool, args, dir);
      const wasm = run('node', [cli, ...args], dir);
      expect(wasm.status).toBe(native.status);
      expect(wasm.stdout.toString()).toBe('');
      const stderr = wasm.stderr.toString();
      expect(stderr.endsWith(`bpftool 7.5's own usage:\n${native.stderr.toString()}`)).toBe(true);
      expect(stderr).toContain('are not available');
      for (const own of ['--upstream VERSION', 'cross-check', 'btf distill', 'btf relocate', 'core check OBJECT... against BTF...']) expect(stderr).toContain(own);
    }
    const v78 = run('node', [cli, '--upstream', '7.8', 'help'], dir);
    expect(v78.stderr.toString().endsWith(`bpftool 7.8's own usage:\n${run(path.join(repoRoot, 'build/native/7.8/bpftool'), ['help'], dir).stderr.toString()}`)).toBe(true);
  });

  it('version, --version, -V: bpftool\'s lines, then the package\'s version and the module\'s sha256', () => {
    const dir = scratch();
    for (const args of [['version'], ['--version'], ['-V']]) {
      const native = run(nativeBpftool, args, dir);
      const wasm = run('node', [cli, ...args], dir);
      expect(wasm.status).toBe(0);
      expect(wasm.stdout.toString()).toBe(
        `${native.stdout.toString()}bpftool-wasm v${pkg.version}, bpftool-7.5.wasm sha256 ${versions.upstreams['7.5']!.wasmSha256}\n`,
      );
    }
    const wasm71 = run('node', [cli, '--upstream=7.1', 'version'], dir).stdout.toString();
    expect(wasm71).toMatch(/^bpftool v7\.1\.0\n/);
    expect(wasm71).toContain(`bpftool-7.1.wasm sha256 ${versions.upstreams['7.1']!.wasmSha256}\n`);
    // JSON stays bpftool's own.
    const json = run('node', [cli, '-j', 'version'], dir);
    expect(json.stdout.toString()).toBe(run(nativeBpftool, ['-j', 'version'], dir).stdout.toString());
  });
});

describe('bpftool-wasm cross-check', () => {
  it('exits 0 and says identical when native agrees (--native=PATH)', () => {
    const dir = scratch();
    const r = run('node', [cli, 'cross-check', `--native=${nativeBpftool}`, '--', 'gen', 'skeleton', 'minimal.bpf.o'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(
      `cross-check: upstream bpftool 7.5 (the version of ${nativeBpftool}, bpftool 7.5.0)\n` +
        `identical: stdout ${r.stdout.toString().match(/stdout (\d+) bytes/)![1]} bytes, stderr 0 bytes, exit code 0, 0 output file(s)\n`,
    );
    expect(r.stdout.toString()).toMatch(/\nidentical: stdout [1-9]\d* bytes, stderr 0 bytes/);
  });

  it('exits 1 with a unified diff when the native tool disagrees', () => {
    const dir = scratch();
    // A "native bpftool" that changes one line of the real one's output.
    const fake = path.join(dir, 'fake-bpftool');
    writeFileSync(fake, `#!/bin/sh\n"${nativeBpftool}" "$@" | sed 's/map_skel_sz = 24/map_skel_sz = 12/'\n`);
    chmodSync(fake, 0o755);
    const r = run('node', [cli, 'cross-check', '--native', fake, '--', 'gen', 'skeleton', 'minimal.bpf.o'], dir);
    expect(r.status).toBe(1);
    const report = r.stdout.toString();
    expect(report).toContain('--- native/stdout\n+++ wasm/stdout\n@@ ');
    expect(report).toContain('\n-\ts->map_skel_sz = 12;\n+\ts->map_skel_sz = 24;\n');
  });

  it('compares output files too', () => {
    const dir = scratch();
    const r = run('node', [cli, 'cross-check', '--native', nativeBpftool, '--', 'gen', 'object', 'l.o', 'minimal.bpf.o'], dir);
    expect(r.stdout.toString()).toContain('1 output file(s)');
    expect(r.status).toBe(0);
  });

  it('prints its usage for a malformed command line (exit 2), and for --help (exit 0)', () => {
    const help = run('node', [cli, 'cross-check', '--help'], repoRoot);
    expect(help.status).toBe(0);
    const usage = help.stdout.toString();
    expect(usage).toMatch(/^Usage: bpftool-wasm cross-check \[--native PATH\] \[--upstream VERSION\] -- <bpftool arguments>\n/);
    expect(usage).toContain('Exit status: 0 identical, 1 different, 2 cannot compare.\n');
    const r = run('node', [cli, 'cross-check', 'gen'], repoRoot);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toBe(`bpftool-wasm cross-check: Unexpected argument 'gen'. This command does not take positional arguments\n${usage}`);
    const noArgs = run('node', [cli, 'cross-check', '--native', nativeBpftool], repoRoot);
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr.toString()).toBe(usage);
  });
});

describe('host path mapping', () => {
  it('POSIX: the module mirrors the host layout, arguments pass unchanged', () => {
    const p = hostPaths(path.posix, '/home/me/proj');
    expect(p.wasmCwd).toBe('/home/me/proj');
    expect(p.toWasm('build/x.bpf.o')).toBe('/home/me/proj/build/x.bpf.o');
    expect(p.toWasm('../other/y.o')).toBe('/home/me/other/y.o');
    expect(p.mapArg('build/x.bpf.o')).toBe('build/x.bpf.o');
    expect(p.toHost('/tmp/out.o')).toBe('/tmp/out.o');
    expect(p.toHost('out/l.o')).toBe('/home/me/proj/out/l.o');
  });

  it('Windows: drive letters become folders, backslashes become slashes, spaces survive', () => {
    const p = hostPaths(path.win32, 'C:\\Users\\Me\\My Project');
    expect(p.wasmCwd).toBe('/C/Users/Me/My Project');
    expect(p.toWasm('build\\x.bpf.o')).toBe('/C/Users/Me/My Project/build/x.bpf.o');
    expect(p.toWasm('D:\\objs\\a b.o')).toBe('/D/objs/a b.o');
    expect(p.mapArg('build\\x.bpf.o')).toBe('build/x.bpf.o');
    expect(p.mapArg('d:\\objs\\a b.o')).toBe('/D/objs/a b.o');
    expect(p.mapArg('skeleton')).toBe('skeleton');
    expect(p.toHost('/D/objs/out.o')).toBe('D:\\objs\\out.o');
    expect(p.toHost('out/l.o')).toBe('C:\\Users\\Me\\My Project\\out\\l.o');
  });

  it('Windows: forward slashes, lower-case drives, paths on the current drive and .. land where toWasm puts the file', () => {
    const p = hostPaths(path.win32, 'c:\\Work Dir\\src');
    expect(p.wasmCwd).toBe('/C/Work Dir/src');
    for (const arg of ['C:/objs/a b.o', 'c:\\objs\\a b.o', '\\objs\\a b.o', '/objs/a b.o']) {
      expect(p.mapArg(arg), arg).toBe('/C/objs/a b.o');
      expect(p.toWasm(arg), arg).toBe('/C/objs/a b.o');
    }
    // Relative paths stay relative to the module cwd, which mirrors the host's.
    expect(p.mapArg('..\\out\\x.o')).toBe('../out/x.o');
    expect(p.toWasm('..\\..\\objs\\a b.o')).toBe('/C/objs/a b.o');
    expect(p.toWasm('..\\out\\x.o')).toBe('/C/Work Dir/out/x.o');
    expect(p.toHost('/C/Work Dir/out/x.o')).toBe('C:\\Work Dir\\out\\x.o');
    // Words of bpftool's grammar and options are not paths.
    for (const word of ['gen', 'skeleton', 'name', 'format', 'c', '-L', '--use-loader']) expect(p.mapArg(word)).toBe(word);
  });

  it('POSIX: paths with spaces and backslashes are passed as they are (a backslash is a file name character)', () => {
    const p = hostPaths(path.posix, '/Users/me/My Project');
    expect(p.mapArg('build/a b.o')).toBe('build/a b.o');
    expect(p.mapArg('odd\\name.o')).toBe('odd\\name.o');
    expect(p.toWasm('odd\\name.o')).toBe('/Users/me/My Project/odd\\name.o');
  });

  it('Windows: UNC paths keep server and share', () => {
    const p = hostPaths(path.win32, 'C:\\work');
    expect(p.toWasm('\\\\server\\share\\dir\\x.o')).toBe('/unc/server/share/dir/x.o');
    expect(p.toHost('/unc/server/share/dir/x.o')).toBe('\\\\server\\share\\dir\\x.o');
  });
});
