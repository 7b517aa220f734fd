/* asm/byteorder.h for the wasm target: WebAssembly is little-endian. */
#include <linux/byteorder/little_endian.h>
