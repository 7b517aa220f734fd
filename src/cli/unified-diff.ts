/**
 * A unified diff of two texts (Myers' O(ND) algorithm), for cross-check
 * reports. Small differences in large outputs, such as one line of a
 * 100,000-line vmlinux.h, stay cheap.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

export function unifiedDiff(aName: string, bName: string, a: string, b: string, context = 3): string {
  if (a === b) return '';
  const aLines = a.split('\n');
  const bLines = b.split('\n');
  const ops = diffLines(aLines, bLines);
  const out = [`--- ${aName}`, `+++ ${bName}`];
  let i = 0;
  let aPos = 0;
  let bPos = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      aPos++;
      bPos++;
      continue;
    }
    // A hunk: back up `context` lines, run until `2*context` equal lines.
    const start = Math.max(0, i - context);
    let end = i;
    let equalRun = 0;
    while (end < ops.length && equalRun <= 2 * context) {
      equalRun = ops[end]!.kind === ' ' ? equalRun + 1 : 0;
      end++;
    }
    end = Math.min(ops.length, end - Math.max(0, equalRun - context));
    const back = i - start;
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aPos - back + 1},${aCount} +${bPos - back + 1},${bCount} @@`);
    for (const o of hunk) out.push(o.kind + o.line);
    for (let j = i; j < end; j++) {
      if (ops[j]!.kind !== '+') aPos++;
      if (ops[j]!.kind !== '-') bPos++;
    }
    i = end;
  }
  return `${out.join('\n')}\n`;
}
