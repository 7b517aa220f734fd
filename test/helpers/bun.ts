/**
 * Bun for Linux, from the `bun` npm package (a devDependency). Its
 * postinstall moves the platform package's binary (@oven/bun-linux-x64's
 * bin/bun) over the placeholder node_modules/bun/bin/bun.exe, which
 * node_modules/.bin/bun links to; installed with --ignore-scripts, the
 * placeholder stays and the binary is still in the platform package. Either
 * is taken, once it answers `--version`. Where none does, the reason is
 * given, for the suites to say that they skip and why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './native.js';

export type FoundBun = { bin: string; version: string } | { skip: string };

const BUN_ARCH: Partial<Record<string, string>> = { x64: 'x64', arm64: 'aarch64' };

let found: FoundBun | undefined;

export function findBun(): FoundBun {
  return (found ??= lookForBun());
}

function lookForBun(): FoundBun {
  const arch = BUN_ARCH[process.arch];
  if (process.platform !== 'linux' || !arch) return { skip: `no Bun for ${process.platform}-${process.arch} in the bun devDependency's Linux builds` };
  const modules = join(repoRoot, 'node_modules');
  if (!existsSync(join(modules, 'bun/package.json'))) {
    return { skip: `${join(modules, 'bun')} is missing: npm install provides it (bun is a devDependency)` };
  }
  const candidates = [
    join(modules, 'bun/bin/bun.exe'),
    join(modules, `@oven/bun-linux-${arch}/bin/bun`),
    join(modules, `@oven/bun-linux-${arch}-baseline/bin/bun`),
  ];
  const failures: string[] = [];
  for (const bin of candidates.filter((c) => existsSync(c))) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    const version = r.stdout?.trim() ?? '';
    if (r.status === 0 && /^\d+\.\d+\.\d+/.test(version)) return { bin, version };
    failures.push(`${bin}: ${r.error?.message ?? `exit ${r.status}, ${(r.stderr || r.stdout || '').trim().split('\n')[0]}`}`);
  }
  return {
    skip:
      `no working Bun binary in node_modules (tried ${candidates.join(', ')})` +
      (failures.length ? `; ${failures.join('; ')}` : '; the placeholder bun.exe is replaced by the bun package\'s postinstall, which did not run'),
  };
}
