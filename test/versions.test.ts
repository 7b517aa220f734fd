/**
 * The user's own bpftool: every shipped upstream version, chosen at run time
 * (API, worker, CLI), against two references of that version: the native
 * bpftool build.sh makes from the same tree, and Debian's own binary of it
 * (third_party/references/, unpacked, never installed; 7.8's runs through
 * trixie's loader). A spread of the corpus, every gen and btf command.
 * `version` is the one documented exception: Debian builds other features.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BpftoolCrashError,
  BpftoolUsageError,
  createBpftool,
  createWorkerBpftool,
  DEFAULT_UPSTREAM,
  UPSTREAM_VERSIONS,
  type Bpftool,
  type UpstreamVersion,
} from '../dist/index.js';
import { hostKernel, sha256, type HostKernel } from './helpers/compare.js';
import { corpusObject, corpusSpread } from './helpers/corpus.js';
import { hasCoreRelocations } from './helpers/elf.js';
import { nativeBpftoolOf, repoRoot, runNative, type Outcome } from './helpers/native.js';

const debianBpftool = (v: string) => join(repoRoot, 'third_party/references', v, 'bpftool');
const VMLINUX = '/sys/kernel/btf/vmlinux';

interface VersionCase {
  id: string;
  args: string[];
  files: Record<string, Uint8Array>;
  light: boolean;
}

/** Every gen and btf command on a spread of the corpus. */
function cases(): VersionCase[] {
  const out: VersionCase[] = [];
  for (const name of corpusSpread(100)) {
    const { file, bytes } = corpusObject(name);
    const files = { [file]: bytes };
    const add = (command: string, args: string[], light = false, extra: Record<string, Uint8Array> = {}) =>
      out.push({ id: `${name}: ${command}`, args, files: { ...files, ...extra }, light });
    add('gen skeleton', ['gen', 'skeleton', file]);
    add('gen skeleton -L', ['gen', 'skeleton', '-L', file], true);
    add('gen subskeleton', ['gen', 'subskeleton', file]);
    add('gen object', ['gen', 'object', 'linked.o', file]);
    add('btf dump', ['btf', 'dump', 'file', file]);
    add('btf dump format c', ['btf', 'dump', 'file', file, 'format', 'c']);
    add('btf dump -j', ['-j', 'btf', 'dump', 'file', file]);
    if (existsSync(VMLINUX) && hasCoreRelocations(bytes)) {
      add('gen min_core_btf', ['gen', 'min_core_btf', 'vmlinux.btf', 'min.btf', file], false, { 'vmlinux.btf': readFileSync(VMLINUX) });
    }
  }
  return out;
}

/**
 * What must be identical: exit code, stdout, stderr and the files written;
 * or, where native bpftool is killed by a signal, that the module stopped
 * with a BpftoolCrashError rather than give output.
 */
function fingerprint(o: Outcome | BpftoolCrashError) {
  if (o instanceof BpftoolCrashError || o.signal) return { crashed: true };
  return {
    exitCode: o.exitCode,
    stdout: sha256(o.stdout),
    stderr: o.stderr.toString(),
    files: Object.fromEntries(Object.entries(o.files).map(([k, v]) => [k, sha256(v)])),
  };
}

async function runWasm(bpftool: Bpftool, c: VersionCase, host: HostKernel): Promise<Outcome | BpftoolCrashError> {
  let r;
  try {
    r = await bpftool.runRaw(c.args, {
      files: { ...c.files, ...(c.light ? host.files : {}) },
      ...(c.light ? { kernel: host.kernel } : {}),
    });
  } catch (err) {
    if (err instanceof BpftoolCrashError) return err;
    throw err;
  }
  return {
    exitCode: r.exitCode,
    stdout: Buffer.from(r.stdout),
    stderr: Buffer.from(r.stderr),
    files: Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

describe('every shipped upstream version against its own native build and Debian\'s binary', () => {
  let all: VersionCase[];
  let host: HostKernel;
  beforeAll(() => {
    all = cases();
    host = hostKernel();
  });

  for (const version of UPSTREAM_VERSIONS) {
    it(`bpftool ${version}`, async () => {
      const bpftool = await createBpftool({ upstream: version });
      expect(bpftool.upstream).toBe(version);
      let sameAsNative = 0;
      let sameAsDebian = 0;
      let nativeCrashed = 0;
      const differing: string[] = [];
      for (const c of all) {
        // Light skeletons read this host's kernel files at their paths, as the module is given them.
        const nativeFiles = c.files;
        const native = fingerprint(runNative(c.args, nativeFiles, nativeBpftoolOf(version)));
        const debian = fingerprint(runNative(c.args, nativeFiles, debianBpftool(version)));
        const wasm = fingerprint(await runWasm(bpftool, c, host));
        if ('crashed' in native) nativeCrashed++;
        if (JSON.stringify(wasm) === JSON.stringify(native)) sameAsNative++;
        else differing.push(`${c.id}: native ${JSON.stringify(native).slice(0, 300)} wasm ${JSON.stringify(wasm).slice(0, 300)}`);
        if (JSON.stringify(wasm) === JSON.stringify(debian)) sameAsDebian++;
        else differing.push(`${c.id}: Debian ${JSON.stringify(debian).slice(0, 300)} wasm ${JSON.stringify(wasm).slice(0, 300)}`);
      }
      console.log(
        `bpftool ${version}: ${all.length} cases; identical to its native build: ${sameAsNative}; ` +
          `identical to Debian's binary: ${sameAsDebian} (native killed by a signal, the module a BpftoolCrashError: ${nativeCrashed})`,
      );
      expect(differing).toEqual([]);
    }, 600_000);
  }
});

describe('choosing the version', () => {
  it('the package lists what it ships, and 7.5 is the default', () => {
    expect(UPSTREAM_VERSIONS).toEqual(['7.1', '7.5', '7.8']);
    expect(DEFAULT_UPSTREAM).toBe('7.5');
  });

  it('each version says its own version', async () => {
    for (const v of UPSTREAM_VERSIONS) {
      const r = await (await createBpftool({ upstream: v })).run(['version']);
      expect(r.stdout.split('\n')[0]).toBe(`bpftool v${v}.0`);
    }
    expect((await createBpftool()).upstream).toBe('7.5');
  });

  it('an unknown version is a typed error naming the ones there are', async () => {
    const err = await createBpftool({ upstream: '7.4' as UpstreamVersion }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BpftoolUsageError);
    expect((err as Error).message).toBe('bpftool-wasm has no upstream bpftool "7.4"; it ships 7.1, 7.5, 7.8');
    await expect(createWorkerBpftool({ upstream: '6.0' as UpstreamVersion })).rejects.toMatchObject({
      name: 'BpftoolUsageError',
      message: 'bpftool-wasm has no upstream bpftool "6.0"; it ships 7.1, 7.5, 7.8',
    });
  });

  it('7.8\'s gen skeleton -S answers as upstream built without crypto (SKIP_CRYPTO=1) does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftool-sign-'));
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=bpftool-wasm'], { cwd: dir });
    const files = {
      'minimal.bpf.o': readFileSync(join(repoRoot, 'build/examples/minimal.bpf.o')),
      'k.pem': readFileSync(join(dir, 'k.pem')),
      'c.pem': readFileSync(join(dir, 'c.pem')),
    };
    const args = ['gen', 'skeleton', '-S', '-k', 'k.pem', '-i', 'c.pem', 'minimal.bpf.o'];
    const native = fingerprint(runNative(args, files, nativeBpftoolOf('7.8')));
    const r = await (await createBpftool({ upstream: '7.8' })).runRaw(args, { files });
    expect(r.exitCode).toBe(161);
    expect(Buffer.from(r.stderr).toString()).toBe('Error: bpftool was built without signing support\nError: failed to sign program\n');
    expect({ exitCode: r.exitCode, stdout: sha256(r.stdout), stderr: Buffer.from(r.stderr).toString() }).toEqual({
      exitCode: native.exitCode,
      stdout: native.stdout,
      stderr: native.stderr,
    });
  });

  it('a worker runs the version asked for', async () => {
    const worker = await createWorkerBpftool({ upstream: '7.8' });
    try {
      expect(worker.upstream).toBe('7.8');
      expect((await worker.run(['version'])).stdout).toMatch(/^bpftool v7\.8\.0\nusing libbpf v1\.8\n/);
    } finally {
      await worker.terminate();
    }
  });
});

describe('the CLI', () => {
  const cli = join(repoRoot, 'dist/cli.cjs');
  const run = (args: string[], env: Record<string, string> = {}, cwd = repoRoot) =>
    spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

  it('--upstream V, --upstream=V and BPFTOOL_WASM_UPSTREAM choose the version; the option wins', () => {
    expect(run(['--upstream', '7.1', 'version']).stdout).toMatch(/^bpftool v7\.1\.0\n/);
    expect(run(['--upstream=7.8', 'version']).stdout).toMatch(/^bpftool v7\.8\.0\n/);
    expect(run(['version'], { BPFTOOL_WASM_UPSTREAM: '7.1' }).stdout).toMatch(/^bpftool v7\.1\.0\n/);
    expect(run(['--upstream', '7.8', 'version'], { BPFTOOL_WASM_UPSTREAM: '7.1' }).stdout).toMatch(/^bpftool v7\.8\.0\n/);
    expect(run(['version']).stdout).toMatch(/^bpftool v7\.5\.0\n/);
  });

  it('an unknown version exits 2 and names the shipped ones', () => {
    const r = run(['--upstream', '7.4', 'version']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('bpftool-wasm: BpftoolUsageError: bpftool-wasm has no upstream bpftool "7.4"; it ships 7.1, 7.5, 7.8\n');
    expect(r.stdout).toBe('');
  });

  it('gen skeleton of each version equals that version\'s Debian binary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftool-versions-'));
    const { file, bytes } = corpusObject(corpusSpread(1)[0]!);
    writeFileSync(join(dir, file), bytes);
    for (const v of UPSTREAM_VERSIONS) {
      const wasm = run(['--upstream', v, 'gen', 'skeleton', file], {}, dir);
      const debian = spawnSync(debianBpftool(v), ['gen', 'skeleton', file], { cwd: dir, encoding: 'utf8' });
      expect(wasm.stderr).toBe(debian.stderr);
      expect(wasm.stdout).toBe(debian.stdout);
      expect(wasm.status).toBe(debian.status);
    }
  });

  describe('cross-check picks native\'s version by itself', () => {
    let dir: string;
    let example: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'bpftool-cc-'));
      example = 'minimal.bpf.o';
      copyFileSync(join(repoRoot, 'build/examples/minimal.bpf.o'), join(dir, example));
    });

    for (const v of UPSTREAM_VERSIONS) {
      it(`Debian's ${v} binary: exit 0, and the report names ${v}`, () => {
        const r = run(['cross-check', '--native', debianBpftool(v), '--', 'gen', 'skeleton', example], {}, dir);
        expect(r.stderr).toBe('');
        expect(r.stdout.split('\n')[0]).toBe(`cross-check: upstream bpftool ${v} (the version of ${debianBpftool(v)}, bpftool ${v}.0)`);
        expect(r.stdout.split('\n')[1]).toMatch(/^identical: stdout \d+ bytes, stderr 0 bytes, exit code 0, 0 output file\(s\)$/);
        expect(r.status).toBe(0);
      });
    }

    it('a native version that is not shipped: exit 2, naming the shipped ones; --upstream compares anyway', () => {
      const fake = join(dir, 'bpftool-7.4');
      writeFileSync(fake, `#!/bin/sh\n[ "$1" = version ] && { echo 'bpftool v7.4.0'; echo 'using libbpf v1.4'; exit 0; }\nexec "${debianBpftool('7.5')}" "$@"\n`);
      chmodSync(fake, 0o755);
      const r = run(['cross-check', '--native', fake, '--', 'gen', 'skeleton', example], {}, dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `bpftool-wasm cross-check: ${fake} is bpftool 7.4.0, and bpftool-wasm ships 7.1, 7.5, 7.8; ` +
          'comparing against another version would mean nothing (--upstream picks one anyway)\n',
      );
      const forced = run(['cross-check', '--native', fake, '--upstream', '7.5', '--', 'gen', 'skeleton', example], {}, dir);
      expect(forced.stdout.split('\n')[0]).toBe('cross-check: upstream bpftool 7.5 (as asked)');
      expect(forced.status).toBe(0);
    });
  });
});
