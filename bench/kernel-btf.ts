/**
 * "vmlinux BTF from a Debian kernel package": bpftool-wasm's `btf extract`
 * (a whole CLI process) and extractKernelBtf() (in-process) against the same
 * work done by hand with the system's own tools: `dpkg-deb -x`, then the
 * payload found and decompressed as the kernel tree's extract-vmlinux does,
 * then `llvm-objcopy --dump-section .BTF=` (test/kernel-btf/independent-btf.sh).
 * The package is Debian's amd64 6.1 cloud kernel, fetched into the cache by
 * test/kernel-btf/fetch-kernel-packages.sh, as the tests do.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { extractKernelBtf } from '../dist/index.js';
import { peakRssKiB, scratchDir, sha256, timeProcess } from './processes.js';
import type { ProcessTimer } from './timer-client.js';
import { summarize, type Summary } from './stats.js';

export interface KernelBtfResult {
  label: string;
  package: string;
  packageBytes: number;
  btfBytes: number;
  byHand: Summary & { peakRssKiB: number };
  cli: Summary & { peakRssKiB: number };
  inProcess: Summary;
}

export const KERNEL_BTF_ID = 'kernel-btf';

const PACKAGE_KEY = 'amd64-6.1';

function packagePath(root: string): string {
  const cache = process.env.BPFTOOL_WASM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bpftool-wasm');
  const listing = execFileSync(join(root, 'test/kernel-btf/fetch-kernel-packages.sh'), [join(cache, 'kernel-packages')], { encoding: 'utf8' });
  const line = listing.split('\n').find((l) => l.startsWith(`${PACKAGE_KEY} `));
  if (!line) throw new Error(`fetch-kernel-packages.sh listed no ${PACKAGE_KEY} package`);
  return line.slice(PACKAGE_KEY.length + 1);
}

export async function measureKernelBtf(root: string, cli: string, warmup: number, runs: number, timer: ProcessTimer): Promise<KernelBtfResult> {
  const deb = packagePath(root);
  const scriptDir = scratchDir();
  const byHandScript = join(scriptDir, 'by-hand.sh');
  // One shell process for the three steps, as a user's script would run them.
  writeFileSync(
    byHandScript,
    `set -euo pipefail\nrm -rf root\ndpkg-deb -x "$1" root\n"$2" root/boot/vmlinuz-* by-hand.btf\n`,
  );
  const byHandArgv = ['bash', byHandScript, deb, join(root, 'test/kernel-btf/independent-btf.sh')];
  const cliArgv = [process.execPath, cli, 'btf', 'extract', deb, 'cli.btf'];
  const bytes = new Uint8Array(readFileSync(deb));

  // The same bytes every way, or the timings mean nothing.
  const cwd = scratchDir();
  try {
    await timeProcess(timer, byHandArgv, cwd);
    await timeProcess(timer, cliArgv, cwd);
    const inProcess = (await extractKernelBtf(bytes)).vmlinux!;
    const hashes = [readFileSync(join(cwd, 'by-hand.btf')), readFileSync(join(cwd, 'cli.btf')), inProcess].map(sha256);
    if (new Set(hashes).size !== 1) throw new Error(`kernel BTF differs between the ways: ${hashes.join(' ')}`);

    const samples = { byHand: [] as number[], cli: [] as number[], inProcess: [] as number[] };
    const ways = ['byHand', 'cli', 'inProcess'] as const;
    for (let round = 0; round < warmup + runs; round++) {
      for (let k = 0; k < ways.length; k++) {
        const way = ways[(round + k) % ways.length]!;
        let ms: number;
        if (way === 'byHand') ms = await timeProcess(timer, byHandArgv, cwd);
        else if (way === 'cli') ms = await timeProcess(timer, cliArgv, cwd);
        else {
          const start = performance.now();
          await extractKernelBtf(bytes);
          ms = performance.now() - start;
        }
        if (round >= warmup) samples[way].push(ms);
      }
    }
    return {
      label: 'vmlinux BTF from a Debian kernel package',
      package: basename(deb),
      packageBytes: statSync(deb).size,
      btfBytes: inProcess.length,
      byHand: { ...summarize(samples.byHand), peakRssKiB: peakRssKiB(byHandArgv) },
      cli: { ...summarize(samples.cli), peakRssKiB: peakRssKiB(cliArgv) },
      inProcess: summarize(samples.inProcess),
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
    rmSync(scriptDir, { recursive: true, force: true });
  }
}
