/**
 * The facts of a Linux host that libbpf and bpftool read by themselves, and
 * how the module is told them. Native bpftool's output depends on each:
 *
 * - uname(): a light skeleton (`-L`) bakes the release into its loader, and
 *   libbpf looks for `/boot/config-<release>` with it;
 * - whether a folder is on a BPF file system (statfs()): maps pinned by name
 *   make libbpf check the pin folder, and say "not on BPF FS" where it is not.
 *
 * The kernel's files (`/sys/kernel/btf/vmlinux`, `/proc/kallsyms`,
 * `/sys/devices/system/cpu/possible`, `/boot/config-*`, `/proc/config.gz`,
 * `/proc/version_signature`) are read at their paths: the API takes them as
 * `files`, the CLI reads the host's own.
 */

export interface KernelIdentity {
  /**
   * `uname -r`, for example `6.12.117-amd64`. Without it uname() names no
   * Linux kernel, and light skeletons fail with libbpf's "failed to get
   * kernel version".
   */
  release?: string;
  /** `uname -v`. */
  version?: string;
  /** `uname -m`. Default `x86_64`. */
  machine?: string;
  /**
   * The mount points of BPF file systems. Default `['/sys/fs/bpf']`: the
   * standard host, where systemd mounts it at boot. `[]` describes a host
   * with none mounted.
   */
  bpffs?: readonly string[];
}

/** Where systemd mounts the BPF file system; `/sys/fs/bpf` exists on every Linux host. */
export const STANDARD_BPFFS: readonly string[] = ['/sys/fs/bpf'];

/** The environment through which the shims (wasm/shim/uname.c, bpffs.c) learn the facts. */
export function hostFactsEnvironment(kernel: KernelIdentity = {}): Record<string, string> {
  const bpffs = kernel.bpffs ?? STANDARD_BPFFS;
  if (bpffs.some((p) => p.includes(':') || !p.startsWith('/'))) {
    throw new TypeError(`kernel.bpffs must hold absolute paths without ':' (got ${JSON.stringify(bpffs)})`);
  }
  return {
    BPFTOOL_WASM_BPFFS: bpffs.join(':'),
    ...(kernel.release !== undefined
      ? {
          BPFTOOL_WASM_KERNEL_RELEASE: kernel.release,
          BPFTOOL_WASM_KERNEL_VERSION: kernel.version ?? '',
          BPFTOOL_WASM_KERNEL_MACHINE: kernel.machine ?? 'x86_64',
        }
      : {}),
  };
}
