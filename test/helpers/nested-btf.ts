/**
 * Raw BTF made to stress `btf dump … format c`, written byte by byte (no
 * libbpf), little-endian:
 *
 * - danglingReturnType(): one FUNC_PROTO whose return type is a type id the
 *   BTF does not have. libbpf's sanity check looks at parameters but not at
 *   the return type, so the C dump asks for type 4096, gets NULL and reads
 *   its kind: native bpftool is killed by SIGSEGV.
 *
 * - nestedChain(depth): a named struct `s` whose only member is an anonymous
 *   struct, which holds the next, `depth` levels deep, down to an int. The C
 *   dump recurses once per level.
 * - nestedFanout(depth): each anonymous struct level holds two members of the
 *   next, so the C dump, which writes anonymous structs inline, prints
 *   2^depth innermost ints from a BTF of a few hundred bytes.
 */

const BTF_MAGIC = 0xeb9f;
const HEADER_LEN = 24;
const KIND_INT = 1;
const KIND_STRUCT = 4;
const KIND_FUNC_PROTO = 13;

class BtfWriter {
  private readonly types: number[] = [];
  private strings = '\0';
  private nextId = 1;

  name(s: string): number {
    const at = this.strings.indexOf(`\0${s}\0`);
    if (at >= 0) return at + 1;
    const off = this.strings.length;
    this.strings += `${s}\0`;
    return off;
  }

  int(name: string, bytes: number): number {
    this.types.push(this.name(name), KIND_INT << 24, bytes, /* signed */ (1 << 24) | (bytes * 8));
    return this.nextId++;
  }

  struct(name: string, size: number, members: ReadonlyArray<{ name: string; type: number; bitOffset: number }>): number {
    this.types.push(name ? this.name(name) : 0, (KIND_STRUCT << 24) | members.length, size);
    for (const m of members) this.types.push(this.name(m.name), m.type, m.bitOffset);
    return this.nextId++;
  }

  funcProto(returnType: number): number {
    this.types.push(0, KIND_FUNC_PROTO << 24, returnType);
    return this.nextId++;
  }

  /** Type ids are assigned in the order types are added; members may refer forward. */
  get next(): number {
    return this.nextId;
  }

  bytes(): Uint8Array {
    const strings = new TextEncoder().encode(this.strings);
    const typeLen = this.types.length * 4;
    const out = new Uint8Array(HEADER_LEN + typeLen + strings.length);
    const dv = new DataView(out.buffer);
    dv.setUint16(0, BTF_MAGIC, true);
    dv.setUint8(2, 1); // version
    dv.setUint32(4, HEADER_LEN, true);
    dv.setUint32(8, 0, true); // type_off
    dv.setUint32(12, typeLen, true);
    dv.setUint32(16, typeLen, true); // str_off
    dv.setUint32(20, strings.length, true);
    this.types.forEach((v, i) => dv.setUint32(HEADER_LEN + i * 4, v >>> 0, true));
    out.set(strings, HEADER_LEN + typeLen);
    return out;
  }
}

/** `struct s` holds anonymous structs `depth` levels deep (ids 2..depth+1), then an int. */
export function nestedChain(depth: number): Uint8Array {
  const w = new BtfWriter();
  const intId = w.int('int', 4);
  for (let level = 0; level < depth; level++) {
    // Each struct's member is the struct added next; the last one's is the int.
    const member = level === depth - 1 ? intId : w.next + 1;
    w.struct(level === 0 ? 's' : '', 4, [{ name: 'm', type: member, bitOffset: 0 }]);
  }
  return w.bytes();
}

/** `struct s` with two members per level, `depth` levels of anonymous structs: 2^depth ints in C. */
export function nestedFanout(depth: number): Uint8Array {
  const w = new BtfWriter();
  const intId = w.int('int', 4);
  for (let level = 0; level < depth; level++) {
    const member = level === depth - 1 ? intId : w.next + 1;
    const size = 4 * 2 ** (depth - level);
    w.struct(level === 0 ? 's' : '', size, [
      { name: 'a', type: member, bitOffset: 0 },
      { name: 'b', type: member, bitOffset: (size / 2) * 8 },
    ]);
  }
  return w.bytes();
}

/** A FUNC_PROTO returning type 4096, in a BTF of one type. */
export function danglingReturnType(): Uint8Array {
  const w = new BtfWriter();
  w.funcProto(4096);
  return w.bytes();
}
