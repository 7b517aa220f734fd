import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostKernelFiles, hostKernelIdentity } from '../../src/cli/host-kernel.js';
import { DEFAULT_UPSTREAM, type KernelIdentity, type UpstreamVersion } from '../../dist/index.js';
import { expect } from 'vitest';
import { nativeBpftoolOf, runNative, type Outcome } from './native.js';
import { runWasm } from './wasm.js';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Native bpftool died on a signal: there is no output to be identical to. */
export class NativeCrash extends Error {
  override readonly name = 'NativeCrash';
  constructor(
    readonly args: readonly string[],
    readonly signal: string,
  ) {
    super(`native bpftool ${args.join(' ')} was killed by ${signal}`);
  }
}

export interface HostKernel {
  kernel: KernelIdentity;
  files: Record<string, Uint8Array>;
}

/**
 * What native bpftool reads of the running kernel by itself for light
 * skeletons: its BTF, its release and its configuration. The module is
 * given the same, as the CLI does on Linux.
 */
export function hostKernel(): HostKernel {
  const kernel = hostKernelIdentity();
  const files: Record<string, Uint8Array> = {};
  for (const f of hostKernelFiles(kernel)) {
    try {
      files[f] = readFileSync(f);
    } catch {
      // not on this machine: native does not see it either
    }
  }
  return { kernel, files };
}

/** What an outcome is, reduced to what must be identical. */
function fingerprint(o: Outcome) {
  return {
    exitCode: o.exitCode,
    stdoutSha256: sha256(o.stdout),
    stdoutBytes: o.stdout.length,
    stderr: o.stderr.toString('utf8'),
    files: Object.fromEntries(Object.entries(o.files).map(([k, v]) => [k, sha256(v)])),
  };
}

/**
 * Runs both builds on the same arguments and inputs and expects identical
 * stdout, stderr, exit code and output files. Returns the native outcome.
 */
export async function expectIdentical(
  args: readonly string[],
  files: Record<string, Uint8Array> = {},
  host?: HostKernel,
  upstream: UpstreamVersion = DEFAULT_UPSTREAM,
): Promise<Outcome> {
  const native = runNative(args, files, nativeBpftoolOf(upstream));
  if (native.signal) throw new NativeCrash(args, native.signal);
  const wasm = await runWasm(args, { ...files, ...host?.files }, host?.kernel, upstream);
  const n = fingerprint(native);
  const w = fingerprint(wasm);
  if (n.stdoutSha256 !== w.stdoutSha256) {
    // Show the text itself, so a failure reads as a diff.
    expect(wasm.stdout.toString('utf8')).toBe(native.stdout.toString('utf8'));
  }
  expect(w).toEqual(n);
  return native;
}
