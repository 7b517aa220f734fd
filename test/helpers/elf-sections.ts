/** The sections of a 64-bit little-endian ELF file: headers, names and bytes. */

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
  bytes: Uint8Array;
}

const SHT_NOBITS = 8;

export function elfSections(file: Uint8Array): ElfSection[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (v.getUint32(0, false) !== 0x7f454c46 || file[4] !== 2 || file[5] !== 1) {
    throw new Error('not a 64-bit little-endian ELF file');
  }
  const shoff = Number(v.getBigUint64(0x28, true));
  const shentsize = v.getUint16(0x3a, true);
  const shnum = v.getUint16(0x3c, true);
  const shstrndx = v.getUint16(0x3e, true);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    const type = v.getUint32(o + 4, true);
    const offset = Number(v.getBigUint64(o + 0x18, true));
    const size = Number(v.getBigUint64(o + 0x20, true));
    return {
      nameOff: v.getUint32(o, true),
      type,
      flags: v.getBigUint64(o + 8, true),
      link: v.getUint32(o + 0x28, true),
      info: v.getUint32(o + 0x2c, true),
      addralign: v.getBigUint64(o + 0x30, true),
      entsize: v.getBigUint64(o + 0x38, true),
      bytes: type === SHT_NOBITS ? new Uint8Array(0) : file.subarray(offset, offset + size),
    };
  });
  const names = raw[shstrndx]!.bytes;
  const nameAt = (off: number) => new TextDecoder().decode(names.subarray(off, names.indexOf(0, off)));
  return raw.map(({ nameOff, ...s }, index) => ({ index, name: nameAt(nameOff), ...s }));
}
