/**
 * A BPF ring buffer as an async iterator of events. Events are taken
 * without blocking; when none are waiting the iterator sleeps for
 * `pollIntervalMs` before looking again, so no thread is held in the kernel.
 */
import { call, type NativeObject } from './addon.js';

export interface RingBufferOptions {
  /** How long to wait before looking again when no event is waiting (default 10 ms). */
  pollIntervalMs?: number;
  /** Ends the iteration when aborted. */
  signal?: AbortSignal;
}

export class RingBuffer implements AsyncIterableIterator<Uint8Array> {
  private readonly waiting: Uint8Array[] = [];
  private closed = false;
  private readonly interval: number;

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    private readonly id: number,
    /** The ring buffer map's name. */
    readonly name: string,
    private readonly options: RingBufferOptions = {},
  ) {
    this.interval = options.pollIntervalMs ?? 10;
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  /** The events waiting now, without waiting for more. */
  take(): Uint8Array[] {
    if (this.closed) return [];
    const out = this.waiting.splice(0);
    out.push(...call(() => this.native.ringBufferConsume(this.id)));
    return out;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    while (!this.closed) {
      if (this.waiting.length === 0) this.waiting.push(...this.take());
      const event = this.waiting.shift();
      if (event) return { value: event, done: false };
      await new Promise((resolve) => setTimeout(resolve, this.interval));
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
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
    this.native.ringBufferClose(this.id);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** @internal For the object's close(). */
  get isClosed(): boolean {
    return this.closed || (this.options.signal?.aborted ?? false);
  }
}
