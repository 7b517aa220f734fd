/**
 * Seeded corruptions of corpus objects: truncations, bit flips, and broken
 * ELF, section, BTF and BTF.ext headers. Each mutation says what it did, so
 * a failing case reads as a recipe.
 */
import { ELF_HEADER_SIZE, SECTION_HEADER_SIZE, section, sections } from '../helpers/elf.js';
import type { Random } from '../helpers/random.js';

export interface Mutation {
  bytes: Uint8Array;
  what: string;
}

type Mutator = (src: Uint8Array, r: Random) => Mutation | undefined;

/** Values that break bounds checks more often than random ones do. */
function interesting(r: Random, near: number): bigint {
  const choices = [0n, 1n, 0xffffffffn, 0x7fffffffn, 0xffffffffffffffffn, BigInt(near) + 1n, BigInt(Math.max(0, near - 1)), BigInt(r.int(1 << 16)), BigInt(r.int(2 ** 31))];
  return r.pick(choices);
}

function write(bytes: Uint8Array, at: number, width: 1 | 2 | 4 | 8, value: bigint): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + width > bytes.length) return;
  if (width === 8) view.setBigUint64(at, BigInt.asUintN(64, value), true);
  else if (width === 4) view.setUint32(at, Number(BigInt.asUintN(32, value)), true);
  else if (width === 2) view.setUint16(at, Number(BigInt.asUintN(16, value)), true);
  else view.setUint8(at, Number(BigInt.asUintN(8, value)));
}

const truncate: Mutator = (src, r) => {
  const len = r.int(src.length);
  return { bytes: src.slice(0, len), what: `truncated to ${len} of ${src.length} bytes` };
};

const flipBits: Mutator = (src, r) => {
  const bytes = src.slice();
  const n = 1 + r.int(16);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const bit = r.int(bytes.length * 8);
    bytes[bit >> 3]! ^= 1 << (bit & 7);
    at.push(bit);
  }
  return { bytes, what: `${n} bits flipped at ${at.join(',')}` };
};

// Elf64_Shdr: name, type (4 each), flags (8), addr (8), offset (8), size (8), link, info (4 each), addralign, entsize (8 each).
const SHDR_FIELDS: Array<[string, number, 4 | 8]> = [
  ['sh_name', 0, 4], ['sh_type', 4, 4], ['sh_flags', 8, 8], ['sh_offset', 0x18, 8], ['sh_size', 0x20, 8],
  ['sh_link', 0x28, 4], ['sh_info', 0x2c, 4], ['sh_addralign', 0x30, 8], ['sh_entsize', 0x38, 8],
];

const sectionHeader: Mutator = (src, r) => {
  const all = sections(src);
  if (!all.length) return undefined;
  const s = r.pick(all);
  const [field, off, width] = r.pick(SHDR_FIELDS);
  const value = interesting(r, field === 'sh_size' ? s.size : field === 'sh_offset' ? src.length : 0);
  const bytes = src.slice();
  write(bytes, s.headerOffset + off, width, value);
  return { bytes, what: `section '${s.name}' ${field} = ${value}` };
};

// Elf64_Ehdr fields that locate the section headers.
const EHDR_FIELDS: Array<[string, number, 2 | 8]> = [['e_shoff', 0x28, 8], ['e_shentsize', 0x3a, 2], ['e_shnum', 0x3c, 2], ['e_shstrndx', 0x3e, 2]];

const elfHeader: Mutator = (src, r) => {
  if (src.length < ELF_HEADER_SIZE) return undefined;
  const [field, off, width] = r.pick(EHDR_FIELDS);
  const value = interesting(r, field === 'e_shentsize' ? SECTION_HEADER_SIZE : sections(src).length);
  const bytes = src.slice();
  write(bytes, off, width, value);
  return { bytes, what: `ELF header ${field} = ${value}` };
};

// struct btf_header: magic (2), version, flags (1 each), hdr_len, type_off, type_len, str_off, str_len (4 each).
const BTF_HDR_FIELDS: Array<[string, number, 1 | 2 | 4]> = [
  ['magic', 0, 2], ['version', 2, 1], ['flags', 3, 1], ['hdr_len', 4, 4],
  ['type_off', 8, 4], ['type_len', 12, 4], ['str_off', 16, 4], ['str_len', 20, 4],
];
// struct btf_ext_header: magic (2), version, flags (1 each), hdr_len, then offsets and lengths (4 each).
const BTF_EXT_HDR_FIELDS: Array<[string, number, 1 | 2 | 4]> = [
  ['magic', 0, 2], ['version', 2, 1], ['flags', 3, 1], ['hdr_len', 4, 4], ['func_info_off', 8, 4], ['func_info_len', 12, 4],
  ['line_info_off', 16, 4], ['line_info_len', 20, 4], ['core_relo_off', 24, 4], ['core_relo_len', 28, 4],
];

function header(name: '.BTF' | '.BTF.ext', fields: Array<[string, number, 1 | 2 | 4]>): Mutator {
  return (src, r) => {
    const s = section(src, name);
    if (!s || s.offset + 32 > src.length) return undefined;
    const [field, off, width] = r.pick(fields);
    const value = interesting(r, s.size);
    const bytes = src.slice();
    write(bytes, s.offset + off, width, value);
    return { bytes, what: `${name} header ${field} = ${value}` };
  };
}

/** Bit flips inside the type and string data of .BTF: broken type graphs. */
const btfData: Mutator = (src, r) => {
  const s = section(src, '.BTF');
  if (!s || s.size <= 24 || s.offset + s.size > src.length) return undefined;
  const bytes = src.slice();
  const n = 1 + r.int(8);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const pos = s.offset + 24 + r.int(s.size - 24);
    bytes[pos]! ^= 1 << r.int(8);
    at.push(pos);
  }
  return { bytes, what: `${n} bits flipped in .BTF data at ${at.join(',')}` };
};

export const MUTATORS: Record<string, Mutator> = {
  truncate,
  'bit flips': flipBits,
  'section header': sectionHeader,
  'ELF header': elfHeader,
  'BTF header': header('.BTF', BTF_HDR_FIELDS),
  'BTF data': btfData,
  'BTF.ext header': header('.BTF.ext', BTF_EXT_HDR_FIELDS),
};

/** One mutation of `src` of the given kind, or of another kind where that one does not apply. */
export function mutate(source: Uint8Array, kind: string, r: Random): Mutation & { kind: string } {
  // A plain copy: a Buffer's slice() would share its bytes with the source.
  const src = new Uint8Array(source);
  const m = MUTATORS[kind]!(src, r);
  if (m) return { ...m, kind };
  return { ...flipBits(src, r)!, kind: 'bit flips' };
}
