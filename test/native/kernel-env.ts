/**
 * Whether this process can load BPF programs and attach them to
 * tracepoints, and the file systems that needs. Free of vitest, so that the
 * Deno runner can use it too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { nativeSupport } from '../../dist/native.js';

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

function mounted(type: string, dir: string): boolean {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((l) => {
      const [, at, fsType] = l.split(' ');
      return at === dir && fsType === type;
    });
}

/**
 * Mounts what tracepoints and pins need where it is missing: tracefs (libbpf
 * reads tracepoint ids there) and the BPF file system.
 */
function mountKernelFileSystems(): string | undefined {
  for (const [type, dir] of [
    ['tracefs', '/sys/kernel/tracing'],
    ['bpf', '/sys/fs/bpf'],
  ] as const) {
    if (mounted(type, dir)) continue;
    try {
      execFileSync('mount', ['-t', type, type, dir], { stdio: 'pipe' });
    } catch (e) {
      return `cannot mount ${type} on ${dir}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return undefined;
}

/** Why the kernel tests cannot run here, or undefined when they can. */
export async function kernelSkipReason(): Promise<string | undefined> {
  const support = await nativeSupport();
  if (!support.supported) return support.reason;
  const caps = effectiveCapabilities();
  if (!has(caps, CAP_SYS_ADMIN) && !(has(caps, CAP_BPF) && has(caps, CAP_PERFMON))) {
    return 'this process lacks the privilege to load and attach BPF programs (root, or CAP_BPF with CAP_PERFMON)';
  }
  return mountKernelFileSystems();
}
