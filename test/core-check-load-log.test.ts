/**
 * `core check` against libbpf itself: every CO-RE object of the corpus is
 * loaded into this machine's kernel by native bpftool
 * (`bpftool -d prog loadall OBJ /sys/fs/bpf/...`), and every relocation
 * libbpf logs ("patched insn #N ... -> V", "substituting insn #N w/ invalid
 * insn") must be in the wasm's report against /sys/kernel/btf/vmlinux: same
 * program, relocation, instruction, old and new value (and load size), or
 * poisoned. Objects that fail before relocation (libbpf refuses to open them,
 * a kfunc or map the kernel lacks) are counted and named.
 *
 * The loads run in a private mount namespace with its own BPF file system
 * (test/native/private-mounts.ts): the host's mounts never change, and what
 * is pinned vanishes with the namespace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusObjectPath, coreObjects, objectBytes, openableCoreObjects, type CoreCheck } from './helpers/core-check.js';
import { kernelBtf, NO_KERNEL_BTF } from './helpers/kernel.js';
import { loadFailure, loggedRelocations, reachedCoreRelocation, stoppedOnRelocation } from './helpers/libbpf-load-log.js';
import { nativeBpftool } from './helpers/native.js';
import { runWasm } from './helpers/wasm.js';
import { privateMountsSkipReason, spawnWithPrivateMounts } from './native/private-mounts.js';

const vmlinux = kernelBtf();

/** libbpf's debug log of loading each object, by file name. */
function loadLogs(objects: readonly string[]): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'core-load-log-'));
  try {
    writeFileSync(join(dir, 'list'), objects.map((f) => `${f}\n`).join(''));
    // One namespace for every load; each object pins into a folder of its own.
    const script = 'i=0; while read f; do i=$((i+1)); ' +
      'timeout 120 "$1" -d prog loadall "$2/$f" "/sys/fs/bpf/core-proof-$i" >"$3/$f.log" 2>&1; done <"$3/list"; echo loaded';
    const r = spawnWithPrivateMounts('sh', ['-c', script, 'sh', nativeBpftool, join(corpusObjectPath('x'), '..'), dir],
      { encoding: 'utf8' });
    // each load's own status is in its log; the loop must have run to the end
    if (r.status !== 0 || r.stdout !== 'loaded\n') throw new Error(`the loads did not run: ${r.stderr}`);
    return new Map(objects.map((f) => [f, readFileSync(join(dir, `${f}.log`), 'latin1')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("core check against libbpf's own load log on this kernel", () => {
  it('every relocation libbpf logs is in the report against /sys/kernel/btf/vmlinux', async (ctx) => {
    if (!vmlinux) ctx.skip(true, NO_KERNEL_BTF);
    if (process.getuid?.() !== 0) ctx.skip(true, 'loading into the kernel needs root');
    const cannot = privateMountsSkipReason();
    if (cannot) ctx.skip(true, cannot);

    const all = coreObjects();
    const { opens, refused } = openableCoreObjects();
    const logs = loadLogs(all);
    const files: Record<string, Uint8Array> = { vmlinux: vmlinux! };
    for (const f of opens) files[f] = objectBytes(f);
    const r = await runWasm(['-j', 'core', 'check', ...opens, 'against', 'vmlinux'], files);
    const reports = new Map((JSON.parse(r.stdout.toString()) as CoreCheck[]).map((c) => [c.object, c]));

    let logged = 0, agree = 0, complete = 0;
    const disagree: string[] = [];
    const beforeRelocation: string[] = [];
    for (const f of all) {
      const log = logs.get(f)!;
      const seen = loggedRelocations(log);
      if (refused.has(f)) {
        // libbpf's open fails for the load too: nothing relocated
        expect(seen).toEqual([]);
        beforeRelocation.push(`${f}: cannot be opened: ${loadFailure(log)}`);
        continue;
      }
      const report = reports.get(f)!;
      const decided = report.relocations.filter((x) => x.result !== 'skipped');
      if (!reachedCoreRelocation(log)) {
        expect(seen).toEqual([]);
        beforeRelocation.push(`${f}: ${loadFailure(log)}`);
        continue;
      }
      for (const s of seen) {
        logged++;
        const mine = report.relocations.find((x) => x.program === s.program && x.relo === s.relo);
        const same = mine !== undefined && mine.insn === s.insn && mine.result === s.result &&
          (s.result === 'poisoned' || (mine.old === s.old && mine.new === s.new &&
            mine.old_size === s.oldSize && mine.new_size === s.newSize));
        if (same) agree++;
        else disagree.push(`${f}: libbpf ${JSON.stringify(s)}, report ${JSON.stringify(mine)}`);
      }
      // where libbpf went through every record, it logged exactly the ones the report decided
      if (!stoppedOnRelocation(log)) {
        expect(seen.length, f).toBe(decided.length);
        complete++;
      }
    }
    console.log(`core check against libbpf's load log: ${all.length} CO-RE objects loaded; ` +
      `${logged} relocations logged by libbpf, ${agree} agree with the report; ` +
      `${complete} objects relocated in full; ${beforeRelocation.length} failed before relocation:\n  ` +
      beforeRelocation.join('\n  '));
    expect(disagree).toEqual([]);
    expect(agree).toBe(logged);
    expect(logged).toBeGreaterThan(1000);
  });
});
