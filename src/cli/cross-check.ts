/**
 * `bpftool-wasm cross-check [--native PATH] -- ARGS…`: runs native bpftool
 * and the wasm build on the same arguments and compares stdout, stderr, the
 * exit code and every file either of them wrote.
 *
 * The wasm build runs first, entirely in memory. Native bpftool then runs for
 * real in the current directory, so the files left on disk are native's, as
 * if the user had run native bpftool alone.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Bpftool } from '../core/bpftool.js';
import { runCommand } from './run-command.js';
import { unifiedDiff } from './unified-diff.js';

export interface CrossCheckReport {
  identical: boolean;
  report: string;
}

interface FileState {
  exists: boolean;
  mtimeMs: number;
}

function fileState(p: string): FileState {
  try {
    const s = fs.statSync(p);
    return { exists: s.isFile(), mtimeMs: s.mtimeMs };
  } catch {
    return { exists: false, mtimeMs: 0 };
  }
}

/** What `native version` says: `bpftool v7.1.0` gives version 7.1.0, upstream 7.1. */
export function nativeVersion(nativePath: string): { version: string; upstream: string } | { error: string } {
  const r = spawnSync(nativePath, ['version'], { encoding: 'utf8', argv0: 'bpftool' });
  if (r.error) return { error: `cannot run ${nativePath}: ${r.error.message}` };
  const m = /^\S*bpftool v((\d+)\.(\d+)\.\d+)/m.exec(r.stdout);
  if (!m) return { error: `${nativePath} version did not name a bpftool version: ${JSON.stringify(r.stdout.split('\n')[0] ?? '')}` };
  return { version: m[1]!, upstream: `${m[2]}.${m[3]}` };
}

export async function crossCheck(
  bpftool: Bpftool,
  nativePath: string,
  args: readonly string[],
  cwd: string,
): Promise<CrossCheckReport> {
  const { result: wasm, written: wasmFiles } = await runCommand(bpftool, args, path, cwd);

  // Files native may write: those wasm wrote, and arguments naming no file yet.
  const candidates = new Set(Object.keys(wasmFiles));
  for (const arg of args) if (!arg.startsWith('-')) candidates.add(path.resolve(cwd, arg));
  const before = new Map([...candidates].map((p) => [p, fileState(p)]));

  // As `bpftool` on PATH: 7.1 prints its argv[0] in its messages, as the module's is `bpftool`.
  const native = spawnSync(nativePath, [...args], { cwd, maxBuffer: 1 << 30, argv0: 'bpftool' });
  if (native.error) {
    return { identical: false, report: `cross-check: cannot run ${nativePath}: ${native.error.message}\n` };
  }
  // Killed by a signal: report it as a shell does, 128 + the signal number.
  const nativeExit = native.status ?? 128 + (native.signal ? os.constants.signals[native.signal] : 0);
  const nativeFiles: Record<string, Uint8Array> = {};
  for (const [p, was] of before) {
    const now = fileState(p);
    if (now.exists && (!was.exists || now.mtimeMs !== was.mtimeMs)) nativeFiles[p] = fs.readFileSync(p);
  }

  const lines: string[] = [];
  const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
  const compareStream = (name: string, n: Uint8Array, w: Uint8Array) => {
    if (Buffer.compare(Buffer.from(n), Buffer.from(w)) !== 0) {
      lines.push(unifiedDiff(`native/${name}`, `wasm/${name}`, text(n), text(w)));
    }
  };
  compareStream('stdout', native.stdout, wasm.stdout);
  compareStream('stderr', native.stderr, wasm.stderr);
  if (nativeExit !== wasm.exitCode) {
    lines.push(`exit code: native ${nativeExit}, wasm ${wasm.exitCode}\n`);
  }
  for (const p of new Set([...Object.keys(nativeFiles), ...Object.keys(wasmFiles)])) {
    const n = nativeFiles[p];
    const w = wasmFiles[p];
    if (!n || !w) {
      lines.push(`file ${p}: written by ${n ? 'native' : 'wasm'} only\n`);
    } else if (Buffer.compare(Buffer.from(n), Buffer.from(w)) !== 0) {
      let at = 0;
      while (at < n.length && at < w.length && n[at] === w[at]) at++;
      lines.push(`file ${p}: differs at byte ${at} (native ${n.length} bytes, wasm ${w.length} bytes)\n`);
    }
  }
  const identical = lines.length === 0;
  const summary = identical
    ? `identical: stdout ${wasm.stdout.length} bytes, stderr ${wasm.stderr.length} bytes, exit code ${wasm.exitCode}, ${Object.keys(wasmFiles).length} output file(s)\n`
    : lines.join('');
  return { identical, report: summary };
}
