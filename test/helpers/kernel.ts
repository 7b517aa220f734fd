import { readFileSync } from 'node:fs';

export const NO_KERNEL_BTF = 'no /sys/kernel/btf/vmlinux on this machine (kernel built without BTF)';

/** The running kernel's BTF, or undefined where the kernel has none. */
export function kernelBtf(): Buffer | undefined {
  try {
    return readFileSync('/sys/kernel/btf/vmlinux');
  } catch {
    return undefined;
  }
}
