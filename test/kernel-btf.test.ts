/**
 * Kernel BTF out of real Debian kernel packages (amd64 6.1 and 6.12, arm64
 * 6.1), fetched at test time by apt into the cache
 * (test/kernel-btf/fetch-kernel-packages.sh): extractKernelBtf() and
 * `bpftool-wasm btf extract` against native bpftool and the system's own
 * tools (dpkg-deb, xz, lz4, zstd, llvm-objcopy).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { btfDump, coreCheck, createWorkerBpftool, extractKernelBtf, genMinCoreBtf, KernelBtfError, type KernelBtf } from '../dist/index.js';
import { findBun } from './helpers/bun.js';
import { sha256 } from './helpers/compare.js';
import { corpusObjectPath } from './helpers/core-check.js';
import { deno } from './helpers/deno.js';
import { nativeBpftool, nativeExt, repoRoot } from './helpers/native.js';

const cacheRoot = process.env.BPFTOOL_WASM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bpftool-wasm');
const packagesDir = join(cacheRoot, 'kernel-packages');
const cli = join(repoRoot, 'dist/cli.cjs');
const MODULES = ['nf_tables', 'tun'];

const packages: Record<string, string> = {};
const extracted: Record<string, KernelBtf> = {};
/** Each package's files, as dpkg-deb -x lays them out. */
const unpacked: Record<string, string> = {};
let scratch = '';

const native = (args: string[]) => spawnSync(nativeBpftool, args, { maxBuffer: 1 << 30 });

beforeAll(async () => {
  const listing = execFileSync(join(repoRoot, 'test/kernel-btf/fetch-kernel-packages.sh'), [packagesDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of listing.trim().split('\n')) {
    const [key, file] = line.split(' ');
    packages[key!] = file!;
  }
  scratch = mkdtempSync(join(tmpdir(), 'kernel-btf-'));
  for (const [key, file] of Object.entries(packages)) {
    extracted[key] = await extractKernelBtf(new Uint8Array(readFileSync(file)), { modules: MODULES });
    writeFileSync(join(scratch, `${key}.vmlinux.btf`), extracted[key]!.vmlinux!);
    unpacked[key] = join(scratch, `${key}.root`);
    execFileSync('dpkg-deb', ['-x', file, unpacked[key]!]);
  }
}, 900_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The one file under dir whose name matches. */
function findFile(dir: string, name: RegExp): string {
  const hits = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => name.test(basename(p)));
  expect(hits, `${name} under ${dir}`).toHaveLength(1);
  return join(dir, hits[0]!);
}

/** A module file of the unpacked package, decompressed by xz or zstd where it is. */
function moduleFile(key: string, name: string): string {
  const file = findFile(unpacked[key]!, new RegExp(`^${name}\\.ko(\\.xz|\\.zst)?$`));
  if (file.endsWith('.ko')) return file;
  const out = join(scratch, `${key}.${name}.ko`);
  writeFileSync(out, execFileSync(file.endsWith('.xz') ? 'xz' : 'zstd', ['-dc', file], { maxBuffer: 1 << 30 }));
  return out;
}

describe.each(['amd64-6.1', 'amd64-6.12', 'arm64-6.1'])('Debian kernel package %s', (key) => {
  it('vmlinux BTF parses and dumps as C with native bpftool, with no error', () => {
    const out = native(['btf', 'dump', 'file', join(scratch, `${key}.vmlinux.btf`), 'format', 'c']);
    expect(out.stderr.toString()).toBe('');
    expect(out.status).toBe(0);
    const text = out.stdout.toString();
    expect(text.startsWith('#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n')).toBe(true);
    expect(text).toContain('struct task_struct {');
    expect(text).toContain('struct sk_buff {');
  });

  it('says where the BTF came from', () => {
    const image = basename(findFile(join(unpacked[key]!, 'boot'), /^vmlinuz-/));
    const expected = {
      'amd64-6.1': ['Debian package, data.tar.xz', `boot/${image}`, 'x86 bzImage, lz4-compressed', 'vmlinux ELF, .BTF'],
      'amd64-6.12': ['Debian package, data.tar.xz', `boot/${image}`, 'x86 bzImage, zstd-compressed', 'vmlinux ELF, .BTF'],
      'arm64-6.1': [
        'Debian package, data.tar.xz',
        `boot/${image}`,
        `arm64 Image, ${readFileSync(join(unpacked[key]!, 'boot', image)).length} bytes (${(readFileSync(join(unpacked[key]!, 'boot', image)).length / (1 << 20)).toFixed(1)} MiB), BTF found by its header`,
      ],
    }[key];
    expect(extracted[key]!.found).toEqual(expected);
  });

  it.each(MODULES)('module %s: split BTF dumps over the extracted vmlinux BTF as native bpftool dumps the .ko', async (name) => {
    const mod = extracted[key]!.modules.find((m) => m.name === name)!;
    expect(mod.path).toMatch(new RegExp(`lib/modules/[^/]+/kernel/.*/${name}\\.ko(\\.xz)?$`));
    expect(mod.distilledBase).toBeUndefined();
    const vmlinux = join(scratch, `${key}.vmlinux.btf`);
    const split = join(scratch, `${key}.${name}.btf`);
    writeFileSync(split, mod.btf);
    const ko = moduleFile(key, name);
    // The .ko's .BTF section, by the system's tool, is the extracted split BTF.
    execFileSync('llvm-objcopy-19', ['--dump-section', `.BTF=${split}.objcopy`, ko, join(scratch, 'discard.o')]);
    expect(sha256(mod.btf)).toBe(sha256(readFileSync(`${split}.objcopy`)));
    for (const format of ['raw', 'c'] as const) {
      const fromKo = native(['btf', 'dump', 'file', ko, '-B', vmlinux, 'format', format]);
      const fromSplit = native(['btf', 'dump', 'file', split, '-B', vmlinux, 'format', format]);
      expect(fromKo.status).toBe(0);
      expect(fromKo.stderr.toString()).toBe('');
      expect(fromKo.stdout.length).toBeGreaterThan(1000);
      expect(sha256(fromSplit.stdout)).toBe(sha256(fromKo.stdout));
      // And bpftool-wasm's own dump of the two extracted files.
      const wasm = await btfDump(mod.btf, { base: extracted[key]!.vmlinux!, format, fileName: split, baseFileName: vmlinux });
      expect(sha256(Buffer.from(wasm))).toBe(sha256(fromKo.stdout));
    }
  });
});

describe('independent extraction', () => {
  it('amd64 6.1: equal to the .BTF section of vmlinux taken out by extract-vmlinux\'s way and llvm-objcopy', () => {
    const out = join(scratch, 'independent.btf');
    execFileSync(join(repoRoot, 'test/kernel-btf/independent-btf.sh'), [findFile(join(unpacked['amd64-6.1']!, 'boot'), /^vmlinuz-/), out]);
    expect(sha256(extracted['amd64-6.1']!.vmlinux!)).toBe(sha256(readFileSync(out)));
  });

  it('amd64 6.12 (zstd): equal as well', () => {
    const out = join(scratch, 'independent-6.12.btf');
    execFileSync(join(repoRoot, 'test/kernel-btf/independent-btf.sh'), [findFile(join(unpacked['amd64-6.12']!, 'boot'), /^vmlinuz-/), out]);
    expect(sha256(extracted['amd64-6.12']!.vmlinux!)).toBe(sha256(readFileSync(out)));
  });
});

describe('other inputs', () => {
  it('a bzImage, an arm64 Image.gz, a vmlinux, a .ko.xz and raw BTF alone give the same bytes as the package', async () => {
    const image61 = readFileSync(findFile(join(unpacked['amd64-6.1']!, 'boot'), /^vmlinuz-/));
    expect(sha256((await extractKernelBtf(image61)).vmlinux!)).toBe(sha256(extracted['amd64-6.1']!.vmlinux!));
    const elf = await extractKernelBtf(execFileSync('lz4', ['-dc'], { input: image61Payload(), maxBuffer: 1 << 30 }));
    expect(elf.found).toEqual(['vmlinux ELF, .BTF']);
    expect(sha256(elf.vmlinux!)).toBe(sha256(extracted['amd64-6.1']!.vmlinux!));
    const arm = readFileSync(findFile(join(unpacked['arm64-6.1']!, 'boot'), /^vmlinuz-/));
    const gz = await extractKernelBtf(gzipSync(arm, { level: 1 }));
    expect(gz.found[0]).toBe('gzip-compressed');
    expect(sha256(gz.vmlinux!)).toBe(sha256(extracted['arm64-6.1']!.vmlinux!));
    const koXz = readFileSync(findFile(unpacked['amd64-6.12']!, /^tun\.ko\.xz$/));
    const mod = await extractKernelBtf(koXz);
    expect(mod.found).toEqual(['xz-compressed', 'kernel module ELF, .BTF']);
    expect(sha256(mod.modules[0]!.btf)).toBe(sha256(extracted['amd64-6.12']!.modules.find((m) => m.name === 'tun')!.btf));
    const raw = await extractKernelBtf(extracted['amd64-6.1']!.vmlinux!);
    expect(raw.found).toEqual(['raw BTF']);
  });

  it('bzImages with xz (LZMA2 alone) and gzip payloads give the same bytes', async () => {
    const expected = sha256(extracted['amd64-6.1']!.vmlinux!);
    const xz = await extractKernelBtf(rebuiltBzImage(['xz', '-0', '-T1', '--check=crc32', '-c'], true));
    expect(xz.found).toEqual(['x86 bzImage, xz-compressed', 'vmlinux ELF, .BTF']);
    expect(sha256(xz.vmlinux!)).toBe(expected);
    const gz = await extractKernelBtf(rebuiltBzImage(['gzip', '-1', '-c'], false));
    expect(gz.found).toEqual(['x86 bzImage, gzip-compressed', 'vmlinux ELF, .BTF']);
    expect(sha256(gz.vmlinux!)).toBe(expected);
  });

  // CONFIG_KERNEL_LZMA, and xz as the kernel's scripts/xz_wrap.sh makes it: a BCJ filter for the
  // architecture before LZMA2, with a kernel's 32 MiB dictionary (preset 0 keeps the test quick).
  it('bzImages with lzma (LZMA alone) and xz with the x86 and arm64 BCJ filters give the same bytes; damaged ones a clear error', async () => {
    const expected = sha256(extracted['amd64-6.1']!.vmlinux!);
    const lzmaCommand = ['xz', '--format=lzma', '--lzma1=preset=0,dict=32MiB', '-T1', '-c'];
    const lzma = rebuiltBzImage(lzmaCommand, true);
    const fromLzma = await extractKernelBtf(lzma);
    expect(fromLzma.found).toEqual(['x86 bzImage, lzma-compressed', 'vmlinux ELF, .BTF']);
    expect(sha256(fromLzma.vmlinux!)).toBe(expected);

    const filters = ['--x86'];
    // xz has had an ARM64 BCJ filter since 5.4.
    if (execFileSync('xz', ['--long-help'], { encoding: 'utf8' }).includes('--arm64')) filters.push('--arm64');
    else console.warn('kernel-btf: this xz has no --arm64 filter; only the x86 BCJ filter is tested');
    for (const filter of filters) {
      const image = rebuiltBzImage(['xz', '--check=crc32', filter, '--lzma2=preset=0,dict=32MiB', '-T1', '-c'], true);
      // The filter really is in the stream the system's xz wrote.
      const stream = bzPayload(image);
      const file = join(scratch, `bcj${filter}.xz`);
      writeFileSync(file, stream.subarray(0, stream.length - 4));
      expect(execFileSync('xz', ['--list', '--verbose', '--verbose', '--robot', file], { encoding: 'utf8' })).toContain(`\t${filter} --lzma2=dict=32MiB\n`);
      const fromXz = await extractKernelBtf(image);
      expect(fromXz.found, filter).toEqual(['x86 bzImage, xz-compressed', 'vmlinux ELF, .BTF']);
      expect(sha256(fromXz.vmlinux!), filter).toBe(expected);
    }

    // Damaged: the xz stream's bytes flipped a fifth of the way in; the LZMA-alone stream cut in half.
    const damaged = rebuiltBzImage(['xz', '--check=crc32', '--x86', '--lzma2=preset=0,dict=32MiB', '-T1', '-c'], true);
    const payload = bzPayload(damaged);
    for (let i = 0; i < 64; i++) payload[Math.floor(payload.length / 5) + i]! ^= 0x5a;
    const xzError = await extractKernelBtf(damaged, {}, 'vmlinuz').then(() => undefined, (e: unknown) => e);
    expect(xzError).toBeInstanceOf(KernelBtfError);
    expect((xzError as Error).message).toBe("vmlinuz's payload: the xz data is damaged or cut short (the data is corrupt)");
    const lzmaStream = bzPayload(lzma);
    await expect(extractKernelBtf(lzmaStream.subarray(0, lzmaStream.length >> 1), {}, 'vmlinux.lzma')).rejects.toThrow(
      new KernelBtfError('vmlinux.lzma: the lzma data is damaged or cut short (the stream ends before its end marker)'),
    );
    // A header that asks for a 3.75 GiB dictionary: refused when the decoder cannot allocate it, not a crash.
    const hostile = new Uint8Array(64);
    hostile.set([0x5d, 0x00, 0x00, 0x00, 0xf0, ...new Array<number>(8).fill(0xff)]);
    await expect(extractKernelBtf(hostile, {}, 'hostile.lzma')).rejects.toThrow(
      new KernelBtfError('hostile.lzma: the lzma data is damaged or cut short (the stream asks for a 4026531840-byte dictionary, more than the decoder can allocate)'),
    );
  });

  it('the package rebuilt by dpkg-deb with data.tar.zst and with data.tar.gz gives the same bytes', async () => {
    const root = join(scratch, 'repack.root');
    execFileSync('dpkg-deb', ['-R', packages['amd64-6.1']!, root]);
    const want = extracted['amd64-6.1']!;
    for (const [type, member] of [['zstd', 'data.tar.zst'], ['gzip', 'data.tar.gz']] as const) {
      const deb = join(scratch, `repacked-${type}.deb`);
      execFileSync('dpkg-deb', ['--nocheck', `-Z${type}`, '-z1', '-b', root, deb], { stdio: 'ignore' });
      expect(execFileSync('ar', ['t', deb], { encoding: 'utf8' }).split('\n')[2]).toBe(member);
      const got = await extractKernelBtf(new Uint8Array(readFileSync(deb)), { modules: MODULES });
      expect(got.found).toEqual([`Debian package, ${member}`, ...want.found.slice(1)]);
      expect(sha256(got.vmlinux!), type).toBe(sha256(want.vmlinux!));
      expect(got.modules.map((m) => [m.name, m.path, sha256(m.btf)])).toEqual(want.modules.map((m) => [m.name, m.path, sha256(m.btf)]));
      rmSync(deb);
    }
    rmSync(root, { recursive: true });
  });

  it('a module with .BTF.base (libbpf\'s distilled base, written into the .ko by btf distill … elf) gives its split BTF and the distilled base', async () => {
    const dir = mkdtempSync(join(scratch, 'distilled-'));
    const at = (name: string) => join(dir, name);
    const got = (file: string) => readFileSync(file).length;
    const distill = spawnSync(nativeExt, ['btf', 'distill', moduleFile('amd64-6.1', 'tun'), 'base', join(scratch, 'amd64-6.1.vmlinux.btf'),
      'distilled_base', at('tun.base.btf'), 'split', at('tun.split.btf'), 'elf', at('tun.ko')]);
    expect([distill.status, distill.stderr.toString()]).toEqual([0, '']);
    const xz = at('tun.ko.xz');
    writeFileSync(xz, execFileSync('xz', ['--check=crc32', '-T1', '-c', at('tun.ko')], { maxBuffer: 1 << 30 }));
    for (const file of [at('tun.ko'), xz]) {
      const got = await extractKernelBtf(new Uint8Array(readFileSync(file)));
      expect(got.found.at(-1)).toBe('kernel module ELF, .BTF and .BTF.base');
      expect(sha256(got.modules[0]!.btf)).toBe(sha256(readFileSync(at('tun.split.btf'))));
      expect(sha256(got.modules[0]!.distilledBase!)).toBe(sha256(readFileSync(at('tun.base.btf'))));
    }
    // btf extract writes both, never the split BTF alone.
    const toStdout = spawnSync('node', [cli, 'btf', 'extract', xz], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect([toStdout.status, toStdout.stdout.length, toStdout.stderr.toString().split('\n').slice(1).join('\n')]).toEqual([
      2, 0, `bpftool-wasm: BpftoolUsageError: btf extract: ${xz} carries its distilled base (.BTF.base) too; name an OUTPUT file, and the base goes beside it as OUTPUT.base\n`,
    ]);
    const out = at('tun.extracted');
    const run = spawnSync('node', [cli, 'btf', 'extract', xz, out]);
    expect([run.status, run.stderr.toString()]).toEqual([
      0,
      `bpftool-wasm: kernel BTF from ${xz}: xz-compressed > kernel module ELF, .BTF and .BTF.base\n` +
        `bpftool-wasm: wrote ${out} (${got(at('tun.split.btf'))} bytes), ${out}.base (${got(at('tun.base.btf'))} bytes)\n`,
    ]);
    expect(sha256(readFileSync(`${out}.base`))).toBe(sha256(readFileSync(at('tun.base.btf'))));
    // Relocated over the full vmlinux BTF (btf relocate), it dumps as native bpftool dumps the .ko, whose .BTF.base libbpf relocates itself.
    const vmlinux = join(scratch, 'amd64-6.1.vmlinux.btf');
    const relocate = spawnSync('node', [cli, 'btf', 'relocate', out, 'distilled_base', `${out}.base`, 'base', vmlinux, 'split', at('tun.relocated.btf')]);
    expect([relocate.status, relocate.stderr.toString()]).toEqual([0, '']);
    const dumped = native(['btf', 'dump', 'file', at('tun.relocated.btf'), '-B', vmlinux, 'format', 'c']);
    const direct = native(['btf', 'dump', 'file', at('tun.ko'), '-B', vmlinux, 'format', 'c']);
    expect([dumped.status, direct.status]).toEqual([0, 0]);
    expect(dumped.stdout.length).toBeGreaterThan(0);
    expect(sha256(dumped.stdout)).toBe(sha256(direct.stdout));
  });

  it('an EFI zboot image and an RPM package (cpio payload made by cpio, then zstd) give the same bytes', async () => {
    // zboot: "MZ", then "zimg", the payload's offset and size, two reserved words and the compression's name.
    const image = readFileSync(findFile(join(unpacked['arm64-6.1']!, 'boot'), /^vmlinuz-/));
    const payload = gzipSync(image, { level: 1 });
    const header = Buffer.alloc(4096);
    header.write('MZ', 0, 'latin1');
    header.write('zimg', 4, 'latin1');
    header.writeUInt32LE(header.length, 8);
    header.writeUInt32LE(payload.length, 12);
    header.write('gzip', 24, 'latin1');
    const zboot = await extractKernelBtf(Buffer.concat([header, payload]));
    expect(zboot.found).toEqual(['EFI zboot image, gzip-compressed', `arm64 Image, ${image.length} bytes (${(image.length / (1 << 20)).toFixed(1)} MiB), BTF found by its header`]);
    expect(sha256(zboot.vmlinux!)).toBe(sha256(extracted['arm64-6.1']!.vmlinux!));

    // RPM: the lead, an empty signature header and header, then the payload.
    const root = unpacked['amd64-6.1']!;
    const files = ['boot', 'lib/modules']
      .flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((p) => `./${d}/${p}`))
      .filter((p) => /vmlinuz-|\/tun\.ko$/.test(p));
    const cpio = execFileSync('cpio', ['-o', '-H', 'newc', '--quiet'], { cwd: root, input: files.join('\n') + '\n', maxBuffer: 1 << 30 });
    const lead = Buffer.alloc(96);
    lead.set([0xed, 0xab, 0xee, 0xdb]);
    const emptyHeader = Buffer.from([0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const rpm = Buffer.concat([lead, emptyHeader, emptyHeader, execFileSync('zstd', ['-1', '-c'], { input: cpio, maxBuffer: 1 << 30 })]);
    const fromRpm = await extractKernelBtf(rpm, { modules: ['tun'] });
    expect(fromRpm.found.slice(0, 2)).toEqual(['RPM package, zstd cpio payload', files.find((f) => f.includes('vmlinuz-'))!.slice(2)]);
    expect(sha256(fromRpm.vmlinux!)).toBe(sha256(extracted['amd64-6.1']!.vmlinux!));
    expect(sha256(fromRpm.modules[0]!.btf)).toBe(sha256(extracted['amd64-6.1']!.modules.find((m) => m.name === 'tun')!.btf));
  });

  it('bad input: a clear error naming what was found and what is missing', async () => {
    const image = new Uint8Array(readFileSync(findFile(join(unpacked['amd64-6.1']!, 'boot'), /^vmlinuz-/)));
    const v = new DataView(image.buffer);
    const payload = (image[0x1f1]! + 1) * 512 + v.getUint32(0x248, true);
    image.set([0x89, 0x4c, 0x5a, 0x4f], payload);
    await expect(extractKernelBtf(image, {}, 'vmlinuz')).rejects.toThrow(
      new KernelBtfError("vmlinuz's payload is compressed with lzo, which is not supported (supported: gzip, zstd, xz, lz4, lzma)"),
    );
    const noBtf = join(scratch, 'vmlinux-without-btf');
    const vmlinux = join(scratch, 'vmlinux-from-6.1');
    writeFileSync(vmlinux, execFileSync('lz4', ['-dc'], { input: image61Payload(), maxBuffer: 1 << 30 }));
    execFileSync('llvm-objcopy-19', ['--remove-section', '.BTF', vmlinux, noBtf]);
    await expect(extractKernelBtf(new Uint8Array(readFileSync(noBtf)), {}, 'vmlinux')).rejects.toThrow(
      'vmlinux is an ELF file without a .BTF section: if it is vmlinux, the kernel was built without CONFIG_DEBUG_INFO_BTF',
    );
    await expect(extractKernelBtf(new Uint8Array(readFileSync(packages['amd64-6.1']!)), { modules: ['ext4'] }, 'linux.deb')).rejects.toThrow(
      'linux.deb holds no module named ext4',
    );
    await expect(extractKernelBtf(new TextEncoder().encode('hello'), {}, 'notes.txt')).rejects.toThrow(
      'notes.txt is not a kernel image, kernel module, kernel package or BTF (5 bytes starting 68 65 6c 6c 6f); ' +
        'supported: raw BTF, vmlinux, bzImage/vmlinuz, arm64 Image(.gz), EFI zboot, .ko(.xz/.zst/.gz), .deb, .rpm',
    );
    // zstddec's decoder does not stop on damaged data by itself (compression.ts).
    const damaged = new Uint8Array(readFileSync(findFile(join(unpacked['amd64-6.12']!, 'boot'), /^vmlinuz-/)));
    for (let i = 0; i < 64; i++) damaged[Math.floor(damaged.length / 5) + i]! ^= 0x5a;
    await expect(extractKernelBtf(damaged, {}, 'vmlinuz')).rejects.toThrow(
      "vmlinuz's payload: the zstd data is damaged or cut short (the decoder stopped making progress)",
    );
    await expect(extractKernelBtf(damaged.subarray(0, 1_000_000), {}, 'vmlinuz')).rejects.toThrow(/^vmlinuz is a bzImage cut short: its payload ends at byte \d+, past its end \(1000000\)$/);
    const cut = new Uint8Array(readFileSync(packages['amd64-6.1']!)).subarray(0, 5_000_000);
    await expect(extractKernelBtf(cut, {}, 'cut.deb')).rejects.toThrow('cut.deb is cut short: its member data.tar.xz ends past the end of the file');
  });
});

/** The 6.1 bzImage with its payload replaced: vmlinux compressed by a system tool, with the kernel's size word after it. */
function rebuiltBzImage(compress: string[], sizeWord: boolean): Uint8Array {
  const image = readFileSync(findFile(join(unpacked['amd64-6.1']!, 'boot'), /^vmlinuz-/));
  const start = (image[0x1f1]! + 1) * 512 + image.readUInt32LE(0x248);
  const vmlinux = execFileSync('lz4', ['-dc'], { input: image61Payload(), maxBuffer: 1 << 30 });
  const size = Buffer.alloc(sizeWord ? 4 : 0);
  if (sizeWord) size.writeUInt32LE(vmlinux.length);
  const payload = Buffer.concat([execFileSync(compress[0]!, compress.slice(1), { input: vmlinux, maxBuffer: 1 << 30 }), size]);
  const out = Buffer.concat([image.subarray(0, start), payload]);
  out.writeUInt32LE(payload.length, 0x24c);
  return new Uint8Array(out);
}

/** A bzImage's payload as its setup header gives it (a view: writes go into the image). */
function bzPayload(image: Uint8Array): Uint8Array {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const start = (image[0x1f1]! + 1) * 512 + v.getUint32(0x248, true);
  return image.subarray(start, start + v.getUint32(0x24c, true));
}

/** The 6.1 bzImage's lz4 payload, without the kernel's size word. */
function image61Payload(): Buffer {
  const image = readFileSync(findFile(join(unpacked['amd64-6.1']!, 'boot'), /^vmlinuz-/));
  const start = (image[0x1f1]! + 1) * 512 + image.readUInt32LE(0x248);
  return image.subarray(start, start + image.readUInt32LE(0x24c) - 4);
}

describe('bpftool-wasm btf extract', () => {
  it('writes vmlinux and module BTF, equal to the API\'s, and says where they came from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernel-btf-cli-'));
    const deb = packages['amd64-6.12']!;
    const run = spawnSync('node', [cli, 'btf', 'extract', deb, 'module', 'nf_tables', 'tun', 'out/'], { cwd: dir, maxBuffer: 1 << 30 });
    expect(run.status).toBe(0);
    const image = basename(findFile(join(unpacked['amd64-6.12']!, 'boot'), /^vmlinuz-/));
    const sizes = ['vmlinux', ...MODULES].map((n) => readFileSync(join(dir, 'out', `${n}.btf`)).length);
    expect(run.stderr.toString()).toBe(
      `bpftool-wasm: kernel BTF from ${deb}: Debian package, data.tar.xz > boot/${image} > x86 bzImage, zstd-compressed > vmlinux ELF, .BTF\n` +
        `bpftool-wasm: wrote out/vmlinux.btf (${sizes[0]} bytes), out/nf_tables.btf (${sizes[1]} bytes), out/tun.btf (${sizes[2]} bytes)\n`,
    );
    expect(sha256(readFileSync(join(dir, 'out/vmlinux.btf')))).toBe(sha256(extracted['amd64-6.12']!.vmlinux!));
    for (const m of extracted['amd64-6.12']!.modules) expect(sha256(readFileSync(join(dir, 'out', `${m.name}.btf`)))).toBe(sha256(m.btf));

    const one = spawnSync('node', [cli, 'btf', 'extract', packages['arm64-6.1']!, 'vmlinux.btf'], { cwd: dir });
    expect(one.status).toBe(0);
    expect(sha256(readFileSync(join(dir, 'vmlinux.btf')))).toBe(sha256(extracted['arm64-6.1']!.vmlinux!));

    // No OUTPUT: the raw BTF on standard output (here a pipe).
    const piped = spawnSync('node', [cli, 'btf', 'extract', packages['amd64-6.1']!], { cwd: dir, maxBuffer: 1 << 30 });
    expect(piped.status).toBe(0);
    expect(sha256(piped.stdout)).toBe(sha256(extracted['amd64-6.1']!.vmlinux!));

    // A reader that goes early: exit 141, as SIGPIPE ends a native tool, and nothing more said.
    const closed = spawnSync('bash', ['-c', 'node "$1" btf extract "$2" 2>err.txt | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"', '-', cli, packages['amd64-6.1']!], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(closed.stdout).toBe('141\n');
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe(`bpftool-wasm: kernel BTF from ${packages['amd64-6.1']!}: ${extracted['amd64-6.1']!.found.join(' > ')}\n`);

    const help = spawnSync('node', [cli, 'btf', 'extract', 'help'], { cwd: dir });
    expect([help.status, help.stderr.toString()]).toEqual([0, '']);
    expect(help.stdout.toString()).toMatch(/^Usage: bpftool-wasm btf extract INPUT \[OUTPUT\]\n {7}bpftool-wasm btf extract INPUT module NAME\.\.\. \[DIR\/\]\n/);
    const none = spawnSync('node', [cli, 'btf', 'extract'], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr.toString()).toMatch(/^bpftool-wasm: BpftoolUsageError: btf extract needs an INPUT\nUsage: bpftool-wasm btf extract/);

    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad/notes.txt'), 'hello');
    const bad = spawnSync('node', [cli, 'btf', 'extract', 'bad/notes.txt', 'x.btf'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr.toString()).toBe(
      'bpftool-wasm: KernelBtfError: bad/notes.txt is not a kernel image, kernel module, kernel package or BTF (5 bytes starting 68 65 6c 6c 6f); ' +
        'supported: raw BTF, vmlinux, bzImage/vmlinuz, arm64 Image(.gz), EFI zboot, .ko(.xz/.zst/.gz), .deb, .rpm\n',
    );
  });
});

describe('on the fly: commands that take BTF take kernel packages and images', () => {
  const example = join(repoRoot, 'build/examples/minimal.bpf.o');

  it('CLI: btf dump file PACKAGE format c and -B PACKAGE print what native prints for the extracted BTF, after a note on stderr', () => {
    const deb = packages['arm64-6.1']!;
    const vmlinux = join(scratch, 'arm64-6.1.vmlinux.btf');
    const note = `bpftool-wasm: kernel BTF from ${deb}: ${extracted['arm64-6.1']!.found.join(' > ')}\n`;
    const header = spawnSync('node', [cli, 'btf', 'dump', 'file', deb, 'format', 'c'], { maxBuffer: 1 << 30 });
    expect(header.status).toBe(0);
    expect(header.stderr.toString()).toBe(note);
    expect(sha256(header.stdout)).toBe(sha256(native(['btf', 'dump', 'file', vmlinux, 'format', 'c']).stdout));
    const split = join(scratch, 'arm64-6.1.tun.btf');
    writeFileSync(split, extracted['arm64-6.1']!.modules.find((m) => m.name === 'tun')!.btf);
    for (const spelling of [['-B', deb], [`--base-btf=${deb}`]]) {
      const dump = spawnSync('node', [cli, 'btf', 'dump', 'file', split, ...spelling, 'format', 'raw'], { maxBuffer: 1 << 30 });
      expect(dump.status).toBe(0);
      expect(dump.stderr.toString()).toBe(note);
      expect(sha256(dump.stdout)).toBe(sha256(native(['btf', 'dump', 'file', split, '-B', vmlinux, 'format', 'raw']).stdout));
    }
  });

  it('CLI: gen min_core_btf PACKAGE writes what native writes from the extracted BTF', () => {
    const dir = mkdtempSync(join(scratch, 'min-'));
    const deb = packages['amd64-6.1']!;
    const wasm = spawnSync('node', [cli, 'gen', 'min_core_btf', deb, join(dir, 'wasm.btf'), example]);
    expect(wasm.status).toBe(0);
    expect(wasm.stderr.toString()).toBe(`bpftool-wasm: kernel BTF from ${deb}: ${extracted['amd64-6.1']!.found.join(' > ')}\n`);
    const nat = native(['gen', 'min_core_btf', join(scratch, 'amd64-6.1.vmlinux.btf'), join(dir, 'native.btf'), example]);
    expect(nat.status).toBe(0);
    expect(sha256(readFileSync(join(dir, 'wasm.btf')))).toBe(sha256(readFileSync(join(dir, 'native.btf'))));
  });

  it('CLI: btf distill and btf relocate of a Debian module with base PACKAGE write what the native harness writes from the extracted BTF', () => {
    const dir = mkdtempSync(join(scratch, 'distill-'));
    const deb = packages['amd64-6.1']!;
    const vmlinux = join(scratch, 'amd64-6.1.vmlinux.btf');
    const ko = moduleFile('amd64-6.1', 'nf_tables');
    const note = `bpftool-wasm: kernel BTF from ${deb}: ${extracted['amd64-6.1']!.found.join(' > ')}\n`;
    const distill = (base: string, tag: string) => ['btf', 'distill', ko, 'base', base, 'distilled_base', join(dir, `${tag}.base.btf`), 'split', join(dir, `${tag}.split.btf`)];
    const wasm = spawnSync('node', [cli, ...distill(deb, 'wasm')]);
    expect([wasm.status, wasm.stderr.toString()]).toEqual([0, note]);
    expect(spawnSync(nativeExt, distill(vmlinux, 'native')).status).toBe(0);
    for (const f of ['.base.btf', '.split.btf']) expect(sha256(readFileSync(join(dir, `wasm${f}`)))).toBe(sha256(readFileSync(join(dir, `native${f}`))));
    const relocate = (base: string, tag: string) => ['btf', 'relocate', join(dir, 'native.split.btf'), 'distilled_base', join(dir, 'native.base.btf'), 'base', base, 'split', join(dir, `${tag}.r.btf`)];
    const back = spawnSync('node', [cli, ...relocate(deb, 'wasm')]);
    expect([back.status, back.stderr.toString()]).toEqual([0, note]);
    expect(spawnSync(nativeExt, relocate(vmlinux, 'native')).status).toBe(0);
    expect(sha256(readFileSync(join(dir, 'wasm.r.btf')))).toBe(sha256(readFileSync(join(dir, 'native.r.btf'))));
  });

  it('CLI: the commands of a batch file take packages too, each named as typed', () => {
    const typed = `pkgs/${basename(packages['amd64-6.1']!)}`;
    const object = corpusObjectPath('core_kern.bpf.o');
    // The CLI's folder holds the package; native's a file of the same name with the extracted BTF.
    const cliDir = mkdtempSync(join(scratch, 'batch-cli-'));
    const nativeDir = mkdtempSync(join(scratch, 'batch-native-'));
    mkdirSync(join(cliDir, 'pkgs'));
    mkdirSync(join(nativeDir, 'pkgs'));
    symlinkSync(packages['amd64-6.1']!, join(cliDir, typed));
    writeFileSync(join(nativeDir, typed), extracted['amd64-6.1']!.vmlinux!);
    const commands = `# vmlinux.h and a minimal BTF from a package\nbtf dump file ${typed} \\\n  format c\ngen min_core_btf "${typed}" min.btf ${object}\n`;
    for (const dir of [cliDir, nativeDir]) writeFileSync(join(dir, 'cmds'), commands);
    const packageBefore = sha256(readFileSync(packages['amd64-6.1']!));
    const viaCli = spawnSync('node', [cli, 'batch', 'file', 'cmds'], { cwd: cliDir, maxBuffer: 1 << 30 });
    const nat = spawnSync(nativeBpftool, ['batch', 'file', 'cmds'], { cwd: nativeDir, maxBuffer: 1 << 30 });
    // Both commands run; bpftool then reports the errno its last command left as a read error of the file, and exits 255.
    expect(nat.stderr.toString()).toMatch(/^Error: reading batch file failed: /m);
    expect(viaCli.status).toBe(nat.status);
    expect(nat.stdout.length).toBeGreaterThan(1 << 20);
    expect(sha256(viaCli.stdout)).toBe(sha256(nat.stdout));
    expect(viaCli.stderr.toString()).toBe(`bpftool-wasm: kernel BTF from ${typed}: ${extracted['amd64-6.1']!.found.join(' > ')}\n` + nat.stderr.toString());
    expect(sha256(readFileSync(join(cliDir, 'min.btf')))).toBe(sha256(readFileSync(join(nativeDir, 'min.btf'))));
    // The package itself is untouched.
    expect(sha256(readFileSync(packages['amd64-6.1']!))).toBe(packageBefore);
  });

  it('CLI: a file bpftool reads itself is passed as typed, and its errors stay native\'s', () => {
    const junk = join(scratch, 'junk.btf');
    writeFileSync(junk, 'not BTF at all');
    const wasm = spawnSync('node', [cli, 'btf', 'dump', 'file', junk]);
    const nat = native(['btf', 'dump', 'file', junk]);
    expect(wasm.status).toBe(nat.status);
    expect(wasm.stderr.toString()).toBe(nat.stderr.toString());
  });

  it('API: btfDump() and genMinCoreBtf() of package bytes, on this thread and in a worker', async () => {
    const deb = new Uint8Array(readFileSync(packages['amd64-6.12']!));
    const vmlinux = join(scratch, 'amd64-6.12.vmlinux.btf');
    const expected = sha256(native(['btf', 'dump', 'file', vmlinux, 'format', 'c']).stdout);
    expect(sha256(Buffer.from(await btfDump(deb, { format: 'c' })))).toBe(expected);
    const worker = await createWorkerBpftool();
    try {
      expect(sha256(Buffer.from(await worker.btfDump(deb, { format: 'c' })))).toBe(expected);
    } finally {
      await worker.terminate();
    }
    const dir = mkdtempSync(join(scratch, 'min-api-'));
    expect(native(['gen', 'min_core_btf', vmlinux, join(dir, 'native.btf'), example]).status).toBe(0);
    const min = await genMinCoreBtf(deb, [new Uint8Array(readFileSync(example))]);
    expect(sha256(min)).toBe(sha256(readFileSync(join(dir, 'native.btf'))));
  });
});

describe('core check against real kernels: Debian packages as targets', () => {
  it('coreCheck() of package bytes gives the native harness\'s report on the extracted BTF; the CLI takes the packages too', async () => {
    const object = corpusObjectPath('core_kern.bpf.o'); // 369 CO-RE relocations
    const keys = ['amd64-6.1', 'amd64-6.12'];
    const names = keys.map((k) => `${k}.vmlinux.btf`); // the native harness reads the extracted files by these names
    const nat = spawnSync(nativeExt, ['-j', 'core', 'check', object, 'against', ...names], { cwd: scratch, maxBuffer: 1 << 30 });
    const report = JSON.parse(nat.stdout.toString()) as { relocations: { result: string; new?: number }[] }[];
    expect(report).toHaveLength(2);
    expect(report[0]!.relocations.length).toBeGreaterThan(300);
    // The two kernels lay out some of the same structs differently: the values libbpf patches in differ.
    expect(report[0]!.relocations.map((r) => r.new)).not.toEqual(report[1]!.relocations.map((r) => r.new));
    const api = await coreCheck([new Uint8Array(readFileSync(object))], keys.map((k) => new Uint8Array(readFileSync(packages[k]!))), {
      objectNames: [object],
      targetNames: names,
    });
    expect(api).toEqual(report);
    // The CLI names each target as typed: its report is the native harness's on files of those names that hold the extracted BTF.
    const typed = keys.map((k) => relative(packagesDir, packages[k]!));
    const asTyped = mkdtempSync(join(scratch, 'as-typed-'));
    keys.forEach((k, i) => {
      mkdirSync(dirname(join(asTyped, typed[i]!)), { recursive: true });
      writeFileSync(join(asTyped, typed[i]!), extracted[k]!.vmlinux!);
    });
    for (const format of [[], ['-j']]) {
      const args = [...format, 'core', 'check', object, 'against', ...typed];
      const viaCli = spawnSync('node', [cli, ...args], { cwd: packagesDir, maxBuffer: 1 << 30 });
      const nativeAsTyped = spawnSync(nativeExt, args, { cwd: asTyped, maxBuffer: 1 << 30 });
      expect(viaCli.status).toBe(nativeAsTyped.status);
      expect(viaCli.stdout.toString()).toContain(typed[1]!);
      expect(sha256(viaCli.stdout)).toBe(sha256(nativeAsTyped.stdout));
      expect(viaCli.stderr.toString()).toBe(keys.map((k, i) => `bpftool-wasm: kernel BTF from ${typed[i]}: ${extracted[k]!.found.join(' > ')}\n`).join('') + nativeAsTyped.stderr.toString());
    }
  });
});

describe('in Deno and Bun', () => {
  it('extractKernelBtf() of the amd64 6.12 package (xz, zstd, a .ko.xz) gives the bytes it gives in Node', (ctx) => {
    const script = join(scratch, 'extract.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extractKernelBtf } from ${JSON.stringify(join(repoRoot, 'dist/index.js'))};
const r = await extractKernelBtf(new Uint8Array(readFileSync(process.argv.at(-1))), { modules: ['tun'] });
const h = (b) => createHash('sha256').update(b).digest('hex');
console.log(h(r.vmlinux), h(r.modules[0].btf));
`,
    );
    const expected = `${sha256(extracted['amd64-6.12']!.vmlinux!)} ${sha256(extracted['amd64-6.12']!.modules.find((m) => m.name === 'tun')!.btf)}\n`;
    const viaDeno = spawnSync(deno(), ['run', '--allow-read', '--allow-env', script, packages['amd64-6.12']!], { encoding: 'utf8' });
    expect(viaDeno.stderr).toBe('');
    expect(viaDeno.stdout).toBe(expected);
    const bun = findBun();
    if ('skip' in bun) return ctx.skip(true, bun.skip);
    const viaBun = spawnSync(bun.bin, [script, packages['amd64-6.12']!], { encoding: 'utf8' });
    expect(viaBun.stdout).toBe(expected);
  });
});

describe('the web page: a kernel package dropped in', () => {
  it('as the object, dumps vmlinux.h; as the base BTF, gen min_core_btf; both native bpftool\'s bytes, with the note on the page', async () => {
    const { build } = await import('vite');
    const { launchChromium, scratchDir } = await import('./helpers/chromium.js');
    const { serveStatic } = await import('./helpers/static-server.js');
    const site = scratchDir('bpftool-web-kernel-');
    await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir: site.dir } });
    const server = await serveStatic({ '/': site.dir });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForSelector('html[data-ready][data-examples]');
      const deb = packages['arm64-6.1']!;
      const debFile = { name: basename(deb), mimeType: 'application/octet-stream', buffer: readFileSync(deb) };
      const note = `bpftool-wasm: kernel BTF from ${basename(deb)}: ${extracted['arm64-6.1']!.found.join(' > ')}\n`;
      const vmlinux = join(scratch, 'arm64-6.1.vmlinux.btf');
      const runCommand = async (command: string) => {
        await page.selectOption('#command', command);
        await page.click('#run');
        await page.waitForFunction(() => !['busy', 'idle'].includes(document.getElementById('status')!.dataset['state']!), undefined, { timeout: 120_000 });
        return page.getAttribute('#status', 'data-state');
      };
      const names: string[] = [];
      const download = async (click: () => Promise<void>) => {
        const [d] = await Promise.all([page.waitForEvent('download'), click()]);
        names.push(d.suggestedFilename());
        const path = join(site.dir, `download-${d.suggestedFilename()}`);
        await d.saveAs(path);
        return readFileSync(path);
      };

      await page.setInputFiles('#objects-input', [debFile]);
      expect(await runCommand('dump-c')).toBe('done');
      expect(await page.textContent('#stderr')).toBe(note);
      mkdirSync(join(repoRoot, 'build/test-artifacts/web'), { recursive: true });
      await page.screenshot({ path: join(repoRoot, 'build/test-artifacts/web/kernel-package-vmlinux-h.png') });
      expect(sha256(await download(() => page.click('#download')))).toBe(sha256(native(['btf', 'dump', 'file', vmlinux, 'format', 'c']).stdout));

      expect(names).toEqual(['vmlinux.h']);
      await page.locator('#objects-list .remove').first().click();
      const obj = readFileSync(join(repoRoot, 'build/web-public/examples/task_info.bpf.o'));
      await page.setInputFiles('#objects-input', [{ name: 'task_info.bpf.o', mimeType: 'application/octet-stream', buffer: obj }]);
      await page.setInputFiles('#base-input', [debFile]);
      expect(await runCommand('min-core-btf')).toBe('done');
      expect(await page.textContent('#stderr')).toBe(note);
      const min = await download(() =>
        page.locator('#output-files li', { has: page.locator('.file-name', { hasText: 'out/min_core.btf' }) }).locator('.download-file').click(),
      );
      const dir = mkdtempSync(join(scratch, 'web-min-'));
      const nat = native(['gen', 'min_core_btf', vmlinux, join(dir, 'min.btf'), join(repoRoot, 'build/web-public/examples/task_info.bpf.o')]);
      expect(nat.status).toBe(0);
      expect(sha256(min)).toBe(sha256(readFileSync(join(dir, 'min.btf'))));
    } finally {
      await browser.close();
      await server.close();
      site.remove();
    }
  }, 300_000);
});
