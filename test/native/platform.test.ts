/**
 * bpftool-wasm/native where it cannot run: importing it is always safe, and
 * calls throw UnsupportedPlatformError saying why. These need no privilege.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/bpf-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'bpftool-wasm-platform-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs an ES module snippet with Node from the repository, so that the package name resolves to itself. */
function node(script: string, preamble = ''): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `${preamble}\n${script}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr };
}

const tryOpen = `
const m = await import('bpftool-wasm/native');
try { await m.openObject(new Uint8Array(8)); console.log('opened'); }
catch (e) { console.log(e.name + ': ' + e.message); console.log(e instanceof m.UnsupportedPlatformError); }
console.log(JSON.stringify(await m.nativeSupport()));`;

it('on a platform other than Linux, calls throw UnsupportedPlatformError naming the platform', () => {
  const r = node(tryOpen, "Object.defineProperty(process, 'platform', { value: 'darwin' });");
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    'UnsupportedPlatformError: bpftool-wasm/native needs Linux: BPF is a Linux kernel facility, and this is darwin\n' +
      'true\n' +
      '{"supported":false,"reason":"bpftool-wasm/native needs Linux: BPF is a Linux kernel facility, and this is darwin"}\n',
  );
});

it('without the addon (neither installed nor built), importing works and calls say where it comes from', () => {
  // The bundle alone, without bpftool_native.node next to it.
  copyFileSync(join(repoRoot, 'dist/native.js'), join(work, 'native.js'));
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', tryOpen.replace("'bpftool-wasm/native'", JSON.stringify(join(work, 'native.js')))],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  const reason =
    'bpftool-wasm/native: its addon, the optional package bpftool-wasm-linux-x64-gnu, is not installed. ' +
    'npm installs it with bpftool-wasm on Linux x86-64 with glibc, unless optional dependencies are left out ' +
    `(--omit=optional, --no-optional); musl (Alpine) has no prebuilt addon. Or a build from source has it at ${join(work, 'bpftool_native.node')} ` +
    '(./build.sh builds it; build/addon.log says why it did not)';
  expect(r.stdout).toBe(`UnsupportedPlatformError: ${reason}\ntrue\n${JSON.stringify({ supported: false, reason })}\n`);
});

it('a runtime that is neither Node.js nor Deno gets UnsupportedPlatformError', () => {
  const r = node(tryOpen, "Object.defineProperty(process, 'versions', { value: {} });");
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n')[0]).toBe(
    'UnsupportedPlatformError: bpftool-wasm/native needs Node.js or Deno: loading BPF programs into a kernel is not possible from this runtime',
  );
});

const addonBuilt = existsSync(join(repoRoot, 'dist/bpftool_native.node'));
if (!addonBuilt) console.warn('[native] CommonJS addon test skipped: dist/bpftool_native.node was not built (see build/addon.log)');

it.skipIf(!addonBuilt)('CommonJS: require("bpftool-wasm/native") finds the addon next to the bundle', () => {
  const r = spawnSync(
    process.execPath,
    ['-e', "require('bpftool-wasm/native').nativeSupport().then((s) => console.log(JSON.stringify(s)))"],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toMatchObject({ supported: true, libbpfVersion: 'v1.5' });
});

it.skipIf(!addonBuilt)('finds the addon beside the bundle in a folder whose path has a space', () => {
  const spaced = join(work, 'with space');
  mkdirSync(spaced);
  for (const f of ['native.js', 'bpftool_native.node']) copyFileSync(join(repoRoot, 'dist', f), join(spaced, f));
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(spaced, 'native.js'))}); console.log(JSON.stringify(await m.nativeSupport()));`],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toMatchObject({ supported: true, libbpfVersion: 'v1.5' });
});
