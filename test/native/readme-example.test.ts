/**
 * The README's Linux example (examples/native-counter.mjs) runs as written:
 * it generates the skeleton, loads and attaches the quick-start program and
 * reads the counters it keeps. It runs in private mounts of tracefs and the
 * BPF file system (private-mounts.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { compileBpf, nativeBpftool, repoRoot } from '../helpers/bpf-fixtures.js';
import { kernelSkipReason } from './kernel-env.js';
import { spawnWithPrivateMounts } from './private-mounts.js';

const skip = await kernelSkipReason();
if (skip) console.warn(`[native] README example skipped: ${skip}`);

const work = mkdtempSync(join(tmpdir(), 'bpftool-wasm-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it.skipIf(skip !== undefined)('examples/native-counter.mjs: generate, load, attach, read a counter', () => {
  const object = compileBpf(join(repoRoot, 'examples/minimal.bpf.c'), join(repoRoot, 'build/test-fixtures/minimal.bpf.o'));
  const r = spawnWithPrivateMounts(process.execPath, [join(repoRoot, 'examples/native-counter.mjs'), object], {
    cwd: work,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^sh \(pid \d+\) called getpid\(\) [1-9]\d* time\(s\)\nall processes: [1-9]\d* call\(s\) since attach\n$/);
  const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o', 'name', 'minimal'], { cwd: join(object, '..') });
  expect(readFileSync(join(work, 'minimal.skel.h')).equals(native.stdout)).toBe(true);
});
