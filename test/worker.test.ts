/**
 * The worker boundary in Node (worker_threads): errors keep their class and
 * fields, result bytes are moved rather than copied, inputs are copied unless
 * asked otherwise, a dead worker fails its calls instead of leaving them
 * waiting, and workers in parallel give the bytes of calls made in turn.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { expose, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { describe, expect, it } from 'vitest';
import {
  BpftoolError,
  BpftoolLoadError,
  BpftoolUsageError,
  createBpftool,
  createWorkerBpftool,
  type WorkerBpftool,
} from '../dist/index.js';
import { createWorkerApi, type BpftoolWorkerApi } from '../src/worker/api.js';
import { corpusObject, corpusSpread } from './helpers/corpus.js';
import { sha256 } from './helpers/compare.js';
import { repoRoot, runNative } from './helpers/native.js';

const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));
const wasm = readFileSync(join(repoRoot, 'dist/bpftool-7.5.wasm'));

async function withWorker<T>(fn: (w: WorkerBpftool) => Promise<T>, options = {}): Promise<T> {
  const w = await createWorkerBpftool(options);
  try {
    return await fn(w);
  } finally {
    await w.terminate();
  }
}

describe('run() through the worker', () => {
  it('gives the result of the calling thread, with the same shape and plain data', async () => {
    const args = ['gen', 'object', 'out/linked.bpf.o', 'minimal.bpf.o'];
    const options = { files: { 'minimal.bpf.o': example }, directories: ['out'] };
    const local = await (await createBpftool()).run(args, options);
    const remote = await withWorker((w) => w.run(args, options));
    expect(Object.keys(remote).sort()).toEqual(['exitCode', 'files', 'stderr', 'stdout']);
    expect(remote.files['out/linked.bpf.o']).toBeInstanceOf(Uint8Array);
    expect(remote).toEqual(local);
    const raw = await withWorker((w) => w.runRaw(['version']));
    expect(raw.stdout).toBeInstanceOf(Uint8Array);
    expect(raw).toEqual(await (await createBpftool()).runRaw(['version']));
  });
});

describe('errors across the worker boundary', () => {
  it('arrive as the same classes with name, message, exitCode and stderr, as on the calling thread', async () => {
    const local = await createBpftool();
    const bad = new Uint8Array([1, 2, 3]);
    const failure = (p: Promise<string>) => p.then(() => new Error('no error') as BpftoolError, (e: unknown) => e as BpftoolError);
    const expected = await failure(local.genSkeleton(bad));
    const got = await withWorker((w) => failure(w.genSkeleton(bad)));
    expect(got).toBeInstanceOf(BpftoolError);
    expect(got).toBeInstanceOf(Error);
    const fields = (e: BpftoolError) => ({ name: e.name, message: e.message, exitCode: e.exitCode, stderr: e.stderr, stdout: e.stdout });
    expect(fields(got)).toEqual(fields(expected));
    expect(got.exitCode).toBe(95);
    expect(got.stderr).toBe("libbpf: elf: 'object_bpf' is not a proper ELF object\nError: failed to open BPF object file: BPF object format invalid\n");
  });

  it('usage errors and load errors too', async () => {
    const usage = await withWorker((w) => w.run([42 as unknown as string]).catch((e: unknown) => e));
    expect(usage).toBeInstanceOf(BpftoolUsageError);
    expect(usage).toMatchObject({ name: 'BpftoolUsageError', exitCode: 2, message: 'args must be an array of strings' });
    const load = await createWorkerBpftool({ wasmBinary: new Uint8Array([0, 1, 2]) }).catch((e: unknown) => e);
    expect(load).toBeInstanceOf(BpftoolLoadError);
    expect(load).toMatchObject({ name: 'BpftoolLoadError', exitCode: 1, stderr: '' });
    expect((load as Error).message).toMatch(/^wasmBinary is not bpftool-7\.5\.wasm: its sha256 is ae4b3280e56e2faf[0-9a-f]{48}, and bpftool-7\.5\.wasm of this package has [0-9a-f]{64} \(versions\.json\)$/);
  });

  it('reach a plain Comlink client as Errors carrying exitCode and stderr', async () => {
    const worker = new Worker(new URL('../dist/worker.js', import.meta.url));
    try {
      const remote = wrap<BpftoolWorkerApi>(nodeEndpoint(worker));
      const err = (await remote.genSkeleton(new Uint8Array([1, 2, 3])).catch((e: unknown) => e)) as BpftoolError;
      expect(err).toBeInstanceOf(Error);
      expect({ name: err.name, exitCode: err.exitCode }).toEqual({ name: 'BpftoolError', exitCode: 95 });
      expect(err.stderr).toContain('is not a proper ELF object');
    } finally {
      await worker.terminate();
    }
  });
});

describe('byte arrays across the worker boundary', () => {
  it('results are transferred, not copied: every output buffer is in the transfer list', async () => {
    const { port1, port2 } = new MessageChannel();
    const transferLists: unknown[][] = [];
    const spy = {
      postMessage: (m: unknown, t?: readonly unknown[]) => {
        transferLists.push([...(t ?? [])]);
        port1.postMessage(m, t as never);
      },
      on: (e: 'message', l: (value: unknown) => void) => port1.on(e, l),
      off: (e: 'message', l: (value: unknown) => void) => port1.off(e, l),
    };
    expose(createWorkerApi(), nodeEndpoint(spy));
    const remote = wrap<BpftoolWorkerApi>(nodeEndpoint(port2));
    try {
      await remote.load({ wasmBinary: wasm });
      const r = await remote.runRaw(['gen', 'object', 'linked.o', 'm.o'], { files: { 'm.o': example } });
      const sent = transferLists.at(-1)!;
      // stdout, stderr and the one output file, each moved (detached on the worker's side).
      expect(sent).toHaveLength(3);
      for (const b of sent) expect((b as ArrayBuffer).byteLength).toBe(0);
      expect(sha256(r.files['linked.o']!)).toBe(sha256(runNative(['gen', 'object', 'linked.o', 'm.o'], { 'm.o': example }).files['linked.o']!));
      const linked = await remote.genObject([example]);
      expect(transferLists.at(-1)).toHaveLength(1);
      expect(linked.length).toBe(r.files['linked.o']!.length);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('inputs are copied by default, and moved with transferInputs', async () => {
    const copied = new Uint8Array(example);
    const moved = new Uint8Array(example);
    const a = await withWorker((w) => w.genSkeleton(copied));
    expect(copied.byteLength).toBe(example.length);
    const b = await withWorker((w) => w.genSkeleton(moved), { transferInputs: true });
    expect(moved.byteLength).toBe(0); // detached: it now belongs to the worker
    expect(b).toBe(a);
  });
});

describe('worker life', () => {
  it('a worker that fails to start fails createWorkerBpftool instead of hanging', async () => {
    const broken = new Worker(new URL('data:text/javascript,throw new Error("no bpftool here")'));
    await expect(createWorkerBpftool({ worker: broken as never })).rejects.toMatchObject({
      name: 'BpftoolWorkerError',
      message: 'bpftool-wasm worker failed: no bpftool here',
      exitCode: 1,
      stderr: '',
    });
  });

  it('terminate() fails the calls under way and every later call, with a usage error', async () => {
    const w = await createWorkerBpftool();
    const terminated = {
      name: 'BpftoolUsageError',
      message: 'this bpftool-wasm worker was terminated: createWorkerBpftool() makes another',
      exitCode: 2,
      stderr: '',
    };
    const pending = expect(w.genSkeleton(example)).rejects.toMatchObject(terminated);
    await w.terminate();
    await pending;
    await expect(w.version()).rejects.toBeInstanceOf(BpftoolUsageError);
    await expect(w.version()).rejects.toMatchObject(terminated);
  });

  it('bpftool-wasm/worker imported on the main thread serves nothing, and says so, without ending the process', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(join(repoRoot, 'dist/worker.js'))}); console.log('still here');`], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('still here\n');
    expect(r.stderr).toContain(
      "bpftool-wasm/worker is the script a Worker runs, and serves nothing on the main thread; createWorkerBpftool() from 'bpftool-wasm' starts it in a worker",
    );
  });

  it('is not a thenable, so that awaiting it does not call the worker', async () => {
    await withWorker(async (w) => {
      expect('then' in w && typeof (w as unknown as { then: unknown }).then === 'function').toBe(false);
      expect(await Promise.resolve(w)).toBe(w);
    });
  });

  it('three workers in parallel give the bytes of one worker called in turn', async () => {
    const objects = corpusSpread(12).map((n) => corpusObject(n));
    const inTurn = await withWorker(async (w) => {
      const out: string[] = [];
      for (const o of objects) out.push(sha256(new TextEncoder().encode(await w.btfDump(o.bytes, { format: 'c' }))));
      return out;
    });
    const workers = await Promise.all([0, 1, 2].map(() => createWorkerBpftool()));
    try {
      const parallel = await Promise.all(
        objects.map(async (o, i) => sha256(new TextEncoder().encode(await workers[i % 3]!.btfDump(o.bytes, { format: 'c' })))),
      );
      expect(parallel).toEqual(inTurn);
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
});
