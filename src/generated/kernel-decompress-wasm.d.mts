// Types for kernel-decompress-wasm.mjs, which build.sh writes from
// build/wasm/kernel-decompress.wasm (a build output, never committed).

/** The kernel's xz and lzma decoders as one WebAssembly module, in base64. */
export declare const KERNEL_DECOMPRESS_WASM: string;
