/**
 * bpftool-wasm calls in worker threads, each with a deadline. A call that
 * outlives it has its worker terminated and replaced; the caller learns that
 * it hung, and the next call runs in a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { KernelIdentity, RawRunResult, UpstreamVersion } from '../../dist/index.js';

export type PoolOutcome =
  | { kind: 'result'; result: RawRunResult }
  | { kind: 'error'; name: string; message: string; exitCode: number; stderr: string }
  | { kind: 'timeout' }
  /** The worker itself died: the host would have gone with it. */
  | { kind: 'worker-died'; message: string };

interface Pending {
  resolve: (o: PoolOutcome) => void;
  timer: NodeJS.Timeout;
}

class Slot {
  private worker!: Worker;
  private ready!: Promise<void>;
  private pending: Pending | undefined;
  private nextId = 0;

  constructor(private readonly upstream?: UpstreamVersion) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(new URL('./wasm-worker.mjs', import.meta.url), { workerData: { upstream: this.upstream } });
    this.ready = new Promise((resolve) => {
      this.worker.once('message', () => resolve());
    });
    this.worker.on('message', (m: { id?: number; result?: RawRunResult; error?: PoolOutcome & { kind: 'error' } }) => {
      if (m.id === undefined || !this.pending) return;
      const p = this.pending;
      this.pending = undefined;
      clearTimeout(p.timer);
      p.resolve(m.result ? { kind: 'result', result: m.result } : { ...m.error!, kind: 'error' });
    });
    this.worker.on('error', (err) => this.fail({ kind: 'worker-died', message: err.message }));
  }

  private fail(outcome: PoolOutcome): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.resolve(outcome);
    }
    void this.worker.terminate();
    this.spawn();
  }

  async run(args: readonly string[], files: Record<string, Uint8Array>, timeoutMs: number, kernel?: KernelIdentity): Promise<PoolOutcome> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail({ kind: 'timeout' }), timeoutMs);
      this.pending = { resolve, timer };
      this.worker.postMessage({ id: this.nextId++, args, files, kernel });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

export class WasmPool {
  private readonly idle: Slot[];
  private readonly waiting: Array<(s: Slot) => void> = [];

  constructor(size: number, upstream?: UpstreamVersion) {
    this.idle = Array.from({ length: size }, () => new Slot(upstream));
  }

  async run(args: readonly string[], files: Record<string, Uint8Array>, timeoutMs: number, kernel?: KernelIdentity): Promise<PoolOutcome> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((r) => this.waiting.push(r)));
    try {
      return await slot.run(args, files, timeoutMs, kernel);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.idle.push(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.map((s) => s.close()));
  }
}
