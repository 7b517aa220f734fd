/**
 * Raw BTF: the header that every BTF blob starts with, checked well enough
 * to tell BTF from chance bytes, and BTF found by scanning a raw kernel image
 * (an arm64 `Image` is the kernel's bytes, not an ELF file, so its `.BTF`
 * section has no name left and is found by its header).
 */
import { viewOf } from './bytes.js';

const BTF_MAGIC = 0xeb9f;
const BTF_HEADER_LEN = 24;

/**
 * The byte length of a BTF blob starting at `offset`, or 0 when no valid header is there.
 * `split`: split BTF, whose strings continue its base's and need not start with the empty string.
 */
export function btfLengthAt(bytes: Uint8Array, offset: number, split = false): number {
  if (offset + BTF_HEADER_LEN > bytes.length) return 0;
  const v = viewOf(bytes);
  for (const little of [true, false]) {
    if (v.getUint16(offset, little) !== BTF_MAGIC || bytes[offset + 2] !== 1) continue;
    const hdrLen = v.getUint32(offset + 4, little);
    const typeOff = v.getUint32(offset + 8, little);
    const typeLen = v.getUint32(offset + 12, little);
    const strOff = v.getUint32(offset + 16, little);
    const strLen = v.getUint32(offset + 20, little);
    if (hdrLen < BTF_HEADER_LEN || hdrLen > 256) continue;
    // libbpf's own layout, which pahole and the kernel write: types, then strings, right after them.
    if (typeOff !== 0 || strOff !== typeLen || strLen === 0) continue;
    const total = hdrLen + strOff + strLen;
    if (offset + total > bytes.length) continue;
    // The string section of base BTF starts with the empty string.
    if (!split && bytes[offset + hdrLen + strOff] !== 0) continue;
    return total;
  }
  return 0;
}

/** The bytes are one whole raw BTF blob. */
export function isRawBtf(bytes: Uint8Array): boolean {
  const n = btfLengthAt(bytes, 0);
  return n > 0 && n === bytes.length;
}

/**
 * The largest valid BTF blob inside a raw image, or undefined. The kernel's
 * own BTF (every type of vmlinux) dwarfs any chance match, and a chance match
 * rarely passes the header's checks at all.
 */
export function findLargestBtf(bytes: Uint8Array): Uint8Array | undefined {
  let best: [number, number] | undefined;
  // The section is aligned to at least 4 bytes in every kernel linker script.
  for (let at = bytes.indexOf(0x9f); at >= 0; at = bytes.indexOf(0x9f, at + 1)) {
    const start = bytes[at + 1] === 0xeb ? at : bytes[at - 1] === 0xeb ? at - 1 : -1;
    if (start < 0 || start % 4 !== 0) continue;
    const n = btfLengthAt(bytes, start);
    if (n > (best?.[1] ?? 0)) best = [start, n];
  }
  return best && bytes.subarray(best[0], best[0] + best[1]);
}
