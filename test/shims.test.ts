/**
 * Two of the C library's functions that the module takes from wasm/shim/
 * for speed: qsort() must order every array as glibc's does (ties and all),
 * and strlen() must count as the byte-by-byte definition does. Each check is
 * a C program that reports every case that differs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/native.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'bpftool-shims-'));
const shim = (name: string) => join(repoRoot, 'wasm/shim', name);
const fixture = (name: string) => join(repoRoot, 'test/fixtures', name);

function expectNoDifference(report: string, atLeast: number): void {
  expect(report.split('\n').filter((l) => l.startsWith('differs'))).toEqual([]);
  expect(report).toMatch(/^cases \d+, differing 0$/m);
  expect(Number(/cases (\d+)/.exec(report)![1])).toBeGreaterThanOrEqual(atLeast);
}

describe('C library shims', () => {
  it('qsort() and qsort_r() order arrays exactly as glibc does, for every element size and alignment', () => {
    // Built natively, beside the host's glibc: the shim's functions renamed, the reference the real ones.
    const dir = scratch();
    const object = join(dir, 'qsort.o');
    const program = join(dir, 'sort-check');
    execFileSync('cc', ['-O2', '-c', '-Dqsort=shim_qsort', '-Dqsort_r=shim_qsort_r', '-o', object, shim('qsort.c')]);
    execFileSync('cc', ['-O2', '-o', program, fixture('sort-check.c'), object]);
    const run = spawnSync(program, { encoding: 'utf8' });
    expectNoDifference(run.stdout, 1512);
    expect(run.status).toBe(0);
  }, 120_000);

  it('strlen() counts every string as a byte-by-byte scan does, and traps on NULL', () => {
    const out = join(scratch(), 'strlen-check.js');
    execFileSync(
      'emcc',
      ['-O1', '-sENVIRONMENT=node', '-sWASM_ASYNC_COMPILATION=0', '-o', out, fixture('strlen-check.c'), shim('strlen.c')],
      // emcc's JS optimizer finds acorn only in Debian's Node path.
      { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const run = spawnSync(process.execPath, [out], { encoding: 'utf8' });
    expectNoDifference(run.stdout, 3504);
    expect(run.status).toBe(0);
    // The C library's strlen(NULL) reads the module's first bytes and answers; native bpftool dies by SIGSEGV.
    const nullRun = spawnSync(process.execPath, [out, 'null'], { encoding: 'utf8' });
    expect(nullRun.stderr).toContain('RuntimeError: unreachable');
    expect(nullRun.status).not.toBe(0);
  }, 300_000);
});
