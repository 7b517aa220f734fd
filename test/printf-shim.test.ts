/**
 * wasm/shim/printf.c prints plain formats itself: its text and return value
 * must be those of the C library it stands in for, conversion by
 * conversion. A C program built with emcc prints each case both ways.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/native.js';

describe('printf shim', () => {
  it('prints what the C library prints, for plain formats and the formats it leaves to it', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bpftool-printf-')), 'printf-check.js');
    // printf.c is built as wasm/Makefile builds it: with musl's internal headers, and -fno-builtin.
    const musl = join(execFileSync('em-config', ['EMSCRIPTEN_ROOT'], { encoding: 'utf8' }).trim(), 'system/lib/libc/musl');
    const muslInternal = ['src/include', 'src/internal', 'arch/emscripten'].map((d) => `-I${join(musl, d)}`);
    execFileSync(
      'emcc',
      ['-O1', '-sENVIRONMENT=node', '-sWASM_ASYNC_COMPILATION=0', '-o', out, join(repoRoot, 'test/fixtures/printf-check.c'),
        ...muslInternal, '-fno-builtin', join(repoRoot, 'wasm/shim/printf.c')],
      // emcc's JS optimizer finds acorn only in Debian's Node path; synchronous
      // compilation, because the glue's async loader fetch()es a file path under Node 20.
      { env: { ...process.env, NODE_PATH: '/usr/share/nodejs' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let report: string;
    try {
      report = execFileSync(process.execPath, [out], { encoding: 'utf8' });
    } catch (err) {
      report = String((err as { stdout?: string }).stdout);
    }
    expect(report).toMatch(/^cases \d+, differing 0\n$/m);
    expect(report.split('\n').filter((l) => l.startsWith('differs'))).toEqual([]);
    expect(Number(/cases (\d+)/.exec(report)![1])).toBeGreaterThan(800);
  }, 300_000);
});
