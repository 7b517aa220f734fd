/**
 * What macOS, Windows, Deno and browsers need of the code between the user
 * and the wasm: no Linux-only (or Node-only) API on that path. The CLI is
 * the only place that knows about the host; the rest loads Node modules
 * only behind a runtime check, by dynamic import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/native.js';

const WASM_PATH_DIRS = ['src/core', 'src/load', 'src/worker'];
const WASM_PATH_FILES = ['src/index.ts', 'src/worker.ts'];

function sources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return [...WASM_PATH_DIRS.flatMap((d) => walk(join(repoRoot, d))), ...WASM_PATH_FILES.map((f) => join(repoRoot, f))];
}

describe('the wasm path (API, loader, worker)', () => {
  const files = sources();

  it('imports no Node module statically, and nothing from the CLI', () => {
    const offending: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        const typeOnly = /^\s*(?:import|export)\s+type\s/.test(m[0]);
        if ((spec.startsWith('node:') && !typeOnly) || spec.includes('/cli/')) offending.push(`${relative(repoRoot, file)}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('reaches Node only through the two guarded dynamic imports (the file reader and worker_threads)', () => {
    const dynamic = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/=\s*'(node:[\w/]+)'/g)].map((m) => `${relative(repoRoot, file)}: ${m[1]}`),
    );
    expect(dynamic.sort()).toEqual([
      'src/load/wasm-module.ts: node:fs/promises',
      'src/worker.ts: node:worker_threads',
      'src/worker/client.ts: node:worker_threads',
    ]);
  });

  it('names no Linux path (/proc, /sys, /dev) and no process API but the Node checks', () => {
    const offending: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of text.matchAll(/['"`](\/(?:proc|sys|dev)\b[^'"`]*)/g)) offending.push(`${relative(repoRoot, file)}: ${m[1]}`);
      for (const m of text.matchAll(/\bprocess\.(\w+)/g)) {
        if (m[1] !== 'versions') offending.push(`${relative(repoRoot, file)}: process.${m[1]}`);
      }
    }
    // src/core names /dev, /proc and the standard host's /sys/fs/bpf of the module's own file system, not the host's.
    expect(offending.filter((o) => !/^src\/core\/[\w-]+\.ts: \/(dev|proc|sys\/fs\/bpf$)/.test(o))).toEqual([]);
  });
});
