/* asm/errno.h for the wasm target: the generic Linux definition, as on any
 * asm-generic architecture. The host's x86 headers cannot be used: wasm32
 * defines __ILP32__, which makes them pick the x32 ABI. */
#include <asm-generic/errno.h>
