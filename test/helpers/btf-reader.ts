/**
 * A small reader of raw BTF, independent of libbpf, for checking what
 * libbpf's results mean: which type every type id reference resolves to.
 * Little-endian only (the machine the tests run on).
 */

export const KIND = {
  INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9,
  CONST: 10, RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16,
  DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;

export interface BtfType {
  id: number;
  kind: number;
  name: string;
  vlen: number;
  /** size, or the referenced type id, as the kind has it */
  sizeOrType: number;
  /** Referenced type ids, in record order. */
  refs: number[];
  /** Member, parameter or enumerator names and their offsets or values: what is not an id. */
  details: string[];
  /** Where the type's record starts in the bytes it was read from. */
  offset: number;
}

export interface Btf {
  /** The first id of this BTF's own types (1 unless split). */
  startId: number;
  /** Every type, base first: types[id]. types[0] is void. */
  types: BtfType[];
  base?: Btf;
  /** The string at an offset of the combined (base, then own) string section. */
  str(off: number): string;
  /** Length of the combined string section. */
  strLen: number;
}

/** Reads raw BTF; `base` for split BTF. */
export function readBtf(bytes: Uint8Array, base?: Btf): Btf {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint16(0, true) !== 0xeb9f) throw new Error('not little-endian raw BTF');
  const hdrLen = v.getUint32(4, true);
  const typeOff = hdrLen + v.getUint32(8, true);
  const typeLen = v.getUint32(12, true);
  const strOff = hdrLen + v.getUint32(16, true);
  const strLen = v.getUint32(20, true);
  const baseStrLen = base?.strLen ?? 0;
  const decoder = new TextDecoder();
  const baseTypes = base?.types ?? [voidType()];
  const str = (off: number): string => {
    if (off < baseStrLen) return base!.str(off);
    const start = strOff + off - baseStrLen;
    const end = bytes.indexOf(0, start);
    if (off - baseStrLen >= strLen || end < 0) throw new Error(`string offset ${off} is outside the strings`);
    return decoder.decode(bytes.subarray(start, end));
  };

  const types: BtfType[] = [...baseTypes];
  let p = typeOff;
  const u32 = (o: number) => v.getUint32(o, true);
  while (p < typeOff + typeLen) {
    const info = u32(p + 4);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const t: BtfType = {
      id: types.length, kind, name: str(u32(p)), vlen, sizeOrType: u32(p + 8), refs: [], details: [], offset: p,
    };
    p += 12;
    switch (kind) {
      case KIND.INT: t.details.push(`int ${u32(p)}`); p += 4; break;
      case KIND.PTR: case KIND.TYPEDEF: case KIND.VOLATILE: case KIND.CONST: case KIND.RESTRICT:
      case KIND.FUNC: case KIND.TYPE_TAG:
        t.refs.push(t.sizeOrType); break;
      case KIND.ARRAY:
        t.refs.push(u32(p), u32(p + 4)); t.details.push(`nelems ${u32(p + 8)}`); p += 12; break;
      case KIND.STRUCT: case KIND.UNION:
        for (let i = 0; i < vlen; i++, p += 12) { t.refs.push(u32(p + 4)); t.details.push(`${str(u32(p))}@${u32(p + 8)}`); }
        break;
      case KIND.ENUM:
        for (let i = 0; i < vlen; i++, p += 8) t.details.push(`${str(u32(p))}=${u32(p + 4)}`);
        break;
      case KIND.ENUM64:
        for (let i = 0; i < vlen; i++, p += 12) t.details.push(`${str(u32(p))}=${u32(p + 4)}:${u32(p + 8)}`);
        break;
      case KIND.FUNC_PROTO:
        t.refs.push(t.sizeOrType);
        for (let i = 0; i < vlen; i++, p += 8) { t.refs.push(u32(p + 4)); t.details.push(str(u32(p))); }
        break;
      case KIND.VAR: t.refs.push(t.sizeOrType); t.details.push(`linkage ${u32(p)}`); p += 4; break;
      case KIND.DATASEC:
        for (let i = 0; i < vlen; i++, p += 12) { t.refs.push(u32(p)); t.details.push(`${u32(p + 4)}+${u32(p + 8)}`); }
        break;
      case KIND.DECL_TAG: t.refs.push(t.sizeOrType); t.details.push(`component ${u32(p)}`); p += 4; break;
      case KIND.FWD: case KIND.FLOAT: break;
      default: throw new Error(`type [${t.id}]: unknown kind ${kind}`);
    }
    types.push(t);
  }
  return {
    startId: baseTypes.length,
    types,
    ...(base ? { base } : {}),
    str,
    strLen: baseStrLen + strLen,
  };
}

function voidType(): BtfType {
  return { id: 0, kind: 0, name: '', vlen: 0, sizeOrType: 0, refs: [], details: [], offset: -1 };
}

/** Kinds whose size is their own (not a type id). */
const SIZED = new Set<number>([KIND.INT, KIND.STRUCT, KIND.UNION, KIND.ENUM, KIND.ENUM64, KIND.FLOAT, KIND.DATASEC]);

/** What a type is apart from the ids it refers to. */
export function ownShape(t: BtfType): string {
  return [t.kind, t.name, t.vlen, SIZED.has(t.kind) ? t.sizeOrType : '-', ...t.details].join('|');
}

export interface Correspondence {
  /** References from split types that landed in the base, checked by name. */
  baseRefs: number;
  /** Of those, references whose id differs between the two bases. */
  movedRefs: number;
}

/**
 * Checks that split BTF `b` (over its base) means what split BTF `a` (over
 * its base) means: `a`'s own types are `b`'s first own types, in order, and
 * every reference resolves to a type of the same shape; a reference into
 * `a`'s base that names a struct, union, enum, int, float or fwd must land on
 * a type of the same kind and name in `b`'s base. Throws on the first
 * mismatch, naming the path to it.
 */
export function expectSameMeaning(a: Btf, b: Btf): Correspondence {
  const seen = new Set<string>();
  const result: Correspondence = { baseRefs: 0, movedRefs: 0 };
  const NAMED_BASE = new Set<number>([KIND.INT, KIND.FLOAT, KIND.FWD, KIND.STRUCT, KIND.UNION, KIND.ENUM, KIND.ENUM64]);

  const same = (ia: number, ib: number, path: string): void => {
    const key = `${ia}:${ib}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ta = a.types[ia];
    const tb = b.types[ib];
    if (!ta || !tb) throw new Error(`${path}: id ${ia} or ${ib} does not exist`);
    if (ia === 0 || ib === 0) {
      if (ia !== ib) throw new Error(`${path}: void against [${ia === 0 ? ib : ia}]`);
      return;
    }
    const inBaseA = ia < a.startId;
    if (inBaseA && NAMED_BASE.has(ta.kind) && ta.name !== '') {
      if (ib >= b.startId) throw new Error(`${path}: base type '${ta.name}' [${ia}] became split type [${ib}]`);
      if (tb.kind !== ta.kind || tb.name !== ta.name) {
        throw new Error(`${path}: base type '${ta.name}' kind ${ta.kind} resolved to '${tb.name}' kind ${tb.kind}`);
      }
      result.baseRefs++;
      if (ia !== ib) result.movedRefs++;
      return;
    }
    if (ownShape(ta) !== ownShape(tb)) throw new Error(`${path}: [${ia}] ${ownShape(ta)} is not [${ib}] ${ownShape(tb)}`);
    ta.refs.forEach((r, i) => same(r, tb.refs[i]!, `${path} > ${ta.name || `kind ${ta.kind}`}`));
  };

  const own = a.types.length - a.startId;
  if (b.types.length - b.startId < own) throw new Error('fewer own types after relocation');
  for (let k = 0; k < own; k++) same(a.startId + k, b.startId + k, `split type #${k}`);
  return result;
}
