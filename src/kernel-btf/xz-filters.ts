/**
 * The filters of an xz stream's first block, read from its block header.
 * The kernel's build compresses images with a branch-call-jump filter
 * (`xz --x86`, `--arm64`, ...) before LZMA2, which xz-decompress (built
 * without those filters) cannot undo: such a stream goes to the kernel's own
 * decoder (kernel-decompress.ts).
 */
const STREAM_HEADER = 12;

/** A multibyte integer of the xz format at `at`: its value and the offset after it. */
function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let shift = 0; at < bytes.length && shift < 63; shift += 7) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
  }
  return [value, at];
}

/** The first block has a filter before LZMA2 (false when it has none, or its header cannot be read). */
export function xzHasPreFilter(bytes: Uint8Array): boolean {
  let at = STREAM_HEADER;
  if (bytes[at] === undefined || bytes[at] === 0) return false; // 0: the index, no block
  const flags = bytes[at + 1]!;
  at += 2;
  if (flags & 0x40) at = varint(bytes, at)[1];
  if (flags & 0x80) at = varint(bytes, at)[1];
  for (let i = 0; i <= (flags & 3); i++) {
    let id, size;
    [id, at] = varint(bytes, at);
    [size, at] = varint(bytes, at);
    at += size;
    if (id !== 0x21) return true;
  }
  return false;
}
