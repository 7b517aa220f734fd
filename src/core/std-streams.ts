/**
 * stdin, stdout and stderr of one instance, as character devices that move
 * whole buffers. FS.init's devices call into JavaScript once per byte, which
 * dominated the time of large outputs (a 2.8 MB vmlinux.h is 2.8 million
 * calls); these take one call per write() of the C library, which buffers
 * stdout in 4 KiB blocks (wasm/shim/printf.c) and leaves stderr unbuffered,
 * as natively. The write path allocates nothing.
 */
import type { EmscriptenFS, EmscriptenStream } from './glue.js';
import { RunStop } from './instance.js';
import type { StreamSink } from './sink.js';

/** A major number no device of the glue uses (it takes 1, 5, 6 and 64 up). */
const STREAMS_MAJOR = 200;

/** Views `length` bytes of the heap at `offset` as bytes, without a copy. */
function bytesOf(buffer: ArrayBufferView, offset: number, length: number): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
}

/** A write operation into `sink`, reusing one byte view of the heap until the heap grows. */
function sinkWrite(sink: StreamSink) {
  let heap: Uint8Array = new Uint8Array(0);
  return (_stream: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number) => {
    if (heap.buffer !== buffer.buffer) heap = new Uint8Array(buffer.buffer);
    try {
      sink.write(heap, buffer.byteOffset + offset, length);
    } catch (err) {
      // An output limit, or the caller's onStdout: the run stops with that error, not as a crash.
      throw new RunStop(err);
    }
    return length;
  };
}

export function installStdStreams(
  FS: EmscriptenFS,
  stdin: Uint8Array | undefined,
  stdout: StreamSink,
  stderr: StreamSink,
): void {
  const notSeekable = (stream: EmscriptenStream) => {
    stream.seekable = false;
  };
  let stdinPos = 0;
  const input = stdin ?? new Uint8Array(0);
  const devices: Array<[string, number, object]> = [
    [
      '/dev/stdin',
      0 /* O_RDONLY */,
      {
        open: notSeekable,
        read(_stream: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number) {
          const n = Math.min(length, input.length - stdinPos);
          bytesOf(buffer, offset, n).set(input.subarray(stdinPos, stdinPos + n));
          stdinPos += n;
          return n;
        },
      },
    ],
    ['/dev/stdout', 1 /* O_WRONLY */, { open: notSeekable, write: sinkWrite(stdout) }],
    ['/dev/stderr', 1 /* O_WRONLY */, { open: notSeekable, write: sinkWrite(stderr) }],
  ];
  // Opened in order, so they take file descriptors 0, 1 and 2.
  devices.forEach(([path, flags, ops], minor) => {
    const dev = FS.makedev(STREAMS_MAJOR, minor);
    FS.registerDevice(dev, ops);
    FS.mkdev(path, dev);
    FS.open(path, flags);
  });
}
