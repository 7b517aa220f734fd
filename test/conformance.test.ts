/**
 * One wasm, one behaviour: the shared conformance suite (test/conformance/)
 * run in Node (main thread and worker_threads), Deno (main thread and Web
 * Workers), Bun (main thread, worker_threads and Web Workers) and headless
 * Chromium (page and Web Workers). Every output's SHA-256 must equal native
 * bpftool's and be the same in every runtime.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBpftool, createWorkerBpftool } from '../dist/index.js';
import { findBun } from './helpers/bun.js';
import { launchChromium, scratchDir } from './helpers/chromium.js';
import { deno } from './helpers/deno.js';
import { repoRoot } from './helpers/native.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';
import { buildManifest, COMMANDS, CORE_CHECK_COMMANDS, RECONCILE_COMMANDS, type BuiltManifest } from './conformance/manifest.js';
import { differences, inTwoWorkers, onThisThread, runCases, type Results } from './conformance/suite.js';

const OBJECTS = 50;

const scratch = scratchDir('bpftool-conformance-');
const dir = scratch.dir;
const readInput = async (name: string) => new Uint8Array(readFileSync(join(dir, 'inputs', name)));
const results: Record<string, Results> = {};
let built: BuiltManifest;

beforeAll(async () => {
  built = await buildManifest(dir, OBJECTS);
  copyFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'), join(dir, 'inputs/example.bpf.o'));
});

afterAll(() => scratch.remove());

/** A child process, without blocking this thread (a minute-long block would stall vitest's own messages). */
function run(cmd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ status: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

const BUN_RUNTIMES = ['bun-main', 'bun-worker-threads', 'bun-web-worker'];

function expectNative(runtime: string, r: Results): void {
  results[runtime] = r;
  expect(differences(built.manifest.native, r)).toEqual([]);
}

describe('conformance cases', () => {
  it(`cover at least ${OBJECTS} corpus objects, every command, and BTF distill and relocate`, () => {
    expect(built.objects.length).toBeGreaterThanOrEqual(OBJECTS);
    const commands = new Set(built.manifest.cases.map((c) => c.id.slice(c.id.indexOf(': ') + 2)));
    for (const note of built.notes) console.log(`conformance: ${note}`);
    // Only what needs the kernel's BTF may be missing, and only with a note that says so.
    const needKernelBtf = new Set<string>(['gen min_core_btf', ...RECONCILE_COMMANDS, ...CORE_CHECK_COMMANDS]);
    const missing = [...COMMANDS, ...RECONCILE_COMMANDS, ...CORE_CHECK_COMMANDS].filter((c) => !commands.has(c));
    expect(missing.filter((c) => !needKernelBtf.has(c) || !built.notes.length)).toEqual([]);
    const reconcile = built.manifest.cases.filter((c) => (RECONCILE_COMMANDS as readonly string[]).includes(c.id.slice(c.id.indexOf(': ') + 2)));
    if (reconcile.length) {
      // Every negative case is libbpf's refusal in the harness too: exit 255 and no file.
      for (const c of reconcile.filter((c) => c.id.endsWith('(base does not fit)'))) {
        expect(built.manifest.native[c.id], c.id).toMatchObject({ exitCode: 255, files: {} });
      }
      console.log(`conformance: ${reconcile.length} BTF distill / relocate cases`);
    }
  });
});

describe('Node', () => {
  it('main thread: every case as native bpftool', async () => {
    expectNative('node-main', await runCases(onThisThread(createBpftool), built.manifest.cases, readInput));
  });

  it('worker_threads, two workers in parallel: every case as native bpftool', async () => {
    expectNative('node-worker', await runCases(inTwoWorkers(createWorkerBpftool), built.manifest.cases, readInput));
  });
});

describe('Deno (deno test, deno from npm)', () => {
  it('main thread and Web Workers: every case as native bpftool', async () => {
    const r = await run(
      deno(),
      [
        'test',
        '--sloppy-imports',
        '--no-remote',
        '--no-npm',
        '--no-check',
        '--allow-read',
        `--allow-write=${dir}`,
        '--allow-env=CONFORMANCE_DIR',
        'test/conformance/deno.conformance.ts',
      ],
      { CONFORMANCE_DIR: dir, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    );
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status, output).toBe(0);
    expect(output).toMatch(/ok \| 2 passed \| 0 failed/);
    for (const runtime of ['deno-main', 'deno-worker']) {
      expectNative(runtime, JSON.parse(readFileSync(join(dir, `results-${runtime}.json`), 'utf8')) as Results);
    }
  });
});

describe('Bun (bun test, bun from npm)', () => {
  it('main thread, worker_threads and Web Workers: every case as native bpftool', async (ctx) => {
    const bun = findBun();
    if ('skip' in bun) {
      console.warn(`conformance: Bun SKIPPED: ${bun.skip}`);
      ctx.skip(true, bun.skip);
      return;
    }
    console.log(`conformance: Bun ${bun.version} (${bun.bin})`);
    const r = await run(bun.bin, ['test', './test/conformance/bun.conformance.ts'], {
      CONFORMANCE_DIR: dir,
      NO_COLOR: '1',
      DO_NOT_TRACK: '1',
    });
    const output = `${r.stdout}${r.stderr}`;
    expect(r.status, output).toBe(0);
    expect(output).toMatch(/^ *3 pass$/m);
    expect(output).toMatch(/^ *0 fail$/m);
    for (const line of output.split('\n').filter((l) => l.startsWith('(pass)'))) console.log(`conformance: bun test ${line}`);
    for (const runtime of BUN_RUNTIMES) {
      expectNative(runtime, JSON.parse(readFileSync(join(dir, `results-${runtime}.json`), 'utf8')) as Results);
    }
  }, 600_000);
});

describe('Chromium (headless, playwright-core)', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    await build({
      entryPoints: [join(repoRoot, 'test/conformance/browser-page.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      outfile: join(dir, 'page.js'),
      logLevel: 'error',
      // The package itself is not bundled: the page loads it from /dist/, as built.
      plugins: [
        {
          name: 'dist-as-served',
          setup(b) {
            b.onResolve({ filter: /\/dist\/index\.js$/ }, () => ({ path: '/dist/index.js', external: true }));
          },
        },
      ],
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>\n');
    server = await serveStatic({ '/dist/': join(repoRoot, 'dist'), '/octet/': join(repoRoot, 'dist'), '/conformance/': dir }, ['/octet/']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage() {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/conformance/`);
    await page.waitForFunction(() => document.title === 'ready');
    return { page, errors };
  }

  it('page (main thread): every case as native bpftool', async () => {
    const { page, errors } = await openPage();
    const r = (await page.evaluate('conformance("main")')) as Results;
    expect(errors).toEqual([]);
    expectNative('chromium-main', r);
  });

  it('Web Workers, two in parallel: every case as native bpftool', async () => {
    const { page, errors } = await openPage();
    const r = (await page.evaluate('conformance("worker")')) as Results;
    expect(errors).toEqual([]);
    expectNative('chromium-worker', r);
  });

  it('loads with compileStreaming, falls back to bytes on a wrong MIME type, and reports a missing file', async () => {
    const { page } = await openPage();
    const out = (await page.evaluate('loading()')) as Record<string, unknown>;
    const version = 'bpftool v7.5.0\nusing libbpf v1.5\nfeatures:\n';
    expect(out['defaultVersion']).toBe(version);
    expect(out['afterDefault']).toEqual({ streaming: 1, bytes: 0 });
    expect(out['wrongMimeVersion']).toBe(version);
    expect(out['afterWrongMime']).toEqual({ streaming: 1, bytes: 1 });
    expect(out['missing']).toMatchObject({ name: 'BpftoolLoadError', exitCode: 1, stderr: '' });
    expect((out['missing'] as { message: string }).message).toMatch(/^cannot fetch http:\/\/127\.0\.0\.1:\d+\/missing\/bpftool-7\.5\.wasm: HTTP 404$/);
    // The same error, with the same fields, on the main thread and through the worker.
    expect(out['workerError']).toEqual(out['mainError']);
    expect(out['workerError']).toMatchObject({ name: 'BpftoolError', exitCode: 95, isError: true });
    expect((out['workerError'] as { stderr: string }).stderr).toContain('is not a proper ELF object');
    expect(out['sameSkeleton']).toBe(true);
  });
});

describe('every runtime', () => {
  it('gives the same hashes for every case, equal to native bpftool wherever native did not crash', () => {
    const bun = findBun();
    const runtimes = ['node-main', 'node-worker', 'deno-main', 'deno-worker', 'chromium-main', 'chromium-worker', ...('skip' in bun ? [] : BUN_RUNTIMES)];
    if ('skip' in bun) console.warn(`conformance: Bun SKIPPED, its ${BUN_RUNTIMES.length} runtimes are not compared: ${bun.skip}`);
    expect(Object.keys(results).sort()).toEqual([...runtimes].sort());
    for (const rt of runtimes) expect(results[rt], rt).toEqual(results['node-main']);
    const cases = built.manifest.cases.length;
    const nativeCrashed = Object.values(built.manifest.native).filter((n) => n === null).length;
    const wasmTrapped = Object.values(results['node-main']!).filter((f) => f.crashed).length;
    const perVersion = Object.entries(
      built.manifest.cases.reduce<Record<string, number>>((n, c) => ({ ...n, [c.upstream ?? '7.5']: (n[c.upstream ?? '7.5'] ?? 0) + 1 }), {}),
    )
      .sort()
      .map(([v, n]) => `${v}: ${n}`)
      .join(', ');
    expect(perVersion).toMatch(/^7\.1: \d+, 7\.5: \d+, 7\.8: \d+$/);
    console.log(
      `conformance: ${built.objects.length} objects, ${cases} cases (bpftool ${perVersion}) x ${runtimes.length} runtimes identical; ` +
        `${cases - nativeCrashed} equal to native, ${nativeCrashed} where native bpftool itself crashed ` +
        `(the module trapped on ${wasmTrapped} of them, as a BpftoolCrashError)`,
    );
  });
});
