/** A growable byte buffer for a stream that arrives one byte at a time. */
export class ByteSink {
  private buf = new Uint8Array(4096);
  private len = 0;

  push(byte: number): void {
    if (this.len === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.len++] = byte;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  text(): string {
    return new TextDecoder().decode(this.buf.subarray(0, this.len));
  }
}
