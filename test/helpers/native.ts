/**
 * The native reference: bpftool built by build.sh from the same pinned tree,
 * run as a process in a scratch folder holding the same input files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const nativeBpftool = join(repoRoot, 'build/native/bpftool');

export interface Outcome {
  exitCode: number;
  /** The signal that killed native bpftool, if one did. */
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
  files: Record<string, Buffer>;
}

/** Runs native bpftool on `files` (relative paths) in a fresh folder. */
export function runNative(args: readonly string[], files: Record<string, Uint8Array> = {}): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'bpftool-native-'));
  try {
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const before = new Map(listFiles(dir).map((p) => [p, statSync(p).mtimeMs]));
    const r = spawnSync(nativeBpftool, [...args], { cwd: dir, maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    const written: Record<string, Buffer> = {};
    for (const p of listFiles(dir)) {
      const was = before.get(p);
      if (was === undefined || statSync(p).mtimeMs !== was) written[relative(dir, p)] = readFileSync(p);
    }
    return {
      exitCode: r.status ?? -1,
      ...(r.signal ? { signal: r.signal } : {}),
      stdout: r.stdout,
      stderr: r.stderr,
      files: written,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}
