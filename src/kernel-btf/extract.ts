/**
 * extractKernelBtf(): raw kernel BTF out of whatever a user has of a kernel,
 * told apart by content, never by file name: raw BTF, a vmlinux ELF, a
 * bzImage, an arm64 Image (plain or compressed), an EFI zboot image, a
 * kernel module (plain or compressed), a Debian package or an RPM package.
 * Runs in every runtime: bytes in, bytes out.
 */
import { KernelBtfError } from '../core/errors.js';
import { arMembers, isArArchive } from './ar-archive.js';
import type { ArchiveEntry } from './archive-entries.js';
import { btfLengthAt, findLargestBtf, isRawBtf } from './btf-header.js';
import { hasTextAt, sizeText } from './bytes.js';
import { chunksOf, compressionOf, decompress, decompressAll, type Compression } from './compression.js';
import { cpioEntries } from './cpio-archive.js';
import { elfSections, isElf } from './elf-sections.js';
import { bzImagePayload, isArm64Image, isBzImage, isZbootImage, zbootPayload } from './kernel-images.js';
import { moduleNameOf, sameModuleName } from './module-names.js';
import { isRpm, rpmPayload } from './rpm-package.js';
import { tarEntries } from './tar-archive.js';

export interface ExtractKernelBtfOptions {
  /** Modules whose split BTF to take out of a package too, by name (`ext4`, `nf_tables`; `-` and `_` alike). */
  modules?: readonly string[];
}

/** A kernel module's BTF: split BTF over vmlinux's. */
export interface ModuleBtf {
  /** The module's name, as its file names it (`nf_tables`). */
  name: string;
  /** Its file in the package, or `module` for a module given alone. */
  path: string;
  /** The `.BTF` section: raw split BTF, whose types follow those of its base. */
  btf: Uint8Array;
  /** The `.BTF.base` section (distilled base BTF), where the module carries one. */
  distilledBase?: Uint8Array;
}

export interface KernelBtf {
  /** vmlinux's raw BTF; absent when the input was a module alone. */
  vmlinux?: Uint8Array;
  /** The modules asked for, in the order asked; a module given alone is the only one. */
  modules: ModuleBtf[];
  /** What was found, outermost first: `Debian package`, `boot/vmlinuz-6.1.0-57-amd64`, `bzImage, lz4-compressed`, `vmlinux ELF, .BTF`. */
  found: string[];
}

/**
 * Raw kernel BTF out of a kernel package, boot image, vmlinux, module or raw
 * BTF, told apart by content; `what` names the input in error messages (a
 * file name; default "the input"). Fails with a KernelBtfError.
 */
export async function extractKernelBtf(bytes: Uint8Array, options: ExtractKernelBtfOptions = {}, what = 'the input'): Promise<KernelBtf> {
  const modules = options.modules ?? [];
  if (isArArchive(bytes)) return fromDebianPackage(bytes, modules, what);
  if (isRpm(bytes)) return fromRpmPackage(bytes, modules, what);
  if (modules.length) throw new KernelBtfError(`${what} is not a kernel package, so it holds no modules to take (${describe(bytes)})`);
  const found: string[] = [];
  const btf = await fromKernelFile(bytes, what, found);
  return btf.module ? { modules: [{ name: 'module', path: 'module', ...btf.module }], found } : { vmlinux: btf.vmlinux, modules: [], found };
}

interface FileBtf {
  vmlinux?: Uint8Array;
  module?: { btf: Uint8Array; distilledBase?: Uint8Array };
}

/** One kernel file, of any kind but a package; `found` gets a line for each layer. */
async function fromKernelFile(bytes: Uint8Array, what: string, found: string[]): Promise<FileBtf> {
  if (isRawBtf(bytes)) {
    found.push('raw BTF');
    return { vmlinux: bytes };
  }
  if (isElf(bytes)) return fromElf(bytes, what, found);
  if (isBzImage(bytes)) return fromBzImage(bytes, what, found);
  if (isZbootImage(bytes)) {
    const { payload, compression } = zbootPayload(bytes, what);
    const known = compressionOf(payload);
    if (!known) throw new KernelBtfError(`${what} is an EFI zboot image whose payload is compressed with ${compression || 'an unknown method'}, which is not supported`);
    found.push(`EFI zboot image, ${known}-compressed`);
    return fromImage(await decompressAll(known, payload, `${what}'s payload`), what, found);
  }
  if (isArm64Image(bytes)) return fromImage(bytes, what, found);
  const compression = compressionOf(bytes);
  if (compression) {
    found.push(`${compression}-compressed`);
    return fromKernelFile(await decompressAll(compression, bytes, what), what, found);
  }
  throw new KernelBtfError(
    `${what} is not a kernel image, kernel module, kernel package or BTF (${describe(bytes)}); ` +
      'supported: raw BTF, vmlinux, bzImage/vmlinuz, arm64 Image(.gz), EFI zboot, .ko(.xz/.zst/.gz), .deb, .rpm',
  );
}

function fromElf(bytes: Uint8Array, what: string, found: string[]): FileBtf {
  const sections = elfSections(bytes, what);
  const btf = sections.get('.BTF');
  const isModule = sections.has('.modinfo') || sections.has('.gnu.linkonce.this_module');
  found.push(`${isModule ? 'kernel module' : 'vmlinux'} ELF, .BTF${sections.has('.BTF.base') ? ' and .BTF.base' : ''}`);
  if (!btf || btf.length === 0) {
    throw new KernelBtfError(
      isModule
        ? `${what} is a kernel module without BTF (no .BTF section): its kernel was built without CONFIG_DEBUG_INFO_BTF_MODULES`
        : `${what} is an ELF file without a .BTF section: if it is vmlinux, the kernel was built without CONFIG_DEBUG_INFO_BTF`,
    );
  }
  // The section must be one whole BTF blob: a damaged image (LZ4 frames carry no checksum) is named here, not handed on.
  if (btfLengthAt(btf, 0, isModule) !== btf.length) throw new KernelBtfError(`${what}'s .BTF section is not valid BTF: the file is damaged`);
  if (!isModule) return { vmlinux: btf };
  const distilledBase = sections.get('.BTF.base');
  return { module: { btf, ...(distilledBase ? { distilledBase } : {}) } };
}

async function fromBzImage(bytes: Uint8Array, what: string, found: string[]): Promise<FileBtf> {
  const payload = bzImagePayload(bytes, what);
  const compression = compressionOf(payload);
  if (!compression) throw new KernelBtfError(`${what} is a bzImage whose payload is compressed in a way not recognised (${describe(payload)})`);
  found.push(`x86 bzImage, ${compression}-compressed`);
  // Every compressor but gzip is followed by the kernel's 4-byte size word, which no decoder expects.
  const stream = compression === 'gzip' ? payload : payload.subarray(0, payload.length - 4);
  const inner = await decompressAll(compression, stream, `${what}'s payload`);
  if (!isElf(inner)) throw new KernelBtfError(`${what}'s payload, ${compression}-compressed, is not an ELF vmlinux (${describe(inner)})`);
  return fromElf(inner, `${what}'s vmlinux`, found);
}

/** A raw kernel image (arm64 Image): the .BTF section, found by its header. */
function fromImage(bytes: Uint8Array, what: string, found: string[]): FileBtf {
  found.push(`${isArm64Image(bytes) ? 'arm64 Image' : 'kernel image'}, ${sizeText(bytes.length)}, BTF found by its header`);
  const btf = findLargestBtf(bytes);
  if (!btf) throw new KernelBtfError(`${what} is a kernel image without BTF: the kernel was built without CONFIG_DEBUG_INFO_BTF`);
  return { vmlinux: btf };
}

/**
 * The kernel image's path in a package: Debian's /boot/vmlinuz-*, Fedora's
 * /lib/modules/VERSION/vmlinuz, and the vmlinux of a debug symbols package
 * (Debian's -dbg: /usr/lib/debug/boot/vmlinux-*).
 */
const KERNEL_IMAGE = /^(?:(?:usr\/lib\/debug\/)?boot\/(?:vmlinuz|vmlinux|Image)-[^/]+|(?:usr\/)?lib\/modules\/[^/]+\/vmlinuz)$/;

async function fromDebianPackage(bytes: Uint8Array, modules: readonly string[], what: string): Promise<KernelBtf> {
  const members = arMembers(bytes, what);
  const dataName = [...members.keys()].find((n) => n.startsWith('data.tar'));
  if (!members.has('debian-binary') || !dataName) throw new KernelBtfError(`${what} is an ar archive but not a Debian package (it has no debian-binary and data.tar member)`);
  const data = members.get(dataName)!;
  const compression = compressionOf(data);
  const where = `${dataName} of ${what}`;
  const chunks = compression ? decompress(compression, data, where) : chunksOf(data);
  const entries = await tarEntries(chunks, where, wanted(modules));
  return fromPackageEntries(entries, modules, what, [`Debian package, ${dataName}`]);
}

async function fromRpmPackage(bytes: Uint8Array, modules: readonly string[], what: string): Promise<KernelBtf> {
  const payload = rpmPayload(bytes, what);
  const compression: Compression | undefined = compressionOf(payload);
  const where = `the payload of ${what}`;
  const chunks = compression ? decompress(compression, payload, where) : chunksOf(payload);
  const entries = await cpioEntries(chunks, where, wanted(modules));
  return fromPackageEntries(entries, modules, what, [`RPM package, ${compression ?? 'uncompressed'} cpio payload`]);
}

function wanted(modules: readonly string[]): (path: string) => boolean {
  return (path) => {
    if (KERNEL_IMAGE.test(path)) return true;
    const name = moduleNameOf(path);
    return name !== undefined && /(?:^|\/)lib\/modules\//.test(path) && modules.some((m) => sameModuleName(m, name));
  };
}

async function fromPackageEntries(entries: ArchiveEntry[], modules: readonly string[], what: string, found: string[]): Promise<KernelBtf> {
  const images = entries.filter((e) => KERNEL_IMAGE.test(e.path));
  if (images.length === 0) throw new KernelBtfError(`${what} holds no kernel image (no /boot/vmlinuz-* or /lib/modules/*/vmlinuz): is it a kernel package?`);
  if (images.length > 1) throw new KernelBtfError(`${what} holds ${images.length} kernel images (${images.map((e) => e.path).join(', ')}), and which one to take is not clear`);
  const image = images[0]!;
  found.push(image.path);
  const vmlinux = await fromKernelFile(image.bytes, image.path, found);
  if (!vmlinux.vmlinux) throw new KernelBtfError(`${what}'s ${image.path} is not a kernel image`);
  const out: ModuleBtf[] = [];
  for (const name of modules) {
    const files = entries.filter((e) => e !== image && sameModuleName(moduleNameOf(e.path) ?? '', name));
    if (files.length === 0) throw new KernelBtfError(`${what} holds no module named ${name}`);
    const file = files[0]!;
    const btf = await fromKernelFile(file.bytes, file.path, []);
    if (!btf.module) throw new KernelBtfError(`${what}'s ${file.path} is not a kernel module`);
    out.push({ name: moduleNameOf(file.path)!, path: file.path, ...btf.module });
  }
  return { vmlinux: vmlinux.vmlinux, modules: out, found };
}

/** What the first bytes look like, for messages about input that is none of the known kinds. */
function describe(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'it is empty';
  if (isElf(bytes)) return 'an ELF file';
  if (hasTextAt(bytes, 257, 'ustar')) return 'a tar archive';
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${sizeText(bytes.length)} starting ${hex}`;
}
