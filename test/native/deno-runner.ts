/**
 * Runs the kernel scenarios in Deno, through its Node-API support. Started
 * by deno.test.ts; prints `ok <name>`, `not ok <name>: <error>` or
 * `skip: <reason>`, and exits 1 when a scenario failed.
 */
import { kernelSkipReason } from './kernel-env.js';
import { scenarios } from './scenarios.js';

const skip = await kernelSkipReason();
if (skip) {
  console.log(`skip: ${skip}`);
} else {
  let failed = 0;
  for (const s of scenarios) {
    try {
      await s.run();
      console.log(`ok ${s.name}`);
    } catch (e) {
      failed++;
      console.log(`not ok ${s.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
