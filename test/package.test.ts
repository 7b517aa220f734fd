/**
 * From the user's side: the packed tarball installed into an empty project,
 * with a PATH that has no emcc, clang or bpftool. There the CLI works under
 * Node, the README's Node, Deno and worker examples work, and a page bundled
 * by Vite from the package generates a skeleton in Chromium, on the page and
 * in a Web Worker. Prints the sizes users download.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, scratchDir } from './helpers/chromium.js';
import { sha256 } from './helpers/compare.js';
import { deno } from './helpers/deno.js';
import { nativeBpftoolOf, repoRoot, runNative } from './helpers/native.js';
import { serveStatic } from './helpers/static-server.js';
import { kernelSkipReason } from './native/kernel-env.js';
import { spawnWithPrivateMounts } from './native/private-mounts.js';

const scratch = scratchDir('bpftool-package-');
const app = join(scratch.dir, 'app');
const bin = join(scratch.dir, 'bin');
const example = readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'));
const nativeSkeleton = (upstream = '7.5') =>
  runNative(['gen', 'skeleton', 'minimal.bpf.o'], { 'minimal.bpf.o': example }, nativeBpftoolOf(upstream));
/** The versions besides the default that the installed package is run with. */
const OTHER_UPSTREAMS = ['7.1', '7.8'];
const TOOLCHAIN = ['emcc', 'clang', 'clang-19', 'bpftool', 'cc', 'gcc'];

/** The environment of a user without the toolchain: PATH holds node and deno, nothing else. */
const userEnv = () => ({ ...process.env, PATH: bin, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' });
const inApp = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { cwd: app, env: userEnv(), maxBuffer: 1 << 30, encoding: 'buffer' });

/** As inApp, without blocking this thread for the long steps (vitest's own messages must get through). */
const inAppAsync = (cmd: string, args: string[]) =>
  new Promise<{ status: number; stderr: string }>((resolve, reject) => {
    execFile(cmd, args, { cwd: app, env: userEnv(), maxBuffer: 1 << 26 }, (err, _stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ status: err ? (err.code as number) : 0, stderr });
    });
  });

let tarball: string;
let packedFiles: string[];
/** The native addon's own package, built by build.sh on Linux x86-64 (undefined elsewhere). */
const PLATFORM_DIR = join(repoRoot, 'build/npm/linux-x64-gnu');
let platformTarball: string | undefined;
let platformFiles: string[] = [];

function pack(dir: string): { tarball: string; files: string[] } {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', scratch.dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: join(scratch.dir, packed[0]!.filename), files: packed[0]!.files.map((f) => f.path).sort() };
}

beforeAll(async () => {
  ({ tarball, files: packedFiles } = pack(repoRoot));
  if (existsSync(join(PLATFORM_DIR, 'package.json'))) ({ tarball: platformTarball, files: platformFiles } = pack(PLATFORM_DIR));

  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync(deno(), join(bin, 'deno'));
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(app, 'minimal.bpf.o'), example);
  cpSync(join(repoRoot, 'examples/runtimes'), app, { recursive: true });
  // npm itself, run by node from the bare PATH: installing needs no network (no dependencies).
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  // Both tarballs, as the registry would serve them: the addon's package satisfies the optional dependency.
  const tarballs = [tarball, ...(platformTarball ? [platformTarball] : [])];
  const r = await inAppAsync(process.execPath, [npmCli, 'install', '--offline', '--no-audit', '--no-fund', ...tarballs]);
  if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${r.stderr}`);
  // The user's own dev tool, as `npm install -D vite` would provide it (this repository's copy, offline).
  symlinkSync(join(repoRoot, 'node_modules/vite'), join(app, 'node_modules/vite'));
}, 300_000);

afterAll(() => scratch.remove());

describe('the packed package', () => {
  it('holds only what users need', () => {
    expect(packedFiles).toEqual(
      [
        'LICENSE',
        'README.md',
        'dist/THIRD_PARTY_LICENSES',
        'dist/bpftool-7.1.wasm',
        'dist/bpftool-7.5.wasm',
        'dist/bpftool-7.8.wasm',
        'dist/cli.cjs',
        'dist/cli-thread.cjs',
        'dist/cli-cross-check.cjs',
        'dist/cli-kernel-btf.cjs',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.js',
        'dist/versions.json',
        'dist/worker.d.ts',
        'dist/index.d.cts',
        'dist/worker.js',
        'dist/worker.cjs',
        'dist/worker.d.cts',
        'dist/native.js',
        'dist/native.cjs',
        'dist/native.d.ts',
        'dist/native.d.cts',
        'package.json',
        // Type chunks that the entries' declarations import.
        ...packedFiles.filter((f) => /^dist\/(worker|errors)-[\w-]+\.d\.c?ts$/.test(f)),
      ].sort(),
    );
  });

  it('carries no native binary: the addon is its own package, for its platform only, stripped', () => {
    expect(packedFiles.filter((f) => f.endsWith('.node'))).toEqual([]);
    const main = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; optionalDependencies: Record<string, string> };
    expect(main.optionalDependencies).toEqual({ 'bpftool-wasm-linux-x64-gnu': main.version });
    if (!platformTarball) {
      console.warn(`[package] no platform package: build.sh makes ${PLATFORM_DIR} on Linux x86-64 only, when the addon builds`);
      return;
    }
    expect(platformFiles).toEqual(['README.md', 'bpftool_native.node', 'package.json']);
    const pkg = JSON.parse(readFileSync(join(PLATFORM_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: 'bpftool-wasm-linux-x64-gnu', version: main.version, os: ['linux'], cpu: ['x64'], libc: ['glibc'] });
    const sections = execFileSync('readelf', ['-S', '-W', join(PLATFORM_DIR, 'bpftool_native.node')], { encoding: 'utf8' });
    expect(sections).not.toMatch(/\.debug_|\.symtab/);
  });

  it('passes publint --strict and attw (node16 and nodenext from ESM and CommonJS, bundler) with no problem', () => {
    const publint = spawnSync(process.execPath, [join(repoRoot, 'node_modules/publint/src/cli.js'), '--strict', tarball], { encoding: 'utf8' });
    console.log(`publint --strict:\n${publint.stdout}${publint.stderr}`);
    expect(publint.stdout + publint.stderr).not.toMatch(/Errors:|Warnings:|Suggestions:/);
    expect(publint.status).toBe(0);
    const wasmEntries = ['./wasm', './wasm/7.1', './wasm/7.5', './wasm/7.8'];
    const attw = (format: string) =>
      spawnSync(
        process.execPath,
        [join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'node16', '--format', format, '--exclude-entrypoints', ...wasmEntries],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      );
    const table = attw('table');
    console.log(`attw --profile node16 (node10 is not resolved by the node16 profile; the .wasm entries are assets, not modules):\n${table.stdout}${table.stderr}`);
    expect(table.status).toBe(0);
    // Every problem attw finds, outside the resolution the node16 profile leaves out.
    const report = JSON.parse(attw('json').stdout) as { problems: Record<string, Array<{ entrypoint: string; resolutionKind: string }>> };
    const problems = Object.entries(report.problems).flatMap(([kind, list]) =>
      list.filter((p) => p.resolutionKind !== 'node10').map((p) => `${kind} ${p.entrypoint} (${p.resolutionKind})`),
    );
    expect(problems).toEqual([]);
  });

  it('type-checks in a TypeScript project under node16, nodenext (ESM and CommonJS) and bundler', () => {
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const consumer = join(app, 'ts');
    mkdirSync(consumer, { recursive: true });
    writeFileSync(
      join(consumer, 'esm.mts'),
      `import { createBpftool, BpftoolError, type UpstreamVersion } from 'bpftool-wasm';
import { openObject } from 'bpftool-wasm/native';
const upstream: UpstreamVersion = '7.8';
export const skeleton: Promise<string> = createBpftool({ upstream }).then((b) => b.genSkeleton(new Uint8Array()));
export const kinds = [BpftoolError, openObject];
`,
    );
    writeFileSync(
      join(consumer, 'cjs.cts'),
      `import bpftool = require('bpftool-wasm');
import native = require('bpftool-wasm/native');
export const skeleton: Promise<string> = bpftool.genSkeleton(new Uint8Array(), { fileName: 'x.bpf.o' });
export const open = native.openObject;
`,
    );
    writeFileSync(
      join(consumer, 'bundled.ts'),
      `import { createBpftool, UPSTREAM_VERSIONS } from 'bpftool-wasm';
export const first = createBpftool({ upstream: UPSTREAM_VERSIONS[0] });
`,
    );
    const configs: Record<string, { module: string; moduleResolution: string; files: string[] }> = {
      node16: { module: 'node16', moduleResolution: 'node16', files: ['esm.mts', 'cjs.cts'] },
      nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['esm.mts', 'cjs.cts'] },
      bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['bundled.ts'] },
    };
    for (const [name, { files, ...options }] of Object.entries(configs)) {
      const config = {
        compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(repoRoot, 'node_modules/@types')] },
        files,
      };
      writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify(config));
      const r = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: consumer, encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`, name).toBe('');
      expect(r.status, name).toBe(0);
    }
  });

  it('is installed with no toolchain on PATH, and with no dependencies', () => {
    for (const dir of userEnv().PATH.split(delimiter)) {
      for (const tool of TOOLCHAIN) expect(existsSync(join(dir, tool)), `${tool} in ${dir}`).toBe(false);
    }
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/bpftool-wasm', ...(platformTarball ? ['node_modules/bpftool-wasm-linux-x64-gnu'] : [])]);
  });

  it('names every shipped version in versions.json: its upstream package and its wasm\'s sha256', () => {
    const dist = join(app, 'node_modules/bpftool-wasm/dist');
    const versions = JSON.parse(readFileSync(join(dist, 'versions.json'), 'utf8')) as {
      default: string;
      emscripten: string;
      upstreams: Record<string, { bpftool: string; libbpf: string; sourcePackage: string; wasm: string; wasmSha256: string }>;
    };
    expect(versions.default).toBe('7.5');
    expect(versions.emscripten).toBe('3.1.6');
    expect(Object.keys(versions.upstreams)).toEqual(['7.1', '7.5', '7.8']);
    expect(Object.values(versions.upstreams).map((u) => `${u.bpftool} ${u.libbpf} ${u.sourcePackage.split(' ')[0]}`)).toEqual([
      '7.1.0 1.1.0 linux-source-6.1',
      '7.5.0 1.5.0 linux-source-6.12',
      '7.8.0 1.8.0 linux-source-7.3',
    ]);
    for (const u of Object.values(versions.upstreams)) expect(u.wasmSha256).toBe(sha256(readFileSync(join(dist, u.wasm))));
  });

  it('prints the sizes users download', () => {
    const dist = join(app, 'node_modules/bpftool-wasm/dist');
    const rows = ['bpftool-7.1.wasm', 'bpftool-7.5.wasm', 'bpftool-7.8.wasm', 'index.js', 'index.cjs', 'worker.js', 'cli.cjs', 'cli-thread.cjs'].map((f) => {
      const bytes = readFileSync(join(dist, f));
      return `  ${f.padEnd(16)} ${String(bytes.length).padStart(9)} bytes raw ${String(gzipSync(bytes, { level: 9 }).length).padStart(9)} gzipped`;
    });
    const platform = platformTarball ? `; bpftool-wasm-linux-x64-gnu tarball ${readFileSync(platformTarball).length} bytes` : '';
    console.log(`package sizes (tarball ${readFileSync(tarball).length} bytes, no .node in it${platform}):\n${rows.join('\n')}`);
    expect(rows).toHaveLength(8);
    // Each version's module stays within 600 KB raw and 250 KB gzipped.
    for (const v of ['7.1', '7.5', '7.8']) {
      const bytes = readFileSync(join(dist, `bpftool-${v}.wasm`));
      expect(bytes.length, v).toBeLessThanOrEqual(600_000);
      expect(gzipSync(bytes, { level: 9 }).length, v).toBeLessThanOrEqual(250_000);
    }
  });
});

describe('prepublishOnly (scripts/check-fresh.sh)', () => {
  it('passes on the dist/ that build.sh made', () => {
    const r = spawnSync('bash', ['scripts/check-fresh.sh'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^prepublish: dist\/ is fresh \(7\.1 [0-9a-f]{16}, 7\.5 [0-9a-f]{16}, 7\.8 [0-9a-f]{16}\)\n$/);
    expect(r.status).toBe(0);
  });

  it('refuses a dist/ whose wasm is not the built one', () => {
    // The repository as it is, but for a dist/ with one byte of the wasm changed.
    const root = join(scratch.dir, 'stale');
    mkdirSync(root);
    for (const entry of ['build', 'scripts', 'src', 'third_party', 'wasm', 'package.json', 'tsup.config.ts']) {
      symlinkSync(join(repoRoot, entry), join(root, entry));
    }
    cpSync(join(repoRoot, 'dist'), join(root, 'dist'), { recursive: true });
    const wasmFile = join(root, 'dist/bpftool-7.8.wasm');
    const bytes = readFileSync(wasmFile);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(wasmFile, bytes);
    const r = spawnSync('bash', [join(repoRoot, 'scripts/check-fresh.sh'), root], { encoding: 'utf8' });
    expect(r.stderr).toBe('prepublish: dist/bpftool-7.8.wasm is not build/wasm/7.8/bpftool.wasm; run ./build.sh\n');
    expect(r.status).toBe(1);
  });
});

describe('in Node', () => {
  it('the CLI (npx bpftool-wasm) prints the native skeleton', () => {
    const r = inApp(join(app, 'node_modules/.bin/bpftool-wasm'), ['gen', 'skeleton', 'minimal.bpf.o']);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(sha256(r.stdout)).toBe(sha256(nativeSkeleton().stdout));
  });

  it('the CLI with --upstream 7.1 and --upstream 7.8 prints that version\'s native skeleton', () => {
    for (const v of OTHER_UPSTREAMS) {
      const r = inApp(join(app, 'node_modules/.bin/bpftool-wasm'), ['--upstream', v, 'gen', 'skeleton', 'minimal.bpf.o']);
      expect(r.stderr.toString()).toBe('');
      expect(sha256(r.stdout), v).toBe(sha256(nativeSkeleton(v).stdout));
    }
  });

  it('the README examples: ESM, CommonJS and worker_threads', () => {
    const native = sha256(nativeSkeleton().stdout);
    for (const script of ['node.mjs', 'node.cjs', 'node-worker.mjs']) {
      const r = inApp('node', [script, 'minimal.bpf.o']);
      expect(r.stderr.toString(), script).toBe('');
      expect(sha256(r.stdout), script).toBe(native);
    }
  });
});

describe('bpftool-wasm/native, installed from the two tarballs', () => {
  it('loads, attaches and reads a program (the README\'s Linux example), as root', async () => {
    const skip = platformTarball ? await kernelSkipReason() : 'no platform package was built';
    if (skip) {
      console.warn(`[package] native example skipped: ${skip}`);
      return;
    }
    copyFileSync(join(repoRoot, 'examples/native-counter.mjs'), join(app, 'native-counter.mjs'));
    const r = spawnWithPrivateMounts(process.execPath, ['native-counter.mjs', 'minimal.bpf.o'], { cwd: app, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sh \(pid \d+\) called getpid\(\) [1-9]\d* time\(s\)\nall processes: [1-9]\d* call\(s\) since attach\n$/);
    expect(r.status).toBe(0);
  });

  it('says what is missing, and why, when the addon\'s package is not installed', () => {
    const bare = join(scratch.dir, 'bare');
    mkdirSync(join(bare, 'node_modules'), { recursive: true });
    cpSync(join(app, 'node_modules/bpftool-wasm'), join(bare, 'node_modules/bpftool-wasm'), { recursive: true, dereference: true });
    writeFileSync(
      join(bare, 'probe.mjs'),
      `import { openObject } from 'bpftool-wasm/native';
try { await openObject(new Uint8Array(0)); } catch (e) { process.stdout.write(e.name + ': ' + e.message); }
`,
    );
    const r = spawnSync(process.execPath, ['probe.mjs'], { cwd: bare, encoding: 'utf8' });
    expect(r.stdout).toBe(
      'UnsupportedPlatformError: bpftool-wasm/native: its addon, the optional package bpftool-wasm-linux-x64-gnu, is not installed. ' +
        'npm installs it with bpftool-wasm on Linux x86-64 with glibc, unless optional dependencies are left out ' +
        '(--omit=optional, --no-optional); musl (Alpine) has no prebuilt addon. Or a build from source has it at ' +
        `${join(bare, 'node_modules/bpftool-wasm/dist/bpftool_native.node')} (./build.sh builds it; build/addon.log says why it did not)`,
    );
  });
});

describe('in Deno', () => {
  it('createBpftool({ upstream: \'7.1\' | \'7.8\' }) from npm:bpftool-wasm gives that version\'s native skeleton', () => {
    writeFileSync(
      join(app, 'deno-upstream.ts'),
      `import { createBpftool } from 'npm:bpftool-wasm';
const [upstream, path] = Deno.args;
const bpftool = await createBpftool({ upstream: upstream as '7.1' | '7.8' });
await Deno.stdout.write(new TextEncoder().encode(await bpftool.genSkeleton(await Deno.readFile(path), { fileName: path })));
`,
    );
    for (const v of OTHER_UPSTREAMS) {
      const r = inApp('deno', ['run', '--no-remote', '--allow-read', 'deno-upstream.ts', v, 'minimal.bpf.o']);
      expect(r.stderr.toString()).toBe('');
      expect(sha256(r.stdout), v).toBe(sha256(nativeSkeleton(v).stdout));
    }
  });

  it('the README example, importing npm:bpftool-wasm, on the main thread and in a worker', () => {
    const r = inApp('deno', ['run', '--no-remote', '--allow-read', 'deno.ts', 'minimal.bpf.o']);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(sha256(r.stdout)).toBe(sha256(nativeSkeleton().stdout));
  });
});

describe('in Chromium, bundled by Vite', () => {
  it('the README page generates the native skeleton on the page and in a Web Worker, for 7.5, 7.1 and 7.8', async () => {
    const build = await inAppAsync('node', [join(app, 'node_modules/vite/bin/vite.js'), 'build', 'vite', '--logLevel', 'warn']);
    expect(build.status, build.stderr).toBe(0);
    const out = join(app, 'vite/dist');
    copyFileSync(join(app, 'minimal.bpf.o'), join(out, 'minimal.bpf.o'));
    const emitted = readdirSync(join(out, 'assets'));
    // The bundler emits every version's module; a page fetches only the one it runs.
    expect(emitted.filter((f) => f.endsWith('.wasm')).map((f) => f.replace(/-[\w-]{8}\.wasm$/, '.wasm')).sort()).toEqual([
      'bpftool-7.1.wasm',
      'bpftool-7.5.wasm',
      'bpftool-7.8.wasm',
    ]);

    const server = await serveStatic({ '/': out });
    const browser = await launchChromium();
    try {
      for (const upstream of [undefined, ...OTHER_UPSTREAMS]) {
        const page = await browser.newPage();
        const errors: string[] = [];
        const wasmFetched: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.context().on('request', (req) => {
          if (req.url().endsWith('.wasm')) wasmFetched.push(req.url().replace(/^.*\/(bpftool-[\d.]+)-[\w-]{8}\.wasm$/, '$1'));
        });
        await page.goto(`${server.url}/`);
        await page.waitForFunction(() => 'skeletons' in window);
        const r = (await page.evaluate(async (v) => {
          const bytes = new Uint8Array(await (await fetch('/minimal.bpf.o')).arrayBuffer());
          type Skeletons = (b: Uint8Array, name: string, upstream?: string) => Promise<{ onPage: string; inWorker: string }>;
          return (window as unknown as { skeletons: Skeletons }).skeletons(bytes, 'minimal.bpf.o', v);
        }, upstream)) as { onPage: string; inWorker: string };
        expect(errors).toEqual([]);
        const native = nativeSkeleton(upstream).stdout.toString();
        expect(r.onPage, upstream).toBe(native);
        expect(r.inWorker, upstream).toBe(native);
        // The page and its worker each fetch the chosen version's module, and no other.
        expect([...new Set(wasmFetched)], upstream).toEqual([`bpftool-${upstream ?? '7.5'}`]);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

describe('the README', () => {
  it('shows the install lines and the Makefile rule, which work as written in the installed project', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const install = /## Install and use\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!.trim().split('\n');
    expect(install[0]).toBe('npm install --save-dev bpftool-wasm');
    // The install itself is the tarball's (beforeAll); the other lines run as written, with prog.bpf.o.
    copyFileSync(join(app, 'minimal.bpf.o'), join(app, 'prog.bpf.o'));
    const native = (args: string[]) => runNative(args, { 'prog.bpf.o': example }).stdout;
    for (const line of install.slice(1)) {
      const r = spawnSync('sh', ['-c', line], { cwd: app, env: { ...process.env, PATH: `${bin}${delimiter}/usr/bin${delimiter}/bin` }, encoding: 'buffer' });
      expect(r.stderr.toString(), line).toBe('');
      expect(r.status, line).toBe(0);
      const [command, out] = line.split(' > ');
      expect(sha256(readFileSync(join(app, out!))), line).toBe(sha256(native(command!.split(' ').slice(2))));
    }
    const make = spawnSync('make', ['prog.skel.h'], { cwd: app, env: { ...process.env, PATH: `${bin}${delimiter}/usr/bin${delimiter}/bin` }, encoding: 'utf8' });
    expect(make.stderr).toBe('');
    expect(make.status).toBe(0);
    expect(sha256(readFileSync(join(app, 'prog.skel.h')))).toBe(sha256(native(['gen', 'skeleton', 'prog.bpf.o'])));
  });

  it('holds the API reference that scripts/api-reference.mjs generates from the types as they are', () => {
    const generated = execFileSync(process.execPath, ['scripts/api-reference.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(generated);
    expect(generated).toContain('- `createBpftool(options?: CreateBpftoolOptions): Promise<Bpftool>`');
  });

  it('shows the examples that these tests run, verbatim', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
    const files = shown.map((m) => m[1]);
    expect(files).toEqual(expect.arrayContaining(['node.mjs', 'node.cjs', 'node-worker.mjs', 'deno.ts', 'vite/main.js', 'Makefile']));
    for (const [, file, code] of shown) {
      expect(code, file).toBe(readFileSync(join(repoRoot, 'examples/runtimes', file!), 'utf8'));
    }
  });
});


