/**
 * A tar archive read as it streams (ustar, with GNU long names and pax
 * paths, as dpkg writes them). Our own: the entries wanted are few and
 * known by path, and every other entry is skipped without being held.
 */
import { asciiAt } from './bytes.js';
import { ChunkReader, normalisedPath, type ArchiveEntry } from './archive-entries.js';
import type { Chunks } from './compression.js';

const BLOCK = 512;

function octal(block: Uint8Array, offset: number, length: number): number {
  // Base-256 (GNU) for sizes of 8 GiB and more.
  if (block[offset]! & 0x80) {
    let n = 0;
    for (let i = offset + 1; i < offset + length; i++) n = n * 256 + block[i]!;
    return n;
  }
  const text = asciiAt(block, offset, length).trim();
  return text ? Number.parseInt(text, 8) : 0;
}

/** The wanted regular files of a tar stream, in archive order. */
export async function tarEntries(chunks: Chunks, what: string, wants: (path: string) => boolean): Promise<ArchiveEntry[]> {
  const reader = new ChunkReader(chunks, what);
  const out: ArchiveEntry[] = [];
  let longName: string | undefined;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.length < BLOCK || header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156]!);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x') {
      const body = await reader.readExactly(padded);
      const text = new TextDecoder().decode(body.subarray(0, size));
      if (type === 'L') longName = text.replace(/\0.*$/s, '');
      else longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)?.[1] ?? longName;
      continue;
    }
    const prefix = asciiAt(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/` : '') + asciiAt(header, 0, 100);
    longName = undefined;
    const path = normalisedPath(name);
    if ((type === '0' || type === '\0') && wants(path)) out.push({ path, bytes: (await reader.readExactly(padded)).subarray(0, size) });
    else await reader.skip(padded);
  }
  return out;
}
