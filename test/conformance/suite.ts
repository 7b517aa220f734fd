/**
 * The conformance suite, shared by every runtime: Node (main thread and
 * worker_threads), Deno (main thread and Web Worker) and Chromium (page and
 * Web Worker). It imports nothing runtime-specific: each runtime hands it a
 * bpftool and a way to read the input files, and gets back the SHA-256 of
 * everything each case produced, to be compared with the native reference
 * and with every other runtime.
 */
import type {
  CoreCheckOptions,
  CoreCheckResult,
  DistilledBtf,
  DistillOptions,
  KernelIdentity,
  RawRunResult,
  RunOptions,
  UpstreamVersion,
} from '../../dist/index.js';

/**
 * A call of the typed BTF reconcile API; its arguments name input files.
 * Its result is fingerprinted as files named after the result's fields.
 */
export type ApiCall =
  | { fn: 'distillBase'; split: string; base: string; elf: boolean }
  | { fn: 'relocate'; split: string; distilledBase: string; base: string }
  /** Its result is one file, `report`: the report as JSON.stringify() writes it. */
  | { fn: 'coreCheck'; objects: string[]; targets: string[] };

export interface ConformanceCase {
  id: string;
  args: string[];
  /** Module path -> name of the input file in the manifest's inputs folder. */
  files: Record<string, string>;
  kernel?: KernelIdentity;
  /** When set, the case goes through this API call instead of `args`. */
  call?: ApiCall;
  /** The upstream bpftool version the case runs (default 7.5), against that version's native build. */
  upstream?: UpstreamVersion;
}

/** What a case produced, as SHA-256 digests (hex). */
export interface Fingerprint {
  exitCode: number;
  stdout: string;
  stderr: string;
  files: Record<string, string>;
  /** The module trapped (BpftoolCrashError), as native does where it dies on a signal. */
  crashed?: true;
}

export interface Manifest {
  cases: ConformanceCase[];
  /** Native bpftool's fingerprints; null where native itself died on a signal. */
  native: Record<string, Fingerprint | null>;
}

export interface Runner {
  runRaw(args: readonly string[], options?: RunOptions): Promise<RawRunResult>;
  distillBase(split: Uint8Array, base: Uint8Array, options?: DistillOptions): Promise<DistilledBtf>;
  relocate(split: Uint8Array, distilledBase: Uint8Array | undefined, base: Uint8Array): Promise<Uint8Array>;
  coreCheck(objects: readonly Uint8Array[], targets: readonly Uint8Array[], options?: CoreCheckOptions): Promise<CoreCheckResult[]>;
}

export type Results = Record<string, Fingerprint>;

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fingerprintOf(r: RawRunResult): Promise<Fingerprint> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(r.files).sort()) files[name] = await sha256(r.files[name]!);
  return { exitCode: r.exitCode, stdout: await sha256(r.stdout), stderr: await sha256(r.stderr), files };
}

const EMPTY = new Uint8Array(0);

/** An API call's result, as a run that wrote one file per result field. */
async function callApi(runner: Runner, call: ApiCall, input: (name: string) => Promise<Uint8Array>): Promise<RawRunResult> {
  // A fresh copy per argument: a runner may move (detach) what it is given.
  const bytes = async (name: string) => (await input(name)).slice();
  const files: Record<string, Uint8Array> = {};
  if (call.fn === 'distillBase') {
    const r = await runner.distillBase(await bytes(call.split), await bytes(call.base), { elf: call.elf });
    files['distilledBase'] = r.distilledBase;
    files['split'] = r.split;
    if (r.elf) files['elf'] = r.elf;
  } else if (call.fn === 'relocate') {
    files['split'] = await runner.relocate(await bytes(call.split), await bytes(call.distilledBase), await bytes(call.base));
  } else {
    const report = await runner.coreCheck(await Promise.all(call.objects.map(bytes)), await Promise.all(call.targets.map(bytes)), {
      objectNames: call.objects,
      targetNames: call.targets,
    });
    files['report'] = new TextEncoder().encode(JSON.stringify(report));
  }
  return { exitCode: 0, stdout: EMPTY, stderr: EMPTY, files };
}

/** The runners of one upstream version, and how to let them go. */
export interface RunnerSet {
  runners: readonly Runner[];
  close?(): Promise<void>;
}

type VersionOptions = { upstream?: UpstreamVersion };
const versionOptions = (upstream: UpstreamVersion | undefined): VersionOptions => (upstream ? { upstream } : {});

/** One runner per version, on this thread (createBpftool). */
export function onThisThread(create: (o: VersionOptions) => Promise<Runner>) {
  return async (upstream: UpstreamVersion | undefined): Promise<RunnerSet> => ({ runners: [await create(versionOptions(upstream))] });
}

/** Two workers per version, in parallel, terminated once the version's cases are done (createWorkerBpftool). */
export function inTwoWorkers(create: (o: VersionOptions) => Promise<Runner & { terminate(): Promise<void> }>) {
  return async (upstream: UpstreamVersion | undefined): Promise<RunnerSet> => {
    const workers = await Promise.all([create(versionOptions(upstream)), create(versionOptions(upstream))]);
    return { runners: workers, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
  };
}

/**
 * Runs every case, each version's cases on that version's runners, spread
 * over them: with several workers, they run in parallel, each taking the
 * next case as it becomes free.
 */
export async function runCases(
  runnersFor: (upstream: UpstreamVersion | undefined) => Promise<RunnerSet>,
  cases: readonly ConformanceCase[],
  readInput: (name: string) => Promise<Uint8Array>,
): Promise<Results> {
  const results: Results = {};
  for (const upstream of [...new Set(cases.map((c) => c.upstream))]) {
    const set = await runnersFor(upstream);
    try {
      Object.assign(results, await runOn(set.runners, cases.filter((c) => c.upstream === upstream), readInput));
    } finally {
      await set.close?.();
    }
  }
  return results;
}

async function runOn(
  runners: readonly Runner[],
  cases: readonly ConformanceCase[],
  readInput: (name: string) => Promise<Uint8Array>,
): Promise<Results> {
  const inputs = new Map<string, Promise<Uint8Array>>();
  const input = (name: string) => {
    let p = inputs.get(name);
    if (!p) inputs.set(name, (p = readInput(name)));
    return p;
  };
  const results: Results = {};
  let next = 0;
  await Promise.all(
    runners.map(async (runner) => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const files: Record<string, Uint8Array> = {};
        // A fresh copy per call: a runner may move (detach) what it is given.
        for (const [path, name] of Object.entries(c.files)) files[path] = (await input(name)).slice();
        try {
          const r = c.call
            ? await callApi(runner, c.call, input)
            : await runner.runRaw(c.args, { files, ...(c.kernel ? { kernel: c.kernel } : {}) });
          results[c.id] = await fingerprintOf(r);
        } catch (err) {
          // Known by name, which survives the worker boundary. The trap's own
          // wording is the engine's, so only the error's fields are compared.
          const e = err as { name?: string; exitCode?: number; stderr?: string };
          if (e.name !== 'BpftoolCrashError') throw err;
          const stderr = new TextEncoder().encode(e.stderr ?? '');
          results[c.id] = { ...(await fingerprintOf({ exitCode: e.exitCode ?? -1, stdout: EMPTY, stderr, files: {} })), crashed: true };
        }
      }
    }),
  );
  return results;
}

/** Every way `actual` departs from `expected`, one line each (no line: identical). */
export function differences(expected: Record<string, Fingerprint | null>, actual: Results): string[] {
  const out: string[] = [];
  for (const [id, want] of Object.entries(expected)) {
    const got = actual[id];
    if (!got) out.push(`${id}: no result`);
    else if (want && JSON.stringify(want) !== JSON.stringify(got)) {
      out.push(`${id}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  return out;
}
