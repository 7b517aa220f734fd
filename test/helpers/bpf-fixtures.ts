/**
 * BPF test programs (test/fixtures/native/*.bpf.c), compiled with clang-19
 * at test time into build/test-fixtures/. Free of vitest, so that the Deno
 * runner can use it too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const nativeBpftool = join(repoRoot, 'build/native/7.5/bpftool');

/** The flags build.sh uses for the example: the pinned tree's headers. */
export const BPF_CFLAGS = [
  '-g',
  '-O2',
  '--target=bpf',
  '-mcpu=v3',
  '-I',
  join(repoRoot, 'build/native/7.5/libbpf/include'),
  '-I',
  join(repoRoot, 'third_party/src/linux/tools/include/uapi'),
];

/** Compiles `src` into `out` unless `out` is newer. */
export function compileBpf(src: string, out: string): string {
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) return out;
  mkdirSync(join(out, '..'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  execFileSync('clang-19', [...BPF_CFLAGS, '-c', src, '-o', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(tmp, out);
  return out;
}

/** The object of test/fixtures/native/<name>.bpf.c. */
export function fixtureObject(name: string): string {
  return compileBpf(
    join(repoRoot, 'test/fixtures/native', `${name}.bpf.c`),
    join(repoRoot, 'build/test-fixtures', `${name}.bpf.o`),
  );
}
