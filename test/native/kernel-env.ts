/**
 * Whether this process can load BPF programs and attach them to
 * tracepoints, and run them in private mounts of the file systems that needs
 * (private-mounts.ts). Nothing here mounts anything on the host. Free of
 * vitest, so that the runners can use it too.
 */
import { readFileSync } from 'node:fs';
import { nativeSupport } from '../../dist/native.js';
import { privateMountsSkipReason } from './private-mounts.js';

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

function effectiveCapabilities(): bigint {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CapEff:'));
  return line ? BigInt(`0x${line.split(/\s+/)[1]}`) : 0n;
}

const has = (caps: bigint, cap: bigint) => ((caps >> cap) & 1n) === 1n;

/**
 * Why this process may not load and attach BPF programs, or undefined when
 * it may: the addon loads and the process has the capabilities.
 */
export async function privilegeSkipReason(): Promise<string | undefined> {
  const support = await nativeSupport();
  if (!support.supported) return support.reason;
  const caps = effectiveCapabilities();
  if (!has(caps, CAP_SYS_ADMIN) && !(has(caps, CAP_BPF) && has(caps, CAP_PERFMON))) {
    return 'this process lacks the privilege to load and attach BPF programs (root, or CAP_BPF with CAP_PERFMON)';
  }
  return undefined;
}

/**
 * Why the kernel tests cannot run here, or undefined when they can: the
 * privileges above, and commands start in private mounts of tracefs and the
 * BPF file system (tried once, with `true`).
 */
export async function kernelSkipReason(): Promise<string | undefined> {
  return (await privilegeSkipReason()) ?? privateMountsSkipReason();
}
