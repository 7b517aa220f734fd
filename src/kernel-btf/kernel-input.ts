/**
 * On-the-fly extraction for the API's commands that take BTF: a kernel
 * package, boot image or compressed file is replaced by its vmlinux BTF
 * (or, for a compressed module, the module's split BTF); anything else goes
 * to bpftool untouched.
 */
import { extractKernelBtf, type KernelBtf } from './extract.js';
import { KERNEL_SNIFF_BYTES, needsKernelExtraction } from './kernel-sniff.js';

/** The BTF that bpftool is to read in place of `bytes`, and what was found on the way when it was extracted. */
export async function btfForBpftool(bytes: Uint8Array, what: string): Promise<{ btf: Uint8Array; extracted?: KernelBtf }> {
  if (!needsKernelExtraction(bytes.subarray(0, KERNEL_SNIFF_BYTES))) return { btf: bytes };
  const extracted = await extractKernelBtf(bytes, {}, what);
  return { btf: extracted.vmlinux ?? extracted.modules[0]!.btf, extracted };
}
