/** The buffers behind the byte arrays of a value, so that they can be moved instead of copied. */

/** Every ArrayBuffer that a Uint8Array in `value` owns whole (in plain objects and arrays, a few levels deep). */
export function ownedBuffers(value: unknown, depth = 3): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, d: number) => {
    if (v instanceof Uint8Array) {
      // A view into a larger or shared buffer (a Node Buffer from the pool) is
      // copied: moving it would empty unrelated bytes.
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) {
        found.add(v.buffer);
      }
      return;
    }
    if (d === 0 || typeof v !== 'object' || v === null) return;
    for (const item of Array.isArray(v) ? v : Object.values(v)) visit(item, d - 1);
  };
  visit(value, depth);
  return [...found];
}
