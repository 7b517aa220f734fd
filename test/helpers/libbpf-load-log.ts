/**
 * libbpf's debug log of loading an object (`bpftool -d prog loadall`): what
 * it did to each instruction with a CO-RE relocation.
 */

/** One relocation as libbpf logged it while loading. */
export interface LoggedRelocation {
  program: string;
  relo: number;
  insn: number;
  /** patched: the value libbpf wrote, with the one it replaced; poisoned: the instruction made invalid. */
  result: 'patched' | 'poisoned';
  old?: number;
  new?: number;
  /** When libbpf also changed the size of a load or store. */
  oldSize?: number;
  newSize?: number;
}

// libbpf: prog 'p': relo #3: patched insn #7 (LDX/ST/STX) off 16 -> 24
// libbpf: prog 'p': relo #3: patched insn #7 (LDX/ST/STX) mem_sz 4 -> 8
// libbpf: prog 'p': relo #4: substituting insn #9 w/ invalid insn
const PATCHED = /^libbpf: prog '([^']*)': relo #(\d+): patched insn #(\d+) \([^)]*\) (\w+) (\d+) -> (\d+)$/;
const POISONED = /^libbpf: prog '([^']*)': relo #(\d+): substituting insn #(\d+) w\/ invalid insn$/;

/** The relocations libbpf logged, one per (program, relocation), in log order. */
export function loggedRelocations(log: string): LoggedRelocation[] {
  const byKey = new Map<string, LoggedRelocation>();
  for (const line of log.split('\n')) {
    const p = PATCHED.exec(line);
    if (p) {
      const key = `${p[1]}#${p[2]}`;
      const r = byKey.get(key) ?? { program: p[1]!, relo: Number(p[2]), insn: Number(p[3]), result: 'patched' as const };
      if (p[4] === 'mem_sz') {
        r.oldSize = Number(p[5]);
        r.newSize = Number(p[6]);
      } else {
        r.old = Number(p[5]);
        r.new = Number(p[6]);
      }
      byKey.set(key, r);
      continue;
    }
    const q = POISONED.exec(line);
    // an LDIMM64 is two instructions, both substituted: the relocation's is the first
    if (q && !byKey.has(`${q[1]}#${q[2]}`)) {
      byKey.set(`${q[1]}#${q[2]}`, { program: q[1]!, relo: Number(q[2]), insn: Number(q[3]), result: 'poisoned' });
    }
  }
  return [...byKey.values()];
}

/** Whether libbpf got as far as CO-RE relocation ("sec 'x': found N CO-RE relocations"). */
export const reachedCoreRelocation = (log: string) => /^libbpf: sec '[^']*': found \d+ CO-RE relocations$/m.test(log);

/** Whether libbpf stopped on a CO-RE relocation it could not make. */
export const stoppedOnRelocation = (log: string) =>
  /^libbpf: prog '[^']*': relo #\d+: failed to (relocate|patch insn)/m.test(log);

/** Why the load ended: the line libbpf logged just before "failed to load object", or bpftool's error. */
export function loadFailure(log: string): string {
  const lines = log.split('\n');
  const at = lines.findIndex((l) => l.startsWith('libbpf: failed to load object'));
  if (at > 0) return lines[at - 1]!;
  return lines.find((l) => l.startsWith('Error:')) ?? '(no error line)';
}
