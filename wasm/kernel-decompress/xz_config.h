/*
 * What the kernel's xz decoder (lib/xz) asks of a build outside the kernel
 * (xz_private.h includes this file when __KERNEL__ is not defined): the
 * filters to build, allocation, and unaligned loads and stores.
 */
#ifndef KERNEL_DECOMPRESS_XZ_CONFIG_H
#define KERNEL_DECOMPRESS_XZ_CONFIG_H

/* The branch filters the kernel's scripts/xz_wrap.sh puts before LZMA2, by architecture. */
#define XZ_DEC_X86
#define XZ_DEC_ARM
#define XZ_DEC_ARMTHUMB
#define XZ_DEC_ARM64
#define XZ_DEC_POWERPC
#define XZ_DEC_SPARC
#define XZ_DEC_RISCV

#include <stdbool.h>
#include <linux/kernel.h> /* our stand-in: the allocators as the C library's */
#include <linux/xz.h>

#define memeq(a, b, size) (memcmp(a, b, size) == 0)
#define memzero(buf, size) memset(buf, 0, size)

#ifndef min
#define min(x, y) ((x) < (y) ? (x) : (y))
#endif
#define min_t(type, x, y) min((type)(x), (type)(y))

#define fallthrough __attribute__((__fallthrough__))
#define __always_inline inline __attribute__((__always_inline__))

/* wasm is little-endian and loads unaligned words; memcpy says so without undefined behaviour. */
static inline uint32_t get_unaligned_le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline void put_unaligned_le32(uint32_t v, uint8_t *p)
{
	memcpy(p, &v, 4);
}

static inline uint32_t get_unaligned_be32(const uint8_t *p)
{
	return __builtin_bswap32(get_unaligned_le32(p));
}

static inline void put_unaligned_be32(uint32_t v, uint8_t *p)
{
	put_unaligned_le32(__builtin_bswap32(v), p);
}

#define get_le32 get_unaligned_le32

#endif
