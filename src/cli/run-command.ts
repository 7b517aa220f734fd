/**
 * Runs one bpftool command line against the host's files: inputs named on
 * the command line are copied into the module, and the files bpftool writes
 * are copied back to the host paths they were written to.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { hostKernelFiles, hostKernelIdentity } from './host-kernel.js';
import type { PlatformPath } from 'node:path';
import type { Bpftool } from '../core/bpftool.js';
import type { KernelIdentity, RawRunResult } from '../core/run.js';
import { hostPaths } from './host-paths.js';

const SYSFS_BTF = '/sys/kernel/btf/';

export interface PreparedCommand {
  kernel?: KernelIdentity;
  wasmArgs: string[];
  cwd: string;
  files: Record<string, Uint8Array>;
  directories: string[];
  toHost(wasmPath: string): string;
}

export function prepareCommand(args: readonly string[], path: PlatformPath, hostCwd: string): PreparedCommand {
  const paths = hostPaths(path, hostCwd);
  const files: Record<string, Uint8Array> = {};
  const directories = new Set<string>();

  const addIfFile = (hostPath: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(hostCwd, hostPath));
    } catch {
      const parent = path.dirname(path.resolve(hostCwd, hostPath));
      if (fs.existsSync(parent)) directories.add(paths.toWasm(parent));
      return;
    }
    if (stat.isFile()) files[paths.toWasm(hostPath)] = fs.readFileSync(path.resolve(hostCwd, hostPath));
    else if (stat.isDirectory()) directories.add(paths.toWasm(hostPath));
  };

  // Light skeletons (-L) make libbpf look at the running kernel by itself:
  // its BTF, its release (uname), its configuration, its symbols and CPUs
  // (see host-kernel.ts). On Linux the module sees the same, so its output
  // is the native one.
  let kernel: KernelIdentity | undefined;
  if (os.platform() === 'linux' && args.some((a) => a === '-L' || a === '--use-loader')) {
    kernel = hostKernelIdentity();
    for (const f of hostKernelFiles(kernel)) addIfFile(f);
  }
  for (const arg of args) {
    if (arg === '' || arg.startsWith('-')) continue;
    addIfFile(arg);
    // bpftool reads vmlinux BTF as the base of a module's sysfs BTF by itself.
    if (path.sep === '/' && arg.startsWith(SYSFS_BTF)) addIfFile(`${SYSFS_BTF}vmlinux`);
  }
  return {
    ...(kernel ? { kernel } : {}),
    wasmArgs: args.map((a) => paths.mapArg(a)),
    cwd: paths.wasmCwd,
    files,
    directories: [...directories],
    toHost: (p) => paths.toHost(p),
  };
}

export async function runCommand(
  bpftool: Bpftool,
  args: readonly string[],
  path: PlatformPath,
  hostCwd: string,
  stdin?: Uint8Array,
): Promise<{ result: RawRunResult; written: Record<string, Uint8Array>; inputs: string[] }> {
  const prepared = prepareCommand(args, path, hostCwd);
  const result = await bpftool.runRaw(prepared.wasmArgs, {
    files: prepared.files,
    cwd: prepared.cwd,
    directories: prepared.directories,
    ...(prepared.kernel ? { kernel: prepared.kernel } : {}),
    ...(stdin ? { stdin } : {}),
  });
  const written: Record<string, Uint8Array> = {};
  for (const [wasmPath, bytes] of Object.entries(result.files)) {
    written[prepared.toHost(wasmPath)] = bytes;
  }
  const inputs = Object.keys(prepared.files).map((p) => prepared.toHost(p));
  return { result, written, inputs };
}
