/**
 * Runs the kernel scenarios in Deno, through its Node-API support. Started
 * by deno.test.ts in private mounts (private-mounts.ts); prints `ok <name>`,
 * `not ok <name>: <error>` or `skip: <reason>`, and exits 1 when a scenario
 * failed.
 */
import { privilegeSkipReason } from './kernel-env.js';
import { notInPrivateMountsReason } from './private-mounts.js';
import { scenarios } from './scenarios.js';

const skip = (await privilegeSkipReason()) ?? notInPrivateMountsReason();
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
