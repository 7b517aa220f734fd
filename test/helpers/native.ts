/**
 * The native reference: bpftool built by build.sh from the same pinned tree,
 * run as a process in a scratch folder holding the same input files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The native reference of an upstream version, built by build.sh from that version's tree. */
export const nativeBpftoolOf = (upstream: string) => join(repoRoot, 'build/native', upstream, 'bpftool');
/** The default version's (7.5). */
export const nativeBpftool = nativeBpftoolOf('7.5');
/** The native reference for bpftool-wasm's own commands (wasm/ext/); others go to nativeBpftool. */
export const nativeExt = join(repoRoot, 'build/native/7.5/bpftool-ext');

export interface Outcome {
  exitCode: number;
  /** The signal that killed native bpftool, if one did. */
  signal?: string;
  /** Set when the run was stopped for taking longer than allowed. */
  timedOut?: boolean;
  stdout: Buffer;
  stderr: Buffer;
  files: Record<string, Buffer>;
}

/** A scratch folder with the inputs in place, and what was there before the run. */
function stage(files: Record<string, Uint8Array>) {
  const dir = mkdtempSync(join(tmpdir(), 'bpftool-native-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const before = new Map(listFiles(dir).map((p) => [p, statSync(p).mtimeMs]));
  /** Files the run created or changed, then the folder is removed. */
  const collect = (): Record<string, Buffer> => {
    try {
      const written: Record<string, Buffer> = {};
      for (const p of listFiles(dir)) {
        const was = before.get(p);
        if (was === undefined || statSync(p).mtimeMs !== was) written[relative(dir, p)] = readFileSync(p);
      }
      return written;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { dir, collect };
}

/** Runs native bpftool (or `binary`) on `files` (relative paths) in a fresh folder. */
export function runNative(
  args: readonly string[],
  files: Record<string, Uint8Array> = {},
  binary: string = nativeBpftool,
): Outcome {
  const { dir, collect } = stage(files);
  // As `bpftool` on PATH: 7.1 prints its argv[0] in its messages, as the module's is `bpftool`.
  const r = spawnSync(binary, [...args], { cwd: dir, maxBuffer: 1 << 30, argv0: 'bpftool' });
  const written = collect();
  if (r.error) throw r.error;
  return {
    exitCode: r.status ?? -1,
    ...(r.signal ? { signal: r.signal } : {}),
    stdout: r.stdout,
    stderr: r.stderr,
    files: written,
  };
}

/**
 * The same as a child process that runs while this thread goes on (with the
 * wasm side of a comparison, say). Killed with SIGKILL after `timeoutMs`.
 */
export function runNativeAsync(
  args: readonly string[],
  files: Record<string, Uint8Array> = {},
  timeoutMs = 60_000,
  binary: string = nativeBpftool,
): Promise<Outcome> {
  const { dir, collect } = stage(files);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], argv0: 'bpftool' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      collect();
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? -1,
        ...(signal && !timedOut ? { signal } : {}),
        ...(timedOut ? { timedOut } : {}),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err),
        files: collect(),
      });
    });
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}
