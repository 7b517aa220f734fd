/**
 * The conformance suite under Deno's own test runner, importing the built
 * ESM directly. conformance.test.ts runs it as
 *   deno test --sloppy-imports … test/conformance/deno.conformance.ts
 * with CONFORMANCE_DIR naming the folder of manifest.json and inputs/.
 * Each test checks against native and leaves its hashes for the
 * cross-runtime comparison.
 */
import { createBpftool, createWorkerBpftool } from '../../dist/index.js';
import { differences, inTwoWorkers, onThisThread, runCases, type Manifest, type Results } from './suite.js';

// The slice of Deno's API used here (the project's type check runs without Deno's types).
declare const Deno: {
  env: { get(name: string): string | undefined };
  readFile(path: string): Promise<Uint8Array>;
  readTextFile(path: string): Promise<string>;
  writeTextFile(path: string, text: string): Promise<void>;
  test(name: string, fn: () => Promise<void>): void;
};

const dir = Deno.env.get('CONFORMANCE_DIR');
if (!dir) throw new Error('CONFORMANCE_DIR is not set');
const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)) as Manifest;
const readInput = (name: string) => Deno.readFile(`${dir}/inputs/${name}`);

async function check(runtime: string, results: Results): Promise<void> {
  await Deno.writeTextFile(`${dir}/results-${runtime}.json`, JSON.stringify(results));
  const diff = differences(manifest.native, results);
  if (diff.length) throw new Error(`${runtime}: ${diff.length} case(s) differ from native:\n${diff.slice(0, 10).join('\n')}`);
}

Deno.test('Deno main thread: every case as native bpftool', async () => {
  await check('deno-main', await runCases(onThisThread(createBpftool), manifest.cases, readInput));
});

Deno.test('Deno Web Workers, two in parallel: every case as native bpftool', async () => {
  await check('deno-worker', await runCases(inTwoWorkers(createWorkerBpftool), manifest.cases, readInput));
});
