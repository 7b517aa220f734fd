/**
 * bpftool-wasm/native against this machine's kernel, in Node. The tests are
 * in scenarios.ts; node-runner.ts runs them in a Node process of their own,
 * in private mounts of tracefs and the BPF file system (private-mounts.ts),
 * and each scenario's result is reported here as a test of its own.
 * deno.test.ts runs the same ones in Deno.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/bpf-fixtures.js';
import { kernelSkipReason } from './kernel-env.js';
import type { RunnerLine } from './node-runner.js';
import { withPrivateMounts } from './private-mounts.js';
import { scenarios } from './scenarios.js';

const skip = await kernelSkipReason();
if (skip) console.warn(`[native] kernel tests skipped: ${skip}`);

interface RunnerResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  lines: RunnerLine[];
  /** stdout lines that are not the runner's JSON. */
  other: string[];
}

/** node-runner.ts through vite-node, in private mounts, to its end. */
function runScenarios(): Promise<RunnerResult> {
  const [file, args] = withPrivateMounts(process.execPath, [
    join(repoRoot, 'node_modules/vite-node/vite-node.mjs'),
    'test/native/node-runner.ts',
  ]);
  const child = spawn(file, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const lines: RunnerLine[] = [];
      const other: string[] = [];
      for (const l of stdout.split('\n').filter((l) => l !== '')) {
        try {
          lines.push(JSON.parse(l) as RunnerLine);
        } catch {
          other.push(l);
        }
      }
      resolve({ status, signal, stderr, lines, other });
    });
  });
}

describe.skipIf(skip !== undefined)('native bridge in the kernel (Node)', () => {
  let run: RunnerResult;
  beforeAll(async () => {
    run = await runScenarios();
  });

  // What the runner printed besides the results: nothing, and it exits 0.
  afterAll(() => {
    expect(run.other).toEqual([]);
    expect(run.stderr).toBe('');
    expect(run.lines.filter((l) => 'skip' in l)).toEqual([]);
    expect([run.status, run.signal]).toEqual([0, null]);
  });

  for (const s of scenarios) {
    it(s.name, () => {
      const result = run.lines.find((l) => 'name' in l && l.name === s.name);
      if (result === undefined) {
        const how = run.signal ? `was killed by ${run.signal}` : `exited with status ${run.status}`;
        const said = [...run.lines.filter((l) => 'skip' in l).map((l) => JSON.stringify(l)), ...run.other, run.stderr].join('\n');
        throw new Error(`the runner ${how} without a result for this scenario\n${said}`);
      }
      if ('ok' in result && !result.ok) throw new Error(`in the Node runner: ${result.error}`);
    });
  }
});
