/**
 * Times whole processes for the bench from a process of its own.
 *
 * Node spawns with fork(), whose cost grows with the parent's resident
 * memory: from the bench itself (modules compiled, instances, a worker) one
 * spawn of /bin/true took some 20 ms, from a bare Node 1 ms. Every process
 * figure would carry that, native's most of all, and ratios would shrink
 * toward 1. This process stays small: it reads one JSON request per line on
 * stdin and answers one JSON line on stdout.
 *
 * Request: { argv, cwd, env?, stdout, stderr }  (stdout and stderr: files to write)
 * Answer:  { ms, status, signal } or { error }
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';

function timeOne({ argv, cwd, env, stdout, stderr }) {
  const out = openSync(stdout, 'w');
  const err = openSync(stderr, 'w');
  try {
    const start = performance.now();
    const r = spawnSync(argv[0], argv.slice(1), { cwd, env: env ?? process.env, stdio: ['ignore', out, err] });
    const ms = performance.now() - start;
    if (r.error) return { error: r.error.message };
    return { ms, status: r.status, signal: r.signal };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    answer = timeOne(JSON.parse(line));
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
