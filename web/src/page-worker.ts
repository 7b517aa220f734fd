/**
 * The page's side of its worker: one Comlink proxy, replaced by a fresh
 * worker when a run is cancelled (a wasm call cannot be interrupted, but
 * its worker can be terminated).
 */
import * as Comlink from 'comlink';
import type { PageWorkerApi } from './worker.js';

export class PageWorker {
  private worker!: Worker;
  api!: Comlink.Remote<PageWorkerApi>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bpftool-wasm' });
    this.api = Comlink.wrap<PageWorkerApi>(this.worker);
  }

  /** Ends whatever the worker is doing; the next call goes to a new one. */
  restart(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
    this.start();
  }
}
