/**
 * The named sections of an ELF file (vmlinux, a kernel module), 32 or 64
 * bits, either byte order: enough to take `.BTF` and `.BTF.base` out.
 */
import { hasBytesAt, viewOf } from './bytes.js';
import { KernelBtfError } from '../core/errors.js';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const SHT_NOBITS = 8;

export function isElf(bytes: Uint8Array): boolean {
  return hasBytesAt(bytes, 0, ELF_MAGIC);
}

/** Each section's name and bytes; `what` names the file in errors ("vmlinux", "ext4.ko"). */
export function elfSections(bytes: Uint8Array, what: string): Map<string, Uint8Array> {
  const bad = (why: string) => new KernelBtfError(`${what} is a damaged ELF file: ${why}`);
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  if ((bytes[4] !== 1 && !is64) || (bytes[5] !== 1 && bytes[5] !== 2)) throw bad('unknown ELF class or byte order');
  const v = viewOf(bytes);
  const u16 = (o: number) => v.getUint16(o, little);
  const u32 = (o: number) => v.getUint32(o, little);
  const word = (o: number) => (is64 ? Number(v.getBigUint64(o, little)) : u32(o));
  const headerLen = is64 ? 64 : 52;
  if (bytes.length < headerLen) throw bad('the file is shorter than its header');
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  let shnum = u16(is64 ? 0x3c : 0x30);
  let shstrndx = u16(is64 ? 0x3e : 0x32);
  const entry = (i: number) => shoff + i * shentsize;
  const fieldsAt = (at: number) => ({
    name: u32(at),
    type: u32(at + 4),
    offset: word(at + (is64 ? 0x18 : 0x10)),
    size: word(at + (is64 ? 0x20 : 0x14)),
    link: u32(at + (is64 ? 0x28 : 0x18)),
  });
  if (shoff === 0 || shentsize < (is64 ? 64 : 40)) throw bad('it has no section headers');
  if (shoff + shentsize > bytes.length) throw bad('its section headers lie past its end');
  // More than 0xff00 sections: the count and the names' index are in section 0.
  if (shnum === 0) shnum = word(entry(0) + (is64 ? 0x20 : 0x14));
  if (shstrndx === 0xffff) shstrndx = fieldsAt(entry(0)).link;
  if (entry(shnum) > bytes.length) throw bad('its section headers lie past its end');
  const sectionBytes = (s: ReturnType<typeof fieldsAt>) => {
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    if (s.offset + s.size > bytes.length) throw bad('a section lies past the end of the file (is it cut short?)');
    return bytes.subarray(s.offset, s.offset + s.size);
  };
  if (shstrndx >= shnum) throw bad('its section names are missing');
  const names = sectionBytes(fieldsAt(entry(shstrndx)));
  const out = new Map<string, Uint8Array>();
  for (let i = 1; i < shnum; i++) {
    const s = fieldsAt(entry(i));
    let end = s.name;
    while (end < names.length && names[end] !== 0) end++;
    const name = String.fromCharCode(...names.subarray(s.name, end));
    if (!out.has(name)) out.set(name, sectionBytes(s));
  }
  return out;
}
