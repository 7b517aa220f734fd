/**
 * The unified diff of cross-check reports: `diff -u`'s hunks under `--- `
 * and `+++ ` lines naming the two sides, for small texts and for large ones
 * with few or many differences.
 */
import { describe, expect, it } from 'vitest';
import { colourReport, unifiedDiff } from '../src/cli/unified-diff.js';

/** Lines 1..n, each `f(i)`, every one ending in a newline. */
const text = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${f(i + 1)}\n`).join('');
const plain = (i: number) => `line ${i}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The hunk for lines changed alone at `changed`, in `n` lines, with 3 lines of context. */
function loneChangeHunk(changed: number, n: number): string[] {
  const first = Math.max(1, changed - 3);
  const last = Math.min(n, changed + 3);
  const count = last - first + 1;
  return [
    `@@ -${first},${count} +${first},${count} @@`,
    ...range(first, changed - 1).map((i) => ` line ${i}`),
    `-line ${changed}`,
    `+LINE ${changed}`,
    ...range(changed + 1, last).map((i) => ` line ${i}`),
  ];
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('native/stdout', 'wasm/stdout', 'a\nb\n', 'a\nb\n')).toBe('');
  });

  it('gives one hunk with three lines of context, removals before additions', () => {
    const a = text(10, plain);
    const b = a.replace('line 5\n', 'line five\n');
    expect(unifiedDiff('native/stdout', 'wasm/stdout', a, b)).toBe(
      '--- native/stdout\n+++ wasm/stdout\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n',
    );
  });

  it('at the end of a text, has no empty line past the last one, and marks a missing final newline', () => {
    expect(unifiedDiff('a', 'b', text(5, plain), text(5, (i) => (i === 5 ? 'LINE 5' : plain(i))))).toBe(
      '--- a\n+++ b\n@@ -2,4 +2,4 @@\n line 2\n line 3\n line 4\n-line 5\n+LINE 5\n',
    );
    expect(unifiedDiff('a', 'b', 'x\ny\n', 'x\ny')).toBe('--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n+y\n\\ No newline at end of file\n');
    expect(unifiedDiff('a', 'b', '', 'x\n')).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
  });

  it('700 lines, every tenth changed: a hunk for each change', () => {
    const a = text(700, plain);
    const b = text(700, (i) => (i % 10 === 0 ? `LINE ${i}` : plain(i)));
    const diff = unifiedDiff('native/stdout', 'wasm/stdout', a, b);
    const hunks = range(1, 70).flatMap((k) => loneChangeHunk(10 * k, 700));
    expect(diff).toBe(['--- native/stdout', '+++ wasm/stdout', ...hunks, ''].join('\n'));
    expect(diff.split('\n').slice(0, 10)).toEqual([
      '--- native/stdout',
      '+++ wasm/stdout',
      '@@ -7,7 +7,7 @@',
      ' line 7',
      ' line 8',
      ' line 9',
      '-line 10',
      '+LINE 10',
      ' line 11',
      ' line 12',
    ]);
    expect(diff.endsWith('@@ -697,4 +697,4 @@\n line 697\n line 698\n line 699\n-line 700\n+LINE 700\n')).toBe(true);
  });

  it('700 lines, every fifth changed: one hunk, as changes 4 lines apart share their context', () => {
    const a = text(700, plain);
    const b = text(700, (i) => (i % 5 === 0 ? `LINE ${i}` : plain(i)));
    const body = range(2, 700).flatMap((i) => (i % 5 === 0 ? [`-line ${i}`, `+LINE ${i}`] : [` line ${i}`]));
    expect(unifiedDiff('native/stdout', 'wasm/stdout', a, b)).toBe(
      ['--- native/stdout', '+++ wasm/stdout', '@@ -2,699 +2,699 @@', ...body, ''].join('\n'),
    );
  });

  it('700 lines, all changed: every removal, then every addition', () => {
    const a = text(700, plain);
    const b = text(700, (i) => `other ${i}`);
    const removed = range(1, 700).map((i) => `-line ${i}`);
    const added = range(1, 700).map((i) => `+other ${i}`);
    expect(unifiedDiff('a', 'b', a, b)).toBe(['--- a', '+++ b', '@@ -1,700 +1,700 @@', ...removed, ...added, ''].join('\n'));
  });

  it('100,000 lines, one changed', () => {
    const a = text(100_000, plain);
    const b = text(100_000, (i) => (i === 54_321 ? 'LINE 54321' : plain(i)));
    expect(unifiedDiff('native/vmlinux.h', 'wasm/vmlinux.h', a, b)).toBe(
      '--- native/vmlinux.h\n+++ wasm/vmlinux.h\n@@ -54318,7 +54318,7 @@\n' +
        ' line 54318\n line 54319\n line 54320\n-line 54321\n+LINE 54321\n line 54322\n line 54323\n line 54324\n',
    );
  });

  it('100,000 lines, 1,000 changed', () => {
    const a = text(100_000, plain);
    const b = text(100_000, (i) => (i % 100 === 50 ? `LINE ${i}` : plain(i)));
    const hunks = range(0, 999).flatMap((k) => loneChangeHunk(100 * k + 50, 100_000));
    const diff = unifiedDiff('native/vmlinux.h', 'wasm/vmlinux.h', a, b);
    expect(diff).toBe(['--- native/vmlinux.h', '+++ wasm/vmlinux.h', ...hunks, ''].join('\n'));
    expect(diff.split('\n').filter((l) => l.startsWith('@@ '))).toHaveLength(1000);
  });
});

describe('colourReport', () => {
  const report = 'cross-check: upstream bpftool 7.5 (as asked)\n--- native/stdout\n+++ wasm/stdout\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n';

  it('colours a diff for a terminal as git does', () => {
    expect(colourReport(report, { isTTY: true }, {})).toBe(
      'cross-check: upstream bpftool 7.5 (as asked)\n\x1b[1m--- native/stdout\x1b[0m\n\x1b[1m+++ wasm/stdout\x1b[0m\n' +
        '\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n a\n\x1b[31m-b\x1b[0m\n\x1b[32m+c\x1b[0m\n',
    );
  });

  it('leaves it plain off a terminal, and under NO_COLOR (not when NO_COLOR is empty)', () => {
    expect(colourReport(report, { isTTY: false }, {})).toBe(report);
    expect(colourReport(report, {}, {})).toBe(report);
    expect(colourReport(report, { isTTY: true }, { NO_COLOR: '1' })).toBe(report);
    expect(colourReport(report, { isTTY: true }, { NO_COLOR: '' })).not.toBe(report);
  });
});
