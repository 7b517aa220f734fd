/**
 * What libbpf reads of the running kernel by itself when it builds a light
 * skeleton (-L): its release and version (uname), its BTF and its
 * configuration. On a Linux host the module is shown the same, so that its
 * output is the native one.
 */
import * as os from 'node:os';
import type { KernelIdentity } from '../core/run.js';

export function hostKernelIdentity(): KernelIdentity {
  return { release: os.release(), version: os.version(), machine: os.machine() };
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
    `/boot/config-${kernel.release}`,
    '/proc/config.gz',
    '/proc/version_signature',
    '/proc/kallsyms',
    '/sys/devices/system/cpu/possible',
  ];
}
