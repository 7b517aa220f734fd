/** The printed tables and the targets: those of the first benchmark issue, and of the CLI's speed. */
import type { Summary } from './stats.js';
import type { Size } from './module-costs.js';
import type { CliPhases } from './processes.js';
import type { KernelBtfResult } from './kernel-btf.js';

export interface WorkloadResult {
  id: string;
  label: string;
  args: string[];
  native: Summary & { peakRssKiB: number };
  cli: Summary & {
    peakRssKiB: number;
    phases: CliPhases;
    tiering: string;
    where: string;
    /** The same process with NODE_EXTRA_CA_CERTS removed, timed only where it was set. */
    withoutExtraCaCerts?: Summary;
  };
  inProcess: Summary & { linearMemoryBytes: number };
  worker: Summary;
}

/** A process's cost before bpftool-wasm runs (bench/run.ts measureStartup). */
export interface StartupResult {
  /** The timer's spawn of /bin/true: part of every process figure. */
  spawnTrue: Summary;
  /** `node -e 0` in the bench's environment. */
  bareNode: Summary;
  /** `node -e 0` without NODE_EXTRA_CA_CERTS, when the environment sets it. */
  bareNodeWithoutExtraCaCerts?: Summary;
}

export interface Results {
  date: string;
  machine: Record<string, string | number>;
  settings: { warmup: number; runs: number };
  sizes: Size[];
  compileMs: Summary;
  instantiateMs: Summary;
  versionCallMs: Summary;
  startup: StartupResult;
  workloads: WorkloadResult[];
  /** vmlinux BTF from a Debian kernel package, against the same work by hand (bench/kernel-btf.ts). */
  kernelBtf?: KernelBtfResult;
  targets: Target[];
}

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function startupLines(r: Pick<Results, 'startup'>): string {
  const s = r.startup;
  const lines = [
    `A process before any of bpftool-wasm runs: node -e 0 takes ${ms(s.bareNode.medianMs)} ms; spawning /bin/true ${ms(s.spawnTrue.medianMs)} ms (in every process figure).`,
  ];
  if (s.bareNodeWithoutExtraCaCerts) {
    lines.push(
      `NODE_EXTRA_CA_CERTS is set: Node loads those certificates at every start. Without it, node -e 0 takes ${ms(s.bareNodeWithoutExtraCaCerts.medianMs)} ms.`,
    );
  }
  lines.push(`"Node alone" is node -e 0 (${s.bareNodeWithoutExtraCaCerts ? 'without NODE_EXTRA_CA_CERTS' : 'as above'}) against native: no Node process can do better.`);
  return lines.join('\n');
}

/** The Node start every CLI figure pays at least, in the environment users most often have. */
const nodeFloorMs = (s: StartupResult) => (s.bareNodeWithoutExtraCaCerts ?? s.bareNode).medianMs;

export function timingTable(workloads: readonly WorkloadResult[], startup: StartupResult): string {
  const withoutCa = workloads.some((w) => w.cli.withoutExtraCaCerts);
  return table(
    ['workload', 'native', 'CLI process', ...(withoutCa ? ['CLI, NODE_EXTRA_CA_CERTS unset'] : []), 'Node alone', 'in-process (warm)', 'worker'],
    workloads.map((w) => [
      w.label,
      `${ms(w.native.medianMs)} ms`,
      `${ms(w.cli.medianMs)} ms (${ratio(w.cli.medianMs, w.native.medianMs)})`,
      ...(withoutCa ? [w.cli.withoutExtraCaCerts ? `${ms(w.cli.withoutExtraCaCerts.medianMs)} ms (${ratio(w.cli.withoutExtraCaCerts.medianMs, w.native.medianMs)})` : ''] : []),
      ratio(nodeFloorMs(startup), w.native.medianMs),
      `${ms(w.inProcess.medianMs)} ms (${ratio(w.inProcess.medianMs, w.native.medianMs)})`,
      `${ms(w.worker.medianMs)} ms (${ratio(w.worker.medianMs, w.native.medianMs)})`,
    ]),
  );
}

/** The CLI's time, phase by phase (its own BPFTOOL_WASM_TIMING line; exit measured from outside). */
export function phaseTable(workloads: readonly WorkloadResult[]): string {
  return table(
    ['CLI workload', 'Node start + import', 'before the run', 'module compile', 'run (of it output)', 'wasm tiering', 'bpftool ran on', 'answer', 'exit', 'native'],
    workloads.map((w) => {
      const p = w.cli.phases;
      return [
        w.label,
        `${ms(p.nodeStart)} ms`,
        `${ms(p.threadStart)} ms`,
        `${ms(p.compile)} ms`,
        `${ms(p.run)} ms (${ms(p.output)} ms)`,
        w.cli.tiering,
        w.cli.where,
        `${ms(p.answer)} ms`,
        `${ms(p.exit)} ms`,
        `${ms(w.native.medianMs)} ms`,
      ];
    }),
  );
}

export function memoryTable(workloads: readonly WorkloadResult[]): string {
  return table(
    ['workload', 'native peak RSS', 'wasm linear memory', 'CLI process peak RSS'],
    workloads.map((w) => [
      w.label,
      mib(w.native.peakRssKiB * 1024),
      `${mib(w.inProcess.linearMemoryBytes)} (${ratio(w.inProcess.linearMemoryBytes, w.native.peakRssKiB * 1024)})`,
      mib(w.cli.peakRssKiB * 1024),
    ]),
  );
}

export function moduleTable(r: Pick<Results, 'sizes' | 'compileMs' | 'instantiateMs' | 'versionCallMs'>): string {
  return table(
    ['what', 'measured'],
    [
      ...r.sizes.map((s) => [`${s.file} size`, `${kb(s.rawBytes)} raw, ${kb(s.gzipBytes)} gzip`]),
      ['module compile (Node, fresh process)', `${ms(r.compileMs.medianMs)} ms`],
      ['instantiate (WebAssembly.instantiate per call)', `${ms(r.instantiateMs.medianMs)} ms`],
      ['whole call of `version` (instantiate, set up, run, tear down)', `${ms(r.versionCallMs.medianMs)} ms`],
    ],
  );
}

export function targetsTable(targets: readonly Target[]): string {
  return table(
    ['target', 'wanted', 'measured', ''],
    targets.map((t) => [t.what, t.target, t.measured, t.met ? 'met' : 'MISSED']),
  );
}

export function evaluateTargets(r: Omit<Results, 'targets'>, previous?: Pick<Results, 'date' | 'machine' | 'workloads'>): Target[] {
  const byId = new Map(r.workloads.map((w) => [w.id, w]));
  const targets: Target[] = [];
  const ratioTarget = (what: string, id: string | undefined, way: 'inProcess' | 'cli', max: number) => {
    const w = id ? byId.get(id) : undefined;
    if (!w) return;
    const x = w[way].medianMs / w.native.medianMs;
    targets.push({ what, target: `≤ ${max}× native`, measured: `${x.toFixed(2)}×`, met: x <= max });
  };
  ratioTarget('in-process warm, btf dump vmlinux format c', 'btf-c', 'inProcess', 1.3);
  const largest = r.workloads.find((w) => w.id.startsWith('skel-') && !w.id.startsWith('skel-L-'));
  ratioTarget(`in-process warm, ${largest?.label ?? 'gen skeleton'} (largest object)`, largest?.id, 'inProcess', 1.3);
  ratioTarget('CLI as a whole process, btf dump vmlinux format c', 'btf-c', 'cli', 1.3);
  ratioTarget('in-process warm, core check of 20 objects against 3 kernels (against its native harness)', 'core-check', 'inProcess', 1.3);
  const check = byId.get('core-check');
  const minCore = r.workloads.filter((w) => w.id.startsWith('core-min-core-btf-'));
  if (check && minCore.length) {
    // the same objects against the same kernels, through native gen min_core_btf (one run per kernel)
    const x = check.inProcess.medianMs / minCore.reduce((sum, w) => sum + w.native.medianMs, 0);
    targets.push({
      what: 'in-process warm core check, against native gen min_core_btf of the same objects and kernels',
      target: '≤ 1.3×',
      measured: `${x.toFixed(2)}×`,
      met: x <= 1.3,
    });
  }
  ratioTarget('CLI, batch file of 20 skeleton commands (per command, against native batch)', 'batch-skel', 'cli', 1.3);
  const cliTime = (w: WorkloadResult, withoutCa: boolean) => (withoutCa ? w.cli.withoutExtraCaCerts! : w.cli).medianMs;
  const worstCli = (among: readonly WorkloadResult[], what: string, withoutCa: boolean) => {
    const worst = [...among].sort((a, b) => cliTime(b, withoutCa) / b.native.medianMs - cliTime(a, withoutCa) / a.native.medianMs)[0];
    if (!worst) return;
    const x = cliTime(worst, withoutCa) / worst.native.medianMs;
    targets.push({ what: `${what} (worst: ${worst.label})`, target: '≤ 3× native', measured: `${x.toFixed(2)}×`, met: x <= 3 });
  };
  worstCli(r.workloads, 'CLI as a whole process, every workload', false);
  const withoutCa = r.workloads.every((w) => w.cli.withoutExtraCaCerts);
  if (withoutCa) worstCli(r.workloads, 'CLI as a whole process, NODE_EXTRA_CA_CERTS unset, every workload', true);
  // Where node -e 0 alone takes over 3× native, no Node process can meet the target.
  const floor = nodeFloorMs(r.startup);
  const reachable = r.workloads.filter((w) => floor / w.native.medianMs <= 3);
  if (reachable.length < r.workloads.length) {
    worstCli(reachable, `CLI as a whole process${withoutCa ? ', NODE_EXTRA_CA_CERTS unset' : ''}, the ${reachable.length} of ${r.workloads.length} workloads where Node alone is within 3×`, withoutCa);
  }
  // No regression in-process: against the previous run's results on the same machine and Node, all
  // the workloads both ran together (one workload of a few milliseconds moves by more than 10% with noise).
  if (previous && previous.machine['cpu'] === r.machine['cpu'] && previous.machine['node'] === r.machine['node']) {
    const before = new Map(previous.workloads.map((w) => [w.id, w.inProcess.medianMs]));
    const common = r.workloads.filter((w) => before.has(w.id));
    if (common.length) {
      const now = common.reduce((sum, w) => sum + w.inProcess.medianMs, 0);
      const then = common.reduce((sum, w) => sum + before.get(w.id)!, 0);
      targets.push({
        what: `in-process warm, no regression: ${common.length} workloads together against the previous run (${ms(then)} ms, ${previous.date.slice(0, 10)})`,
        target: '≤ 1.1×',
        measured: `${ms(now)} ms (${(now / then).toFixed(2)}×)`,
        met: now <= then * 1.1,
      });
    }
  }
  const small = r.workloads.find((w) => w.id.startsWith('small-skel-'));
  if (small) {
    const rss = small.cli.peakRssKiB / 1024;
    targets.push({ what: `CLI peak RSS, ${small.label}`, target: '≤ 80 MiB', measured: `${rss.toFixed(1)} MiB`, met: rss <= 80 });
  }
  if (r.kernelBtf) {
    const k = r.kernelBtf;
    const x = k.cli.medianMs / k.byHand.medianMs;
    targets.push({ what: `CLI, ${k.label} (against dpkg-deb -x, decompression, llvm-objcopy)`, target: '≤ 2×', measured: `${x.toFixed(2)}×`, met: x <= 2 });
  }
  const inst = r.versionCallMs.medianMs;
  targets.push({ what: 'per-call instantiate (whole `version` call)', target: '≤ 5 ms', measured: `${ms(inst)} ms`, met: inst <= 5 });
  const comp = r.compileMs.medianMs;
  targets.push({ what: 'module compile in Node', target: '≤ 100 ms', measured: `${ms(comp)} ms`, met: comp <= 100 });
  const wasm = r.sizes.find((s) => s.file.endsWith('.wasm'));
  if (wasm) {
    targets.push({
      what: '.wasm size',
      target: '≤ 600 KB raw, ≤ 250 KB gzip',
      measured: `${kb(wasm.rawBytes)} / ${kb(wasm.gzipBytes)}`,
      met: wasm.rawBytes <= 600_000 && wasm.gzipBytes <= 250_000,
    });
  }
  for (const id of ['btf-raw', 'btf-c']) {
    const w = byId.get(id);
    if (!w) continue;
    const x = w.inProcess.linearMemoryBytes / (w.native.peakRssKiB * 1024);
    targets.push({
      what: `peak memory, ${w.label} (wasm linear memory / native RSS)`,
      target: '≤ 2× native',
      measured: `${x.toFixed(2)}×`,
      met: x <= 2,
    });
  }
  return targets;
}

/** vmlinux BTF from a Debian kernel package: the CLI and the API against the system's own tools. */
export function kernelBtfTable(k: KernelBtfResult): string {
  return table(
    [`${k.label}: ${k.package} (${mib(k.packageBytes)}, BTF ${mib(k.btfBytes)})`, 'time', 'peak RSS'],
    [
      ['by hand: dpkg-deb -x, decompress, llvm-objcopy', `${ms(k.byHand.medianMs)} ms`, mib(k.byHand.peakRssKiB * 1024)],
      ['bpftool-wasm btf extract (CLI process)', `${ms(k.cli.medianMs)} ms (${ratio(k.cli.medianMs, k.byHand.medianMs)})`, mib(k.cli.peakRssKiB * 1024)],
      ['extractKernelBtf() (in-process)', `${ms(k.inProcess.medianMs)} ms (${ratio(k.inProcess.medianMs, k.byHand.medianMs)})`, ''],
    ],
  );
}
