/**
 * File entries read from a decompressed stream as it is decoded (a tar
 * archive, a cpio archive): each entry's path is offered to `wants`, and only
 * the entries it wants are kept in memory, so a package of a hundred
 * megabytes needs no more than the files taken out of it.
 */
import { KernelBtfError } from '../core/errors.js';
import type { Chunks } from './compression.js';

export interface ArchiveEntry {
  /** The path as the archive holds it, without a leading `./` or `/`. */
  path: string;
  bytes: Uint8Array;
}

/** Pulls exact byte counts out of a chunked stream. */
export class ChunkReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private buffer: Uint8Array = new Uint8Array(0);
  private offset = 0;
  /** Bytes consumed so far. */
  position = 0;

  constructor(chunks: Chunks, private readonly what: string) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  /** Exactly n bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    if (this.buffer.length - this.offset >= n) {
      const out = this.buffer.subarray(this.offset, this.offset + n);
      this.offset += n;
      this.position += n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.offset === this.buffer.length) {
        const next = await this.it.next();
        if (next.done) break;
        this.buffer = next.value;
        this.offset = 0;
      }
      const take = Math.min(n - filled, this.buffer.length - this.offset);
      out.set(this.buffer.subarray(this.offset, this.offset + take), filled);
      this.offset += take;
      filled += take;
    }
    this.position += filled;
    return filled === n ? out : out.subarray(0, filled);
  }

  /** Passes n bytes by without keeping them. */
  async skip(n: number): Promise<void> {
    while (n > 0) {
      const take = Math.min(n, 1 << 20);
      const got = await this.read(take);
      if (got.length < take) throw this.cutShort();
      n -= take;
    }
  }

  async readExactly(n: number): Promise<Uint8Array> {
    const got = await this.read(n);
    if (got.length < n) throw this.cutShort();
    return got;
  }

  cutShort(): KernelBtfError {
    return new KernelBtfError(`${this.what} is cut short at byte ${this.position}`);
  }
}

export function normalisedPath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '');
}
