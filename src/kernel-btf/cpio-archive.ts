/**
 * A cpio archive in the "new ASCII" format (the payload of an RPM package),
 * read as it streams; only the entries `wants` names are kept.
 */
import { KernelBtfError } from '../core/errors.js';
import { ChunkReader, normalisedPath, type ArchiveEntry } from './archive-entries.js';
import type { Chunks } from './compression.js';

const HEADER = 110;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

const pad4 = (n: number) => (4 - (n % 4)) % 4;

export async function cpioEntries(chunks: Chunks, what: string, wants: (path: string) => boolean): Promise<ArchiveEntry[]> {
  const reader = new ChunkReader(chunks, what);
  const out: ArchiveEntry[] = [];
  for (;;) {
    const header = await reader.read(HEADER);
    if (header.length === 0) break;
    if (header.length < HEADER) throw reader.cutShort();
    const text = String.fromCharCode(...header);
    if (text.slice(0, 6) !== '070701' && text.slice(0, 6) !== '070702') {
      throw new KernelBtfError(`${what} is not a cpio archive in the new ASCII format (found ${JSON.stringify(text.slice(0, 6))})`);
    }
    const field = (i: number) => Number.parseInt(text.slice(6 + i * 8, 14 + i * 8), 16);
    const mode = field(1);
    const size = field(6);
    const nameSize = field(11);
    const name = new TextDecoder().decode((await reader.readExactly(nameSize + pad4(HEADER + nameSize))).subarray(0, nameSize - 1));
    if (name === 'TRAILER!!!') break;
    const path = normalisedPath(name);
    if ((mode & S_IFMT) === S_IFREG && wants(path)) out.push({ path, bytes: await reader.readExactly(size) });
    else await reader.skip(size);
    await reader.skip(pad4(size));
  }
  return out;
}
