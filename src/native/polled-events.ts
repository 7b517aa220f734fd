/**
 * Events that BPF programs send to user space, as an async iterator. The
 * addon takes what is waiting without blocking; when nothing is, the
 * iterator sleeps for `pollIntervalMs` before looking again, so no thread is
 * held in the kernel and `close()` takes effect at once.
 */
export interface EventReaderOptions {
  /** How long to wait before looking again when no event is waiting (default 10 ms). */
  pollIntervalMs?: number;
  /** Ends the iteration when aborted. */
  signal?: AbortSignal;
}

export abstract class PolledEvents<T> implements AsyncIterableIterator<T> {
  private readonly waiting: T[] = [];
  private closed = false;
  private readonly interval: number;

  protected constructor(options: EventReaderOptions) {
    this.interval = options.pollIntervalMs ?? 10;
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** The addon's non-blocking read of what is waiting. */
  protected abstract consume(): T[];
  /** Frees the addon's reader. */
  protected abstract free(): void;

  /** The events waiting now, without waiting for more. */
  take(): T[] {
    if (this.closed) return [];
    const out = this.waiting.splice(0);
    out.push(...this.consume());
    return out;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    while (!this.closed) {
      if (this.waiting.length === 0) this.waiting.push(...this.take());
      if (this.waiting.length > 0) return { value: this.waiting.shift()!, done: false };
      await new Promise((resolve) => setTimeout(resolve, this.interval));
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Stops the iteration and frees the reader. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    this.free();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
