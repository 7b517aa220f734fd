/**
 * npm run bench: bpftool-wasm against native bpftool, built from the same
 * sources, in one run on one machine. Prints ratio tables and writes
 * bench/results.json.
 *
 *   npm run bench [-- --runs N] [--warmup N] [--only ID,ID] [--out FILE]
 *
 * IDs: btf-raw, btf-c, skel-NAME, skel-L-NAME, gen-object, min-core-btf,
 * core-check, core-min-core-btf-N, kernel-btf (a prefix selects all that start with it).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBpftool } from '../dist/index.js';
import { locateCorpus } from './corpus.js';
import { InstanceProbe, outcomeOf, runOptionsFor, type Runner } from './in-process.js';
import { compileTimesMs, sizeOf } from './module-costs.js';
import { cliPhases, peakRssKiB, runOnce, scratchDir, timeProcess, ENV_WITHOUT_EXTRA_CA_CERTS, type CliPhases, type Outcome } from './processes.js';
import { ProcessTimer } from './timer-client.js';
import {
  evaluateTargets,
  memoryTable,
  moduleTable,
  phaseTable,
  targetsTable,
  timingTable,
  kernelBtfTable,
  startupLines,
  type Results,
  type StartupResult,
  type WorkloadResult,
} from './report.js';
import { median, summarize, timeRuns } from './stats.js';
import { startWorkerRunner } from './worker-runner.js';
import { threeKernels } from './kernels.js';
import { selectWorkloads, VMLINUX, type Workload } from './workloads.js';
import { KERNEL_BTF_ID, measureKernelBtf, type KernelBtfResult } from './kernel-btf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const native = join(root, 'build/native/7.5/bpftool');
const nativeExt = join(root, 'build/native/7.5/bpftool-ext');
const cli = join(root, 'dist/cli.cjs');
const wasmFile = join(root, 'dist/bpftool-7.5.wasm');

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    out: { type: 'string', default: join(root, 'bench/results.json') },
  },
});
const runs = Number(opts.runs);
const warmup = Number(opts.warmup);

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** Set here, Node loads extra CA certificates at each start: the CLI is also timed without them. */
const extraCaCerts = process.env['NODE_EXTRA_CA_CERTS'];

function requireInputs(): void {
  for (const [path, what] of [
    [native, 'the native reference (./build.sh)'],
    [nativeExt, 'the native reference for our own commands (./build.sh)'],
    [cli, 'the bundle (./build.sh)'],
    [VMLINUX, "the running kernel's BTF (a kernel built with CONFIG_DEBUG_INFO_BTF)"],
    ['/usr/bin/time', 'GNU time for peak memory (Debian package time, installed by ./build.sh)'],
  ] as const) {
    if (!existsSync(path)) throw new Error(`${path} is missing: the bench needs ${what}`);
  }
}

const same = (a: Outcome, b: Outcome) => JSON.stringify(a) === JSON.stringify(b);

async function measureWorkload(w: Workload, library: Runner, worker: Runner, probe: InstanceProbe, timer: ProcessTimer): Promise<WorkloadResult> {
  const nativeArgv = [w.native ?? native, ...w.args];
  const cliArgv = [process.execPath, cli, ...w.args];
  const options = runOptionsFor(w);

  // The same work on every side, or the timings mean nothing.
  const reference = runOnce(nativeArgv);
  if (reference.exitCode !== (w.exitCode ?? 0)) throw new Error(`native failed on ${w.label}: ${reference.stderr}`);
  const sides: Array<[string, Outcome]> = [
    ['CLI', runOnce(cliArgv)],
    ['in-process', outcomeOf(await library.runRaw(w.args, options))],
    ['worker', outcomeOf(await worker.runRaw(w.args, options))],
  ];
  for (const [side, outcome] of sides) {
    if (!same(outcome, reference)) throw new Error(`${side} output differs from native on ${w.label}`);
  }

  // Rounds, each timing every way once in a rotating order, so that noise
  // from the rest of the machine falls on all of them alike.
  const ways = extraCaCerts === undefined ? (['native', 'cli', 'inProcess', 'worker'] as const) : (['native', 'cli', 'cliWithoutCa', 'inProcess', 'worker'] as const);
  const samples: Record<(typeof ways)[number], number[]> = { native: [], cli: [], cliWithoutCa: [], inProcess: [], worker: [] };
  let linearMemoryBytes = 0;
  const cwd = scratchDir();
  try {
    for (let round = 0; round < warmup + runs; round++) {
      for (let k = 0; k < ways.length; k++) {
        const way = ways[(round + k) % ways.length]!;
        let ms: number;
        if (way === 'native') ms = await timeProcess(timer, nativeArgv, cwd, w.exitCode);
        else if (way === 'cli') ms = await timeProcess(timer, cliArgv, cwd, w.exitCode);
        else if (way === 'cliWithoutCa') ms = await timeProcess(timer, cliArgv, cwd, w.exitCode, ENV_WITHOUT_EXTRA_CA_CERTS);
        else {
          const runner = way === 'inProcess' ? library : worker;
          const start = performance.now();
          await runner.runRaw(w.args, options);
          ms = performance.now() - start;
          if (way === 'inProcess') linearMemoryBytes = probe.lastMemoryBytes();
        }
        if (round >= warmup) samples[way].push(ms);
      }
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const rss = (argv: string[]) => median([0, 1, 2].map(() => peakRssKiB(argv)));
  // Where the CLI's time goes: the median of each phase over a few runs.
  const phaseRuns: CliPhases[] = [];
  const phaseDir = scratchDir();
  let tiering = '';
  let where = '';
  try {
    for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) {
      const one = await cliPhases(timer, cliArgv, phaseDir);
      phaseRuns.push(one.phases);
      tiering = one.tiering;
      where = one.where;
    }
  } finally {
    rmSync(phaseDir, { recursive: true, force: true });
  }
  const phases = Object.fromEntries(
    (Object.keys(phaseRuns[0]!) as Array<keyof CliPhases>).map((k) => [k, median(phaseRuns.map((p) => p[k]))]),
  ) as unknown as CliPhases;

  return {
    id: w.id,
    label: w.label,
    args: w.args,
    native: { ...summarize(samples.native), peakRssKiB: rss(nativeArgv) },
    cli: {
      ...summarize(samples.cli),
      peakRssKiB: rss(cliArgv),
      phases,
      tiering,
      where,
      ...(samples.cliWithoutCa.length ? { withoutExtraCaCerts: summarize(samples.cliWithoutCa) } : {}),
    },
    inProcess: { ...summarize(samples.inProcess), linearMemoryBytes },
    worker: summarize(samples.worker),
  };
}

/**
 * What a process costs before any of bpftool-wasm runs: Node's own start
 * (`node -e 0`), with and without NODE_EXTRA_CA_CERTS when that is set, and
 * the timer's spawn of /bin/true, which every process figure includes.
 */
async function measureStartup(timer: ProcessTimer): Promise<StartupResult> {
  const cwd = scratchDir();
  try {
    const series = async (argv: string[], env?: Record<string, string | undefined>) => {
      const samples: number[] = [];
      for (let i = 0; i < warmup + runs * 2; i++) {
        const ms = await timeProcess(timer, argv, cwd, 0, env);
        if (i >= warmup) samples.push(ms);
      }
      return summarize(samples);
    };
    const bareNode = await series([process.execPath, '-e', '0']);
    return {
      spawnTrue: await series(['/bin/true']),
      bareNode,
      ...(extraCaCerts === undefined ? {} : { bareNodeWithoutExtraCaCerts: await series([process.execPath, '-e', '0'], ENV_WITHOUT_EXTRA_CA_CERTS) }),
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The results file as the last run left it, for the in-process no-regression target; undefined if none. */
function previousResults(): Results | undefined {
  try {
    return JSON.parse(readFileSync(opts.out, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    logicalCpus: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.machine()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

async function main(): Promise<void> {
  requireInputs();
  const started = machine();
  log('corpus: test/corpus/build-corpus.sh');
  const objDir = locateCorpus(root);
  log('kernels for core check: the running kernel and two made from it (test/fixtures/btf-fixtures.c)');
  let workloads = selectWorkloads(native, objDir, nativeExt, threeKernels(root, VMLINUX));
  let withKernelBtf = true;
  if (opts.only) {
    const wanted = opts.only.split(',');
    workloads = workloads.filter((w) => wanted.some((id) => w.id.startsWith(id)));
    withKernelBtf = wanted.some((id) => KERNEL_BTF_ID.startsWith(id));
  }

  log(`module: sizes and compile time (${runs} fresh processes)`);
  const sizes = [sizeOf(wasmFile, 'bpftool-7.5.wasm'), sizeOf(join(root, 'dist/index.js'), 'index.js (ESM)'), sizeOf(cli, 'cli.cjs')];
  const compileMs = summarize(compileTimesMs(wasmFile, runs));

  const probe = new InstanceProbe();
  probe.install();
  const bpftool = await createBpftool();
  const library: Runner = { runRaw: (args, options) => bpftool.runRaw(args, options), close: async () => {} };
  const worker = await startWorkerRunner();
  const timer = new ProcessTimer();
  try {
    log(`Node's own start: node -e 0 and /bin/true, ${warmup} + ${runs * 2} runs`);
    const startup = await measureStartup(timer);

    const results: WorkloadResult[] = [];
    for (const w of workloads) {
      log(`${w.label}: native, CLI, in-process and worker, ${warmup} + ${runs} rounds`);
      results.push(await measureWorkload(w, library, worker, probe, timer));
    }

    let kernelBtf: KernelBtfResult | undefined;
    if (withKernelBtf) {
      log(`vmlinux BTF from a Debian kernel package: by hand, CLI and in-process, ${warmup} + ${runs} rounds`);
      kernelBtf = await measureKernelBtf(root, cli, warmup, runs, timer);
    }

    // After the workloads, so that the engine has optimised the module, as
    // in a long-lived process that makes many calls.
    log('per-call cost: run(["version"])');
    const callRuns = runs * 10;
    const versionCallMs = summarize(await timeRuns(warmup * 10, callRuns, () => library.runRaw(['version'], {})));
    const instantiateMs = summarize(probe.instantiateMs.slice(-callRuns));

    const partial: Omit<Results, 'targets'> = {
      date: new Date().toISOString(),
      machine: { ...started, loadAverageAtEnd: os.loadavg().map((x) => x.toFixed(2)).join(' ') },
      settings: { warmup, runs },
      sizes,
      compileMs,
      instantiateMs,
      versionCallMs,
      startup,
      workloads: results,
      ...(kernelBtf ? { kernelBtf } : {}),
    };
    const all: Results = { ...partial, targets: evaluateTargets(partial, previousResults()) };
    writeFileSync(opts.out, `${JSON.stringify(all, null, 2)}\n`);

    const m = all.machine;
    console.log(`bpftool-wasm against native bpftool: median of ${runs} runs after ${warmup} warm-up runs`);
    console.log(`${m['cpu']}, ${m['logicalCpus']} logical CPUs, ${m['memoryGiB']} GiB, ${m['os']}, Node ${m['node']}`);
    console.log(`load average at start ${m['loadAverageAtStart']}, at end ${m['loadAverageAtEnd']}\n`);
    console.log(`${startupLines(all)}\n`);
    console.log(`${timingTable(results, all.startup)}\n`);
    console.log(`${phaseTable(results)}\n`);
    console.log(`${memoryTable(results)}\n`);
    if (all.kernelBtf) console.log(`${kernelBtfTable(all.kernelBtf)}\n`);
    console.log(`${moduleTable(all)}\n`);
    console.log(`${targetsTable(all.targets)}\n`);
    console.log(`Written: ${opts.out}`);
  } finally {
    probe.uninstall();
    timer.close();
    await worker.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
