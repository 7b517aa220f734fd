/**
 * The facts of this host that native bpftool would read by itself (see
 * core/host-facts.ts): on Linux the CLI describes the host it runs on, so
 * that its output is the native one there. Elsewhere there is no Linux host
 * to describe, and the module keeps the documented standard host.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import type { KernelIdentity } from '../core/host-facts.js';

/** `/proc/self/mounts` escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(p: string): string {
  return p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The mount points of BPF file systems in this process's mount namespace. */
export function hostBpffsMounts(mounts = readFileSync('/proc/self/mounts', 'utf8')): string[] {
  return mounts.split('\n').flatMap((line) => {
    const [, at, type] = line.split(' ');
    return type === 'bpf' && at ? [unescapeMountPath(at)] : [];
  });
}

export function hostKernelIdentity(): KernelIdentity {
  return { release: os.release(), version: os.version(), machine: os.machine(), bpffs: hostBpffsMounts() };
}

/**
 * The files libbpf may open for that kernel; absent ones are simply skipped.
 * Besides BTF and configuration: kernel symbols, which light skeletons
 * resolve ksym externs and kprobe targets against, and the possible CPUs,
 * which size perf event arrays.
 */
export function hostKernelFiles(kernel: KernelIdentity): string[] {
  return [
    '/sys/kernel/btf/vmlinux',
    `/boot/config-${kernel.release ?? ''}`,
    '/proc/config.gz',
    '/proc/version_signature',
    '/proc/kallsyms',
    '/sys/devices/system/cpu/possible',
  ];
}
