/**
 * Whole processes: native bpftool and the bpftool-wasm CLI, run once for
 * their outputs, timed, and measured for peak memory with GNU time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessTimer } from './timer-client.js';

export interface Outcome {
  exitCode: number;
  signal?: string;
  stdoutSha256: string;
  stderr: string;
  /** Files the command wrote into its working folder, by name, as sha256. */
  files: Record<string, string>;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'bpftool-bench-'));
}

/** Runs argv in a fresh scratch folder and reports what it produced. */
export function runOnce(argv: readonly string[]): Outcome {
  const dir = scratchDir();
  try {
    const r = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir)) files[f] = sha256(readFileSync(join(dir, f)));
    return {
      exitCode: r.status ?? -1,
      ...(r.signal ? { signal: r.signal } : {}),
      stdoutSha256: sha256(r.stdout),
      stderr: r.stderr.toString('utf8'),
      files,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Wall time of one whole process, from spawn to exit, in milliseconds, taken
 * by the small timer process (bench/process-timer.mjs). Its stdout and stderr
 * go to files in `cwd`, as in `bpftool ... > vmlinux.h`: through a pipe,
 * native's line-by-line writes would time how promptly the reader is
 * scheduled more than bpftool. Files it writes land in `cwd` too.
 */
export async function timeProcess(
  timer: ProcessTimer,
  argv: readonly string[],
  cwd: string,
  expectedStatus = 0,
  env?: Record<string, string | undefined>,
): Promise<number> {
  const r = await timer.time({ argv, cwd, stdout: join(cwd, 'stdout.txt'), stderr: join(cwd, 'stderr.txt'), ...(env ? { env } : {}) });
  if (r.status !== expectedStatus) throw new Error(`${argv.join(' ')} exited with ${r.status ?? r.signal}`);
  return r.ms;
}

/**
 * The bench's environment without NODE_EXTRA_CA_CERTS. Node loads those
 * certificates, and its own root store with them, at every start, before any
 * script runs; bpftool-wasm never opens a connection.
 */
export const ENV_WITHOUT_EXTRA_CA_CERTS: Readonly<Record<string, string | undefined>> = (() => {
  const env = { ...process.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  return env;
})();

/** Peak resident memory of a whole process (GNU time's %M), in KiB. */
export function peakRssKiB(argv: readonly string[]): number {
  const dir = scratchDir();
  try {
    const out = join(dir, 'time.txt');
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, ...argv], { cwd: dir, stdio: 'ignore' });
    if (r.error) throw r.error;
    return Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The CLI's own account of a run (BPFTOOL_WASM_TIMING=1), with the exit measured from outside. */
export interface CliPhases {
  nodeStart: number;
  threadStart: number;
  compile: number;
  run: number;
  output: number;
  answer: number;
  exit: number;
}

const PHASES = /node start ([\d.]+), thread start ([\d.]+), module compile ([\d.]+), run ([\d.]+) \(output ([\d.]+)\), answer ([\d.]+), total ([\d.]+); wasm tiering (\S+); bpftool ran on (.+)$/m;

/** The bench's environment with the CLI's timing line asked for (cli/phase-timing.ts). */
const ENV_WITH_TIMING: Readonly<Record<string, string | undefined>> = { ...process.env, BPFTOOL_WASM_TIMING: '1' };

/** One run's phases, the tiering the CLI chose for it (cli/tiering.ts) and where bpftool ran (cli/main-thread-run.ts). */
export async function cliPhases(
  timer: ProcessTimer,
  argv: readonly string[],
  cwd: string,
): Promise<{ phases: CliPhases; tiering: string; where: string }> {
  const stderrFile = join(cwd, 'stderr.txt');
  const r = await timer.time({ argv, cwd, env: ENV_WITH_TIMING, stdout: join(cwd, 'stdout.txt'), stderr: stderrFile });
  const wall = r.ms;
  const stderr = readFileSync(stderrFile, 'utf8');
  const m = PHASES.exec(stderr);
  if (!m) throw new Error(`the CLI printed no timing line: ${stderr.slice(-300)}`);
  const [nodeStart, threadStart, compile, run, output, answer, total] = m.slice(1, 8).map(Number) as number[];
  return {
    phases: { nodeStart: nodeStart!, threadStart: threadStart!, compile: compile!, run: run!, output: output!, answer: answer!, exit: wall - total! },
    tiering: m[8]!,
    where: m[9]!,
  };
}
