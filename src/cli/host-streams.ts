/**
 * The process's own stdin, stdout and stderr as the module's descriptors 0,
 * 1 and 2, for the CLI. Every write() of the C library reaches the host's
 * descriptor as it happens, so output streams in bounded memory, as native
 * bpftool's does. They are streams of their own rather than the host-backed
 * glue's: that glue would close the process's descriptors when the module
 * exits.
 */
import * as fs from 'node:fs';
import type { EmscriptenFS, EmscriptenStream } from '../core/glue.js';
import { HostStreamClosed, RunStop } from '../core/instance.js';
import type { HeldOutput } from './held-output.js';
import { clockNow, outputClock } from './phase-timing.js';

/** The exit status of a process killed by SIGPIPE (128 + 13), as native bpftool is when its reader goes. */
export const SIGPIPE_STATUS = 141;

/** WASI errno numbers of the module's C library (emscripten 3.1.6). */
const MODULE_ERRNO: Record<string, number> = { EBADF: 8, EDQUOT: 19, EFBIG: 22, EIO: 29, ENOSPC: 51 };
const S_IFCHR = 0o020000;

/** A pipe or terminal in non-blocking mode answers EAGAIN; wait for it as a blocking write would. */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}

/** Writes all of `from` to the descriptor, waiting out EAGAIN; other errors are thrown as Node gives them. */
export function writeFully(fd: number, from: Uint8Array): void {
  const start = clockNow();
  for (let done = 0; done < from.length; ) {
    try {
      done += fs.writeSync(fd, from, done, from.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') pause();
      else throw err;
    }
  }
  outputClock.ms += clockNow() - start;
}

/**
 * `held`: writes to stdout and stderr are kept there, in order, until it
 * is released (held-output.ts); without it they reach the descriptors as
 * they are made.
 */
export function installHostStdStreams(FS: EmscriptenFS, fds: readonly [number, number, number] = [0, 1, 2], held?: HeldOutput): void {
  const fail = (err: unknown): never => {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EPIPE') throw new RunStop(new HostStreamClosed('the reader of this output has gone (a closed pipe)'));
    throw new FS.ErrnoError(MODULE_ERRNO[code] ?? MODULE_ERRNO['EIO']!);
  };
  const read = (fd: number) => (_s: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number) => {
    for (;;) {
      try {
        return fs.readSync(fd, bytes(buffer, offset, length), 0, length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') pause();
        else if (code === 'EOF') return 0;
        else return fail(err);
      }
    }
  };
  const out = (fd: number, from: Uint8Array) => {
    try {
      writeFully(fd, from);
    } catch (err) {
      fail(err);
    }
  };
  const write = (fd: number) => (_s: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number) => {
    const from = bytes(buffer, offset, length);
    if (held && !held.released) {
      if (held.hold(fd, from)) return length;
      for (const w of held.release()) out(w.fd, w.bytes);
      return length;
    }
    out(fd, from);
    return length;
  };
  const streams = [
    { flags: 0 /* O_RDONLY */, stream_ops: { read: read(fds[0]) } },
    { flags: 1 /* O_WRONLY */, stream_ops: { write: write(fds[1]) } },
    { flags: 1 /* O_WRONLY */, stream_ops: { write: write(fds[2]) } },
  ];
  streams.forEach((s, fd) => {
    FS.createStream({ ...s, node: { mode: S_IFCHR | 0o600 }, path: '', seekable: false, position: 0 }, fd, fd);
  });
}

function bytes(view: ArrayBufferView, offset: number, length: number): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset + offset, length);
}
