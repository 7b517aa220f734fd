/**
 * The conformance suite under Bun's own test runner, importing the built
 * ESM directly. conformance.test.ts runs it as
 *   bun test ./test/conformance/bun.conformance.ts
 * with CONFORMANCE_DIR naming the folder of manifest.json and inputs/.
 * Each test checks against native and leaves its hashes for the
 * cross-runtime comparison.
 *
 * Bun reports a Node version (process.versions.node), so the package takes
 * it for Node: createWorkerBpftool() starts a worker_threads Worker, and the
 * worker entry serves Comlink on worker_threads' parentPort. Bun's Web
 * Worker is run too, started here and handed to createWorkerBpftool().
 */
import { test } from 'bun:test';
import { createBpftool, createWorkerBpftool } from '../../dist/index.js';
import { differences, inTwoWorkers, onThisThread, runCases, type Manifest, type Results } from './suite.js';

// The slice of Bun's API used here (the project's type check runs without Bun's types).
declare const Bun: {
  env: Record<string, string | undefined>;
  file(path: string): { bytes(): Promise<Uint8Array>; text(): Promise<string> };
  write(path: string, data: string): Promise<number>;
};

/** Per test: the cases take tens of seconds; Bun's default is 5 s. */
const TIMEOUT_MS = 1_800_000;

const dir = Bun.env['CONFORMANCE_DIR'];
if (!dir) throw new Error('CONFORMANCE_DIR is not set');
const manifest = JSON.parse(await Bun.file(`${dir}/manifest.json`).text()) as Manifest;
const readInput = (name: string) => Bun.file(`${dir}/inputs/${name}`).bytes();

async function check(runtime: string, results: Results): Promise<void> {
  await Bun.write(`${dir}/results-${runtime}.json`, JSON.stringify(results));
  const diff = differences(manifest.native, results);
  if (diff.length) throw new Error(`${runtime}: ${diff.length} case(s) differ from native:\n${diff.slice(0, 10).join('\n')}`);
}

test(
  'Bun main thread: every case as native bpftool',
  async () => {
    await check('bun-main', await runCases(onThisThread(createBpftool), manifest.cases, readInput));
  },
  TIMEOUT_MS,
);

test(
  'Bun worker_threads (createWorkerBpftool), two in parallel: every case as native bpftool',
  async () => {
    await check('bun-worker-threads', await runCases(inTwoWorkers(createWorkerBpftool), manifest.cases, readInput));
  },
  TIMEOUT_MS,
);

test(
  'Bun Web Workers (new Worker(dist/worker.js)), two in parallel: every case as native bpftool',
  async () => {
    const webWorker = new URL('../../dist/worker.js', import.meta.url);
    const create = (o: Parameters<typeof createWorkerBpftool>[0]) =>
      createWorkerBpftool({ ...o, worker: new Worker(webWorker, { type: 'module' }) });
    await check('bun-web-worker', await runCases(inTwoWorkers(create), manifest.cases, readInput));
  },
  TIMEOUT_MS,
);
