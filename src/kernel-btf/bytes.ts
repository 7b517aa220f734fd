/** Little helpers over byte arrays that every parser of src/kernel-btf/ uses. */

/** `bytes` starts with (or has at `offset`) the given byte values. */
export function hasBytesAt(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (offset < 0 || offset + expected.length > bytes.length) return false;
  return expected.every((b, i) => bytes[offset + i] === b);
}

/** `bytes` holds the ASCII text at `offset`. */
export function hasTextAt(bytes: Uint8Array, offset: number, text: string): boolean {
  return hasBytesAt(bytes, offset, [...text].map((c) => c.charCodeAt(0)));
}

/** ASCII text of a byte range, up to the first NUL. */
export function asciiAt(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < Math.min(offset + length, bytes.length) && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One array of all the chunks, in order. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A size for messages: "14189056 bytes (13.5 MiB)". */
export function sizeText(n: number): string {
  return n >= 1 << 20 ? `${n} bytes (${(n / (1 << 20)).toFixed(1)} MiB)` : `${n} bytes`;
}
