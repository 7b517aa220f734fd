/**
 * Compressed streams, told apart by their magic numbers and decoded chunk by
 * chunk: gzip by fflate, zstd by zstddec (the reference libzstd in
 * WebAssembly, a few times faster than pure-JavaScript decoders), xz by
 * xz-decompress (xz-embedded in WebAssembly, with its CRC64 check, which
 * dpkg writes), the kernel's LZ4 legacy frames by our own few lines
 * (lz4-legacy.ts). What only the kernel's build writes, xz with a
 * branch-call-jump filter before LZMA2 and LZMA alone, goes to the kernel's
 * own decoders from the pinned tree (kernel-decompress.ts). All of them run
 * in browsers as in Node. Formats that a kernel may use but no decoder here
 * reads are recognised, so that the error can name them.
 */
import { Gunzip } from 'fflate';
import { ZSTDDecoder } from 'zstddec/stream';
import { XzReadableStream } from 'xz-decompress';
import { KernelBtfError } from '../core/errors.js';
import { SUPPORTED_COMPRESSIONS, type Compression } from './compression-magic.js';
import { kernelLzmaChunks, kernelXzChunks } from './kernel-decompress.js';
import { lz4LegacyBlocks } from './lz4-legacy.js';
import { xzHasPreFilter } from './xz-filters.js';

export { compressionOf, type Compression } from './compression-magic.js';

/** A source of bytes, in chunks, in order. */
export type Chunks = AsyncIterable<Uint8Array>;

export async function* chunksOf(bytes: Uint8Array, size = 1 << 20): Chunks {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/**
 * The decompressed chunks of a compressed stream. `what` names the stream in
 * errors ("data.tar.xz of linux-image.deb", "this bzImage's payload").
 */
export function decompress(compression: Compression, input: Uint8Array, what: string): Chunks {
  if (!SUPPORTED_COMPRESSIONS.includes(compression)) {
    throw new KernelBtfError(`${what} is compressed with ${compression}, which is not supported (supported: ${SUPPORTED_COMPRESSIONS.join(', ')})`);
  }
  const damaged = (e: unknown) => new KernelBtfError(`${what}: the ${compression} data is damaged or cut short (${e instanceof Error ? e.message : String(e)})`);
  switch (compression) {
    case 'gzip':
      return pushDecoder((ondata) => new Gunzip(ondata), input, damaged);
    case 'zstd':
      return zstdChunks(input, damaged);
    case 'xz':
      return xzHasPreFilter(input) ? kernelXzChunks(input, damaged) : xzChunks(input, damaged);
    case 'lzma':
      return kernelLzmaChunks(input, MAX_DECOMPRESSED_BYTES, () => tooBig(what), damaged);
    default:
      return lz4Chunks(input, what);
  }
}

/** More than any kernel image or module decompresses to: damaged or hostile input stops here. */
export const MAX_DECOMPRESSED_BYTES = 1 << 30;

const tooBig = (what: string) => new KernelBtfError(`${what} decompresses to more than 1 GiB, more than any kernel image or module`);

/** The whole decompressed stream in one array. */
export async function decompressAll(compression: Compression, input: Uint8Array, what: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of decompress(compression, input, what)) {
    parts.push(c);
    total += c.length;
    if (total > MAX_DECOMPRESSED_BYTES) throw tooBig(what);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface PushDecoder {
  push(chunk: Uint8Array, final?: boolean): unknown;
}

/** fflate's decoder calls back with output as input is pushed; each push's output is yielded before the next. */
async function* pushDecoder(
  make: (ondata: (data: Uint8Array, final?: boolean) => void) => PushDecoder,
  input: Uint8Array,
  damaged: (e: unknown) => Error,
): Chunks {
  let pending: Uint8Array[] = [];
  let ended = false;
  const decoder = make((data, final) => {
    if (data.length) pending.push(data);
    if (final) ended = true;
  });
  const step = 1 << 20;
  for (let at = 0; at < input.length && !ended; at += step) {
    try {
      decoder.push(input.subarray(at, at + step), at + step >= input.length);
    } catch (e) {
      throw damaged(e);
    }
    yield* pending;
    pending = [];
  }
  if (!ended) throw damaged(new Error('the stream ends before its end marker'));
}

/**
 * zstddec's stream decoder does not check ZSTD_decompressStream()'s result:
 * on damaged data it goes on yielding empty chunks for ever. Data that
 * decodes never needs many calls in a row without output (each one either
 * writes output or takes the rest of its input), so a long run of them is
 * the decoder's error.
 */
const ZSTD_STALLED_CALLS = 1024;

async function* zstdChunks(input: Uint8Array, damaged: (e: unknown) => Error): Chunks {
  const decoder = new ZSTDDecoder();
  await decoder.init();
  function* inputChunks() {
    for (let at = 0; at < input.length; at += 1 << 20) yield input.subarray(at, at + (1 << 20));
  }
  const output = decoder.decodeStreaming(inputChunks());
  let empty = 0;
  for (;;) {
    let next;
    try {
      next = output.next();
    } catch (e) {
      throw damaged(e);
    }
    if (next.done) return;
    if (next.value.length === 0) {
      if (++empty >= ZSTD_STALLED_CALLS) throw damaged(new Error('the decoder stopped making progress'));
      continue;
    }
    empty = 0;
    yield next.value;
  }
}

async function* xzChunks(input: Uint8Array, damaged: (e: unknown) => Error): Chunks {
  let at = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= input.length) return controller.close();
      controller.enqueue(input.subarray(at, at + (1 << 20)));
      at += 1 << 20;
    },
  });
  const reader = new XzReadableStream(source).getReader();
  try {
    for (;;) {
      let next;
      try {
        next = await reader.read();
      } catch (e) {
        throw damaged(e);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function* lz4Chunks(input: Uint8Array, what: string): Chunks {
  yield* lz4LegacyBlocks(input, what);
}
