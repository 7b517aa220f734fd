/**
 * Output held back while a CLI run may still move to the deep-stack thread
 * (main-thread-run.ts): a run that outruns the main thread's stack starts
 * again from the beginning there, so nothing it wrote may have reached the
 * process's descriptors yet. Writes are kept in their order across stdout
 * and stderr, so that what a terminal or `2>&1` shows is the same sequence
 * of writes as a direct run's. Past `limit` bytes they are let through, and
 * the run can no longer move: memory never grows with the output.
 */
export interface HeldWrite {
  fd: number;
  bytes: Uint8Array;
}

export class HeldOutput {
  private writes: HeldWrite[] = [];
  private size = 0;
  /** The held writes have been let through; later ones go straight to their descriptors. */
  released = false;

  constructor(readonly limit: number) {}

  /** Keeps a copy of `bytes`; false once more than `limit` bytes are held (the caller then releases them). */
  hold(fd: number, bytes: Uint8Array): boolean {
    this.writes.push({ fd, bytes: bytes.slice() });
    this.size += bytes.length;
    return this.size <= this.limit;
  }

  /** The held writes, in order; from now on nothing is held. */
  release(): HeldWrite[] {
    this.released = true;
    const writes = this.writes;
    this.writes = [];
    this.size = 0;
    return writes;
  }
}
