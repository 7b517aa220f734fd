import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { runNative, type Outcome } from './native.js';
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

/** The kernel BTF that native bpftool reads by itself for light skeletons. */
export function hostKernelBtf(): Record<string, Uint8Array> {
  try {
    return { '/sys/kernel/btf/vmlinux': readFileSync('/sys/kernel/btf/vmlinux') };
  } catch {
    return {};
  }
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
  wasmOnlyFiles: Record<string, Uint8Array> = {},
): Promise<Outcome> {
  const native = runNative(args, files);
  if (native.signal) throw new NativeCrash(args, native.signal);
  const wasm = await runWasm(args, { ...files, ...wasmOnlyFiles });
  const n = fingerprint(native);
  const w = fingerprint(wasm);
  if (n.stdoutSha256 !== w.stdoutSha256) {
    // Show the text itself, so a failure reads as a diff.
    expect(wasm.stdout.toString('utf8')).toBe(native.stdout.toString('utf8'));
  }
  expect(w).toEqual(n);
  return native;
}
