/**
 * Where the compressed kernel sits inside a boot image:
 * - an x86 bzImage: its setup header ("HdrS") gives the payload's offset and
 *   length inside the protected-mode part, which follows the setup sectors;
 * - an EFI zboot image (arm64, riscv, loongarch `vmlinuz.efi`): a PE file
 *   whose own header ("zimg") gives the payload's offset, length and
 *   compression;
 * - an arm64 `Image`: the kernel itself, not compressed ("ARM\x64").
 */
import { asciiAt, hasTextAt, viewOf } from './bytes.js';
import { KernelBtfError } from '../core/errors.js';

export function isBzImage(bytes: Uint8Array): boolean {
  return bytes.length > 0x250 && hasTextAt(bytes, 0x202, 'HdrS') && bytes[0x1fe] === 0x55 && bytes[0x1ff] === 0xaa;
}

/** The compressed payload of a bzImage: vmlinux, compressed, with the kernel's size word after it for most compressors. */
export function bzImagePayload(bytes: Uint8Array, what: string): Uint8Array {
  const v = viewOf(bytes);
  const version = v.getUint16(0x206, true);
  // payload_offset and payload_length came with boot protocol 2.08 (Linux 2.6.26).
  if (version < 0x208) {
    throw new KernelBtfError(`${what} is a bzImage of boot protocol ${version >> 8}.${version & 0xff}, whose header does not say where its payload is (2.08 or later does)`);
  }
  const setupSectors = bytes[0x1f1] || 4;
  const start = (setupSectors + 1) * 512 + v.getUint32(0x248, true);
  const length = v.getUint32(0x24c, true);
  if (start + length > bytes.length) throw new KernelBtfError(`${what} is a bzImage cut short: its payload ends at byte ${start + length}, past its end (${bytes.length})`);
  return bytes.subarray(start, start + length);
}

export function isZbootImage(bytes: Uint8Array): boolean {
  return hasTextAt(bytes, 0, 'MZ') && hasTextAt(bytes, 4, 'zimg');
}

/** The payload of an EFI zboot image and the compression its header names. */
export function zbootPayload(bytes: Uint8Array, what: string): { payload: Uint8Array; compression: string } {
  const v = viewOf(bytes);
  const start = v.getUint32(8, true);
  const length = v.getUint32(12, true);
  const compression = asciiAt(bytes, 24, 32);
  if (start + length > bytes.length) throw new KernelBtfError(`${what} is an EFI zboot image cut short: its payload ends at byte ${start + length}, past its end (${bytes.length})`);
  return { payload: bytes.subarray(start, start + length), compression };
}

export function isArm64Image(bytes: Uint8Array): boolean {
  return hasTextAt(bytes, 0x38, 'ARM\x64');
}
