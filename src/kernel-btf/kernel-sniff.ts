/**
 * Whether a file is a kernel container that bpftool cannot read itself, by
 * its first bytes alone and without loading any decoder: the command line's
 * check before a run (src/cli/kernel-inputs.ts) and the API's.
 */
import { isArArchive } from './ar-archive.js';
import { compressionOf } from './compression-magic.js';
import { isElf } from './elf-sections.js';
import { isArm64Image, isBzImage, isZbootImage } from './kernel-images.js';
import { isRpm } from './rpm-package.js';

/** How many leading bytes needsKernelExtraction() looks at (a bzImage's setup header ends well before). */
export const KERNEL_SNIFF_BYTES = 4096;

/**
 * The bytes (their first 4 KiB are enough) are a kernel package, boot image
 * or compressed file, which extractKernelBtf() reads and bpftool does not.
 * Raw BTF and every ELF file (vmlinux, a module, a BPF object) are bpftool's
 * to read, so that its output and its errors stay native bpftool's.
 */
export function needsKernelExtraction(head: Uint8Array): boolean {
  if (isElf(head)) return false;
  const compression = compressionOf(head);
  // lzma's and bzip2's magic numbers are three bytes that other files may start with by chance: a bare .lzma
  // file stays bpftool's to read (and refuse); inside a bzImage, its header says the payload is compressed.
  const strongCompression = compression !== undefined && compression !== 'lzma' && compression !== 'bzip2';
  return isArArchive(head) || isRpm(head) || isBzImage(head) || isZbootImage(head) || isArm64Image(head) || strongCompression;
}
