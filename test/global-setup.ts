/**
 * Before any suite: the BPF selftests corpus is compiled (or found in its
 * cache) and its folder handed to the suites.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): void {
  const script = fileURLToPath(new URL('./corpus/build-corpus.sh', import.meta.url));
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = out.trim().split('\n').pop()!;
  project.provide('corpusDir', dir);
}

declare module 'vitest' {
  export interface ProvidedContext {
    corpusDir: string;
  }
}
