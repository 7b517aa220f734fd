/**
 * The kernel scenarios again, in Deno (the `deno` npm package), which loads
 * the same Node-API addon through its npm compatibility layer. The runner
 * runs in private mounts of tracefs and the BPF file system
 * (private-mounts.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers/bpf-fixtures.js';
import { kernelSkipReason } from './kernel-env.js';
import { spawnWithPrivateMounts } from './private-mounts.js';
import { scenarios } from './scenarios.js';

const skip = await kernelSkipReason();
if (skip) console.warn(`[native] Deno kernel tests skipped: ${skip}`);

it.skipIf(skip !== undefined)('native bridge in the kernel (Deno): every scenario passes', () => {
  const deno = join(repoRoot, 'node_modules/.bin/deno');
  // --allow-all: Deno asks for it to read /proc/self (the runner checks
  // capabilities and counts open files there); the addon itself needs --allow-ffi.
  const r = spawnWithPrivateMounts(deno, ['run', '--sloppy-imports', '--allow-all', 'test/native/deno-runner.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  });
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(r.stderr).toBe('');
  expect(lines).toEqual(scenarios.map((s) => `ok ${s.name}`));
  expect(r.status).toBe(0);
});

it.skipIf(skip !== undefined)('Deno without --allow-ffi: UnsupportedPlatformError says which flag is missing', () => {
  const deno = join(repoRoot, 'node_modules/.bin/deno');
  const dir = mkdtempSync(join(tmpdir(), 'bpftool-wasm-deno-'));
  const script = join(dir, 'open.mjs');
  writeFileSync(
    script,
    `const m = await import(${JSON.stringify(join(repoRoot, 'dist/native.js'))});
try { await m.openObject(new Uint8Array(8)); } catch (e) { console.log(e.name + ': ' + e.message); }`,
  );
  const r = spawnSync(deno, ['run', '--no-config', '--allow-read', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
  });
  rmSync(dir, { recursive: true, force: true });
  expect(r.stdout).toBe(
    `UnsupportedPlatformError: bpftool-wasm/native: cannot load ${join(repoRoot, 'dist/bpftool_native.node')}: ` +
      `Requires ffi access to "${join(repoRoot, 'dist/bpftool_native.node')}", run again with the --allow-ffi flag ` +
      '(Deno loads Node-API addons with --allow-ffi)\n',
  );
});
