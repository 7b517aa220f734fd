/** What `attach()` returns: the attachment of one or more programs. */
import { BpftoolUsageError } from '../core/errors.js';
import { call, type NativeObject } from './addon.js';

export class Link {
  private ids: number[];

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    ids: number[],
    /** The programs this link attached. */
    readonly programs: readonly string[],
  ) {
    this.ids = ids;
  }

  /** False once detached (by `detach()` or the object's `close()`). */
  get attached(): boolean {
    return this.ids.length > 0;
  }

  /** Detaches the programs. Idempotent. */
  detach(): void {
    for (const id of this.ids.splice(0)) this.native.detach(id);
  }

  [Symbol.dispose](): void {
    this.detach();
  }

  /** Pins the link at `path` on a BPF file system, so that it outlives the process. */
  pin(path: string): void {
    const id = this.single('pin');
    call(() => this.native.linkPin(id, path));
  }

  /** Removes the link's pin. */
  unpin(): void {
    const id = this.single('unpin');
    call(() => this.native.linkUnpin(id));
  }

  private single(what: string): number {
    if (this.ids.length !== 1) {
      throw new BpftoolUsageError(
        this.ids.length === 0 ? `cannot ${what} a detached link` : `cannot ${what} a link of several programs: attach them one by one`,
      );
    }
    return this.ids[0]!;
  }
}
