/**
 * The kernel's own xz and lzma decoders (lib/xz with its branch-call-jump
 * filters, lib/decompress_unlzma.c), built from the pinned Linux tree into
 * one small WebAssembly module (wasm/kernel-decompress/). They read what the
 * kernel's build writes and no npm decoder here reads: xz with a BCJ filter
 * before LZMA2 (scripts/xz_wrap.sh) and LZMA alone (CONFIG_KERNEL_LZMA).
 * Every stream gets a fresh instance, so nothing of one decode reaches the
 * next, and its memory goes with it.
 */
import { KERNEL_DECOMPRESS_WASM } from '../generated/kernel-decompress-wasm.mjs';
import type { Chunks } from './compression.js';

interface KernelDecompressExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  kd_alloc(size: number): number;
  kd_xz_new(dictMax: number): number;
  kd_xz_run(state: number, input: number, inPos: number, inSize: number, output: number, outSize: number): number;
  kd_xz_in_pos(): number;
  kd_xz_out_pos(): number;
  kd_xz_end(state: number): void;
  kd_lzma(input: number, inSize: number): number;
}

/** What the module asks of its host while an lzma stream decodes. */
interface LzmaHost {
  output(data: Uint8Array): boolean;
  error(message: string): void;
}

let compiled: Promise<WebAssembly.Module> | undefined;

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function instantiate(lzma?: LzmaHost): Promise<KernelDecompressExports> {
  // Compiled once (asynchronously: browsers refuse synchronous compiles of this size on the main thread).
  compiled ??= WebAssembly.compile(base64Bytes(KERNEL_DECOMPRESS_WASM));
  // The imports read the instance's memory, which exists once instantiate() has made it.
  const made: { exports?: KernelDecompressExports } = {};
  const memory = () => made.exports!.memory.buffer;
  const cString = (at: number) => {
    const bytes = new Uint8Array(memory());
    let end = at;
    while (bytes[end]) end++;
    return new TextDecoder().decode(bytes.subarray(at, end));
  };
  const instance = await WebAssembly.instantiate(await compiled, {
    env: {
      kd_lzma_output: (at: number, size: number) =>
        lzma?.output(new Uint8Array(memory(), at, size).slice()) ? size : 0,
      kd_lzma_error: (at: number) => lzma?.error(cString(at)),
      // The module's views of its memory are taken afresh after every call.
      emscripten_notify_memory_growth: () => {},
    },
  });
  const exports = instance.exports as unknown as KernelDecompressExports;
  made.exports = exports;
  exports._initialize();
  return exports;
}

/** Copies bytes into a new allocation in the module; the module is freed whole, so this is never freed alone. */
function copyIn(k: KernelDecompressExports, bytes: Uint8Array, extra = 0): number {
  const at = k.kd_alloc(bytes.length + extra);
  if (!at) throw new Error(`out of memory for ${bytes.length} bytes of input`);
  new Uint8Array(k.memory.buffer).set(bytes, at);
  return at;
}

/** The largest LZMA2 dictionary a stream may ask for: xz's biggest preset uses 64 MiB, a kernel's xz 32 MiB. */
const XZ_DICT_MAX = 256 << 20;
const STEP = 1 << 20;

/** lib/xz's enum xz_ret, in order, as the reason a stream stopped. */
const XZ_RESULTS = [
  'ok',
  'stream end',
  'unsupported check',
  'the decoder ran out of memory',
  `the stream needs a dictionary over ${XZ_DICT_MAX >> 20} MiB`,
  'this is not an xz stream',
  'the stream uses options this decoder does not support',
  'the data is corrupt',
  'the stream ends before its end marker',
] as const;
const XZ_OK = 0;
const XZ_STREAM_END = 1;
const XZ_UNSUPPORTED_CHECK = 2;

/** An xz stream's decompressed chunks, with every filter the kernel's build uses. */
export async function* kernelXzChunks(input: Uint8Array, damaged: (e: unknown) => Error): Chunks {
  const k = await instantiate();
  const inAt = k.kd_alloc(STEP);
  const outAt = k.kd_alloc(STEP);
  const state = k.kd_xz_new(XZ_DICT_MAX);
  if (!inAt || !outAt || !state) throw damaged(new Error(XZ_RESULTS[3]));
  let next = 0; // the first input byte not yet in the module
  let inPos = 0;
  let inSize = 0;
  try {
    for (;;) {
      if (inPos === inSize && next < input.length) {
        inSize = Math.min(STEP, input.length - next);
        new Uint8Array(k.memory.buffer).set(input.subarray(next, next + inSize), inAt);
        next += inSize;
        inPos = 0;
      }
      const result = k.kd_xz_run(state, inAt, inPos, inSize, outAt, STEP);
      inPos = k.kd_xz_in_pos();
      const written = k.kd_xz_out_pos();
      if (written) yield new Uint8Array(k.memory.buffer, outAt, written).slice();
      if (result === XZ_STREAM_END) return;
      // An unknown check (CRC64, SHA-256: lib/xz verifies CRC32 alone) is said once; decoding goes on.
      if (result !== XZ_OK && result !== XZ_UNSUPPORTED_CHECK) throw damaged(new Error(XZ_RESULTS[result] ?? `xz result ${result}`));
      if (inPos === inSize && next >= input.length && written === 0) throw damaged(new Error(XZ_RESULTS[8]));
    }
  } finally {
    k.kd_xz_end(state);
  }
}

/**
 * An LZMA-alone stream (13-byte header: properties, dictionary size, size or
 * all ones, then the data) decompressed whole: lib/decompress_unlzma.c hands
 * out a window at a time from one call. `limit` bounds what it may write.
 */
export async function* kernelLzmaChunks(input: Uint8Array, limit: number, tooBig: () => Error, damaged: (e: unknown) => Error): Chunks {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let overLimit = false;
  let reason: string | undefined;
  const k = await instantiate({
    output(data) {
      total += data.length;
      if (total > limit) return !(overLimit = true);
      chunks.push(data);
      return true;
    },
    error(message) {
      reason ??= message;
    },
  });
  // The decoder reads its header's 13 bytes whatever the input's length: a short input still reads zeros, not other memory.
  const at = copyIn(k, input, 16);
  const result = k.kd_lzma(at, input.length);
  if (overLimit) throw tooBig();
  if (result !== 0) {
    if (reason === 'unexpected EOF') reason = 'the stream ends before its end marker';
    // Without a message, an allocation failed: the window is the dictionary size the header asks for.
    const dictionary = input.length >= 5 ? new DataView(input.buffer, input.byteOffset + 1, 4).getUint32(0, true) : 0;
    throw damaged(new Error(reason ?? `the stream asks for a ${dictionary}-byte dictionary, more than the decoder can allocate`));
  }
  yield* chunks;
}
