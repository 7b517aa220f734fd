/**
 * Compressed streams told apart by their magic numbers, without their
 * decoders (compression.ts): a command line is checked for kernel inputs
 * before anything heavy is loaded. Formats that a kernel may use but no
 * maintained decoder serves here are recognised too, so that the error can
 * name them.
 */
import { hasBytesAt } from './bytes.js';
import { LZ4_LEGACY_MAGIC } from './lz4-magic.js';

export type Compression = 'gzip' | 'zstd' | 'xz' | 'lz4' | 'lzma' | 'lzo' | 'bzip2';
export const SUPPORTED_COMPRESSIONS: readonly Compression[] = ['gzip', 'zstd', 'xz', 'lz4', 'lzma'];

const MAGICS: readonly [Compression, readonly number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['lz4', LZ4_LEGACY_MAGIC],
  ['lzo', [0x89, 0x4c, 0x5a, 0x4f]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  // lzma_alone: properties byte 0x5d and a 64 KiB-or-larger dictionary, as the kernel's build writes it.
  ['lzma', [0x5d, 0x00, 0x00]],
];

/** The compression the bytes start with, if any is recognised. */
export function compressionOf(bytes: Uint8Array): Compression | undefined {
  return MAGICS.find(([, magic]) => hasBytesAt(bytes, 0, magic))?.[0];
}
