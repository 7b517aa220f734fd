/** A BPF ring buffer (`BPF_MAP_TYPE_RINGBUF`): its events, in order. */
import { call, type NativeObject } from './addon.js';
import { PolledEvents, type EventReaderOptions } from './polled-events.js';

export type RingBufferOptions = EventReaderOptions;

export class RingBuffer extends PolledEvents<Uint8Array> {
  /** @internal */
  constructor(
    private readonly native: NativeObject,
    private readonly id: number,
    /** The ring buffer map's name. */
    readonly name: string,
    options: RingBufferOptions = {},
  ) {
    super(options);
  }

  protected consume(): Uint8Array[] {
    return call(() => this.native.ringBufferConsume(this.id));
  }

  protected free(): void {
    this.native.ringBufferClose(this.id);
  }
}
