/**
 * The page's side of its worker: one Comlink proxy, replaced by a fresh
 * worker when a run is cancelled (a wasm call cannot be interrupted, but
 * its worker can be terminated).
 */
import * as Comlink from 'comlink';
import type { UpstreamVersion } from 'bpftool-wasm';
import type { PageWorkerApi } from './worker.js';

export class PageWorker {
  private worker!: Worker;
  api!: Comlink.Remote<PageWorkerApi>;
  /** The upstream version chosen on the page; a replacement worker runs it too. */
  private upstream: UpstreamVersion | undefined;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bpftool-wasm' });
    this.api = Comlink.wrap<PageWorkerApi>(this.worker);
    if (this.upstream) void this.api.setUpstream(this.upstream);
  }

  /** Runs `v` from now on, in this worker and in any that replaces it. */
  async setUpstream(v: UpstreamVersion): Promise<void> {
    this.upstream = v;
    await this.api.setUpstream(v);
  }

  /** Ends whatever the worker is doing; the next call goes to a new one. */
  restart(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
    this.start();
  }
}
