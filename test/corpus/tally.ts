/**
 * The corpus report: per command, how many cases were compared, how many
 * came out identical and how many differ, plus the cases where native
 * bpftool itself crashed and what the wasm did instead.
 */
import type { Verdict } from './compare-case.js';
import { COMMANDS, type Case, type Command } from './plan.js';

interface Row {
  compared: number;
  identical: number;
  differing: number;
  nativeCrashed: number;
}

export interface Finding {
  command: Command;
  args: string;
  detail: string;
}

export class Tally {
  readonly rows = new Map<Command, Row>(COMMANDS.map((c) => [c, { compared: 0, identical: 0, differing: 0, nativeCrashed: 0 }]));
  readonly differences: Finding[] = [];
  readonly nativeCrashes: Array<Finding & { typed: boolean }> = [];

  add(c: Case, v: Verdict): void {
    const row = this.rows.get(c.command)!;
    const args = c.args.join(' ');
    if (v.kind === 'native-crash') {
      row.nativeCrashed++;
      this.nativeCrashes.push({ command: c.command, args, detail: `native ${v.signal}; wasm: ${v.wasm}`, typed: v.typed });
      return;
    }
    row.compared++;
    if (v.kind === 'identical') row.identical++;
    else {
      row.differing++;
      this.differences.push({ command: c.command, args, detail: v.detail });
    }
  }

  table(): string {
    const header = ['command', 'compared', 'identical', 'differing', 'native crashed'];
    const lines = [...this.rows].map(([cmd, r]) => [cmd, r.compared, r.identical, r.differing, r.nativeCrashed].map(String));
    const total = [...this.rows.values()].reduce(
      (t, r) => ({ compared: t.compared + r.compared, identical: t.identical + r.identical, differing: t.differing + r.differing, nativeCrashed: t.nativeCrashed + r.nativeCrashed }),
      { compared: 0, identical: 0, differing: 0, nativeCrashed: 0 },
    );
    lines.push(['all', total.compared, total.identical, total.differing, total.nativeCrashed].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
    const rule = `|${widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`;
    return [fmt(header), rule, ...lines.map(fmt)].join('\n');
  }
}
