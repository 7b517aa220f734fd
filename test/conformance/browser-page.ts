/**
 * The conformance page for Chromium. The suite is bundled in; the package is
 * loaded as it is built (dist/ served at /dist/), so the browser finds
 * bpftool.wasm and the worker by itself.
 */
import { createBpftool, createWorkerBpftool } from '../../dist/index.js';
import { inTwoWorkers, onThisThread, runCases, type Manifest, type Results } from './suite.js';

const readInput = async (name: string) =>
  new Uint8Array(await (await fetch(`./inputs/${encodeURIComponent(name)}`)).arrayBuffer());

async function conformance(mode: 'main' | 'worker'): Promise<Results> {
  const { cases } = (await (await fetch('./manifest.json')).json()) as Manifest;
  return runCases(mode === 'main' ? onThisThread(createBpftool) : inTwoWorkers(createWorkerBpftool), cases, readInput);
}

/** How the module was compiled: counts of streaming and non-streaming compilations. */
const compiled = { streaming: 0, bytes: 0 };
const { compile, compileStreaming } = WebAssembly;
WebAssembly.compileStreaming = (source) => {
  compiled.streaming++;
  return compileStreaming.call(WebAssembly, source);
};
WebAssembly.compile = (bytes) => {
  compiled.bytes++;
  return compile.call(WebAssembly, bytes);
};

const errorFields = (e: unknown) => {
  const err = e as Record<string, unknown>;
  return { name: err['name'], message: err['message'], exitCode: err['exitCode'], stderr: err['stderr'] };
};

/** The loading paths and the error boundary, as plain data for the test to check. */
async function loading() {
  const out: Record<string, unknown> = {};
  const first = await createBpftool();
  await createBpftool(); // memoised: no second compilation
  out['defaultVersion'] = await first.version();
  out['afterDefault'] = { ...compiled };
  const wrongMime = await createBpftool({ locateFile: () => '/octet/bpftool-7.5.wasm' });
  out['wrongMimeVersion'] = await wrongMime.version();
  out['afterWrongMime'] = { ...compiled };
  out['missing'] = await createBpftool({ locateFile: (f) => `/missing/${f}` }).then(
    () => 'loaded',
    (e: unknown) => errorFields(e),
  );
  const worker = await createWorkerBpftool();
  try {
    out['workerError'] = await worker.genSkeleton(new Uint8Array([1, 2, 3])).then(
      () => 'no error',
      (e: unknown) => ({ ...errorFields(e), isError: e instanceof Error }),
    );
    const input = new Uint8Array(await (await fetch('./inputs/example.bpf.o')).arrayBuffer());
    out['mainError'] = await first.genSkeleton(new Uint8Array([1, 2, 3])).then(
      () => 'no error',
      (e: unknown) => ({ ...errorFields(e), isError: e instanceof Error }),
    );
    out['sameSkeleton'] = (await worker.genSkeleton(input)) === (await first.genSkeleton(input));
  } finally {
    await worker.terminate();
  }
  return out;
}

Object.assign(globalThis, { conformance, loading });
document.title = 'ready';
