/** Deno, from the `deno` npm package (a devDependency). Missing is an error: npm install provides it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './native.js';

export function deno(): string {
  const bin = join(repoRoot, 'node_modules/.bin/deno');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: npm install provides deno (a devDependency)`);
  return bin;
}
