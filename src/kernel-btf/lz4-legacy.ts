/**
 * LZ4's legacy frame (`lz4 -l`), the one the kernel's build compresses its
 * image with: a magic number, then blocks of at most 8 MiB each, every one a
 * 4-byte little-endian length and an LZ4 block. Our own code: the npm LZ4
 * decoders read the current frame format only, and the block format is a
 * few lines.
 */
import { KernelBtfError } from '../core/errors.js';
import { viewOf } from './bytes.js';

const LEGACY_BLOCK_MAX = 8 << 20;

/** The decompressed blocks, one array each; trailing bytes too short to be a block (the kernel's size word) end the frame. */
export function* lz4LegacyBlocks(input: Uint8Array, what: string): Generator<Uint8Array> {
  const v = viewOf(input);
  let at = 4;
  while (at + 4 <= input.length) {
    const length = v.getUint32(at, true);
    // A repeated magic starts another frame of the same kind (concatenated output of lz4 -l).
    if (length === 0x184c2102) {
      at += 4;
      continue;
    }
    if (at + 4 + length > input.length) break;
    yield decodeBlock(input.subarray(at + 4, at + 4 + length), what);
    at += 4 + length;
  }
}

function decodeBlock(src: Uint8Array, what: string): Uint8Array {
  const out = new Uint8Array(LEGACY_BLOCK_MAX);
  const damaged = () => new KernelBtfError(`${what}: the LZ4 data is damaged`);
  let s = 0;
  let d = 0;
  const readLength = (n: number) => {
    if (n !== 15) return n;
    let b;
    do {
      if (s >= src.length) throw damaged();
      b = src[s++]!;
      n += b;
    } while (b === 255);
    return n;
  };
  while (s < src.length) {
    const token = src[s++]!;
    const literals = readLength(token >> 4);
    if (s + literals > src.length || d + literals > out.length) throw damaged();
    out.set(src.subarray(s, s + literals), d);
    s += literals;
    d += literals;
    if (s >= src.length) break; // the last sequence is literals only
    if (s + 2 > src.length) throw damaged();
    const distance = src[s]! | (src[s + 1]! << 8);
    s += 2;
    const matchLength = readLength(token & 15) + 4;
    if (distance === 0 || distance > d || d + matchLength > out.length) throw damaged();
    // Byte by byte: a match may overlap the bytes it writes.
    for (let i = 0; i < matchLength; i++, d++) out[d] = out[d - distance]!;
  }
  return out.subarray(0, d);
}
