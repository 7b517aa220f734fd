/**
 * bpftool-wasm/native against this machine's kernel, in Node. The tests are
 * in scenarios.ts; deno.test.ts runs the same ones in Deno.
 */
import { describe, it } from 'vitest';
import { kernelSkipReason } from './kernel-env.js';
import { scenarios } from './scenarios.js';

const skip = await kernelSkipReason();
if (skip) console.warn(`[native] kernel tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('native bridge in the kernel (Node)', () => {
  for (const s of scenarios) it(s.name, () => s.run());
});
