/**
 * The filters of an xz stream's first block, read from its block header.
 * The kernel's build compresses images with a branch-call-jump filter
 * (`xz --x86`, `--arm64`, ...) before LZMA2, which the xz decoder we use
 * (xz-embedded, built without those filters) cannot undo; the error names
 * the filter instead of calling the data damaged.
 */
const STREAM_HEADER = 12;

const FILTER_NAMES: Record<number, string> = {
  0x03: 'delta',
  0x04: 'x86 BCJ',
  0x05: 'PowerPC BCJ',
  0x06: 'IA-64 BCJ',
  0x07: 'ARM BCJ',
  0x08: 'ARM-Thumb BCJ',
  0x09: 'SPARC BCJ',
  0x0a: 'ARM64 BCJ',
  0x0b: 'RISC-V BCJ',
};

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

/** The names of the first block's filters that are not LZMA2 (empty when it has none, or the header cannot be read). */
export function xzPreFilters(bytes: Uint8Array): string[] {
  let at = STREAM_HEADER;
  if (bytes[at] === undefined || bytes[at] === 0) return []; // 0: the index, no block
  const flags = bytes[at + 1]!;
  at += 2;
  if (flags & 0x40) at = varint(bytes, at)[1];
  if (flags & 0x80) at = varint(bytes, at)[1];
  const names: string[] = [];
  for (let i = 0; i <= (flags & 3); i++) {
    let id, size;
    [id, at] = varint(bytes, at);
    [size, at] = varint(bytes, at);
    at += size;
    if (id !== 0x21) names.push(FILTER_NAMES[id] ?? `filter 0x${id.toString(16)}`);
  }
  return names;
}
