/**
 * Whole processes: native bpftool and the bpftool-wasm CLI, run once for
 * their outputs, timed with hyperfine, and measured for peak memory with
 * GNU time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** One argument of a `hyperfine -N` command line, quoted for its shell-words parser. */
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Times each command with hyperfine (no intermediate shell, stdout into a
 * pipe), in a scratch folder for the files they write. Returns the samples in
 * milliseconds, by command name.
 */
export function hyperfine(
  commands: ReadonlyArray<{ name: string; argv: readonly string[] }>,
  warmup: number,
  runs: number,
): Record<string, number[]> {
  const dir = scratchDir();
  try {
    const json = join(dir, 'hyperfine.json');
    const args = ['-N', '--style', 'none', '--output', 'pipe', '--warmup', String(warmup), '--runs', String(runs)];
    args.push('--export-json', json);
    for (const c of commands) args.push('-n', c.name, c.argv.map(quote).join(' '));
    const r = spawnSync('hyperfine', args, { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`hyperfine exited with ${r.status}`);
    const results = JSON.parse(readFileSync(json, 'utf8')).results as Array<{ command: string; times: number[] }>;
    return Object.fromEntries(results.map((x) => [x.command, x.times.map((s) => s * 1000)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
