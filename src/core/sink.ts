/** A growable byte buffer for a stream that arrives in chunks. */

const SHORT_COPY = 128;

/** Where a stream's bytes go: held (ByteSink) or handed on as they come (ChunkSink). */
export interface StreamSink {
  write(from: Uint8Array, start: number, length: number): void;
}

/** Counts what several sinks hold together, and stops a run past `limit` bytes. */
export class OutputBudget {
  private used = 0;
  constructor(
    readonly limit: number,
    private readonly exceeded: () => Error,
  ) {}

  take(length: number): void {
    this.used += length;
    if (this.used > this.limit) throw this.exceeded();
  }
}

/** Hands each write to `onChunk` as a copy it may keep. */
export class ChunkSink implements StreamSink {
  constructor(private readonly onChunk: (chunk: Uint8Array) => void) {}

  write(from: Uint8Array, start: number, length: number): void {
    this.onChunk(from.slice(start, start + length));
  }
}

export class ByteSink implements StreamSink {
  private buf = new Uint8Array(4096);
  private len = 0;

  constructor(private readonly budget?: OutputBudget) {}

  /** Appends `length` bytes of `from` at `start`. */
  write(from: Uint8Array, start: number, length: number): void {
    this.budget?.take(length);
    const needed = this.len + length;
    if (needed > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    if (length < SHORT_COPY) {
      // A line of text: a loop beats making a view to copy from.
      for (let i = 0; i < length; i++) this.buf[this.len + i] = from[start + i]!;
    } else {
      this.buf.set(from.subarray(start, start + length), this.len);
    }
    this.len = needed;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  text(): string {
    return new TextDecoder().decode(this.buf.subarray(0, this.len));
  }
}
