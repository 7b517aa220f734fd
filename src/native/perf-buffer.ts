/**
 * A BPF perf buffer (`BPF_MAP_TYPE_PERF_EVENT_ARRAY` written with
 * `bpf_perf_event_output()`): its samples, each with the CPU it came from.
 */
import { call, type NativeObject } from './addon.js';
import { PolledEvents, type EventReaderOptions } from './polled-events.js';

export interface PerfBufferOptions extends EventReaderOptions {
  /** Pages of buffer per CPU, a power of two (default 8). */
  pageCount?: number;
}

export interface PerfSample {
  cpu: number;
  /** The bytes the program sent, padded by the kernel to keep records 8-byte aligned. */
  data: Uint8Array;
}

export class PerfBuffer extends PolledEvents<PerfSample> {
  private lostSamples = 0;

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    private readonly id: number,
    /** The perf event array map's name. */
    readonly name: string,
    options: PerfBufferOptions = {},
  ) {
    super(options);
  }

  /** Samples the kernel dropped because the buffer was full, so far. */
  get lost(): number {
    return this.lostSamples;
  }

  protected consume(): PerfSample[] {
    const { events, lost } = call(() => this.native.perfBufferConsume(this.id));
    this.lostSamples += lost;
    return events;
  }

  protected free(): void {
    this.native.perfBufferClose(this.id);
  }
}
