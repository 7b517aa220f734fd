/**
 * Runs the kernel scenarios in Node, as deno-runner.ts does in Deno. Started
 * by kernel.test.ts through vite-node (which runs the TypeScript) in private
 * mounts (private-mounts.ts). Prints one JSON line per scenario,
 * `{"name":…,"ok":true}` or `{"name":…,"ok":false,"error":…}`, or a single
 * `{"skip":…}`; exits 1 when a scenario failed.
 */
import { privilegeSkipReason } from './kernel-env.js';
import { notInPrivateMountsReason } from './private-mounts.js';
import { scenarios } from './scenarios.js';

/** One line of the runner's output. */
export type RunnerLine = { skip: string } | { name: string; ok: true } | { name: string; ok: false; error: string };

const print = (line: RunnerLine) => console.log(JSON.stringify(line));

const skip = (await privilegeSkipReason()) ?? notInPrivateMountsReason();
if (skip) {
  print({ skip });
} else {
  let failed = 0;
  for (const s of scenarios) {
    try {
      await s.run();
      print({ name: s.name, ok: true });
    } catch (e) {
      failed++;
      print({ name: s.name, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  process.exitCode = failed ? 1 : 0;
}
