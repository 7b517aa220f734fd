/**
 * Just enough of ELF64 (little-endian, as BPF objects for x86 hosts are) to
 * find sections by name: which objects carry CO-RE relocations, and where the
 * headers are that the mutation tests corrupt.
 */

export interface Section {
  name: string;
  type: number;
  offset: number;
  size: number;
  /** Where this section's header sits in the file. */
  headerOffset: number;
  flags: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
}

const SHT_NOBITS = 8;

/** A section's bytes in the file (none for SHT_NOBITS). */
export function sectionBytes(bytes: Uint8Array, s: Section): Uint8Array {
  return s.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size);
}

export const ELF_HEADER_SIZE = 64;
export const SECTION_HEADER_SIZE = 64;

/** The sections of an ELF64 file, or [] when it is not one. */
export function sections(bytes: Uint8Array): Section[] {
  if (bytes.length < ELF_HEADER_SIZE || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[4] !== 2) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shoff = Number(view.getBigUint64(0x28, true));
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  const shstrndx = view.getUint16(0x3e, true);
  if (shentsize !== SECTION_HEADER_SIZE || shoff + shnum * shentsize > bytes.length) return [];
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      nameOffset: view.getUint32(at, true),
      type: view.getUint32(at + 4, true),
      offset: Number(view.getBigUint64(at + 0x18, true)),
      size: Number(view.getBigUint64(at + 0x20, true)),
      headerOffset: at,
      flags: view.getBigUint64(at + 8, true),
      link: view.getUint32(at + 0x28, true),
      info: view.getUint32(at + 0x2c, true),
      addralign: view.getBigUint64(at + 0x30, true),
      entsize: view.getBigUint64(at + 0x38, true),
    };
  });
  const names = raw[shstrndx];
  if (!names) return [];
  const decoder = new TextDecoder();
  return raw.map(({ nameOffset, ...s }) => {
    const start = names.offset + nameOffset;
    let end = start;
    while (end < bytes.length && bytes[end] !== 0) end++;
    return { name: decoder.decode(bytes.subarray(start, end)), ...s };
  });
}

export function section(bytes: Uint8Array, name: string): Section | undefined {
  return sections(bytes).find((s) => s.name === name);
}

/**
 * Whether the object has CO-RE relocations: a .BTF.ext section whose header
 * (btf_ext_header in libbpf) gives core_relo_len > 0.
 */
export function hasCoreRelocations(bytes: Uint8Array): boolean {
  const ext = section(bytes, '.BTF.ext');
  if (!ext || ext.size < 32) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset + ext.offset, ext.size);
  const hdrLen = view.getUint32(4, true);
  // core_relo_off and core_relo_len follow func_info and line_info.
  return hdrLen >= 32 && view.getUint32(28, true) > 0;
}
