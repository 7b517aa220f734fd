/*
 * The kernel's own decompressors, for what the kernel itself compresses and
 * no decoder in the package's dependencies reads: xz with a BCJ filter
 * (scripts/xz_wrap.sh) and lzma (CONFIG_KERNEL_LZMA). src/kernel-btf/
 * kernel-decompress.ts drives this module: it writes input into the buffers
 * these functions are handed and reads back what they wrote.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/xz.h>
#include <linux/decompress/unlzma.h>

#define EXPORT __attribute__((used, visibility("default")))

EXPORT void *kd_alloc(size_t size)
{
	return malloc(size);
}

/* --- xz: one call per buffer step, positions kept in xz_buf ------------------- */

static struct xz_buf xz_buffers;

EXPORT struct xz_dec *kd_xz_new(uint32_t dict_max)
{
	xz_crc32_init();
	return xz_dec_init(XZ_DYNALLOC, dict_max);
}

/*
 * Decodes from in[in_pos..in_size) into out[0..out_size); returns
 * xz_dec_run()'s enum xz_ret. kd_xz_in_pos() and kd_xz_out_pos() tell how
 * far it got.
 */
EXPORT int kd_xz_run(struct xz_dec *s, const uint8_t *in, size_t in_pos, size_t in_size,
		     uint8_t *out, size_t out_size)
{
	xz_buffers.in = in;
	xz_buffers.in_pos = in_pos;
	xz_buffers.in_size = in_size;
	xz_buffers.out = out;
	xz_buffers.out_pos = 0;
	xz_buffers.out_size = out_size;
	return xz_dec_run(s, &xz_buffers);
}

EXPORT size_t kd_xz_in_pos(void)
{
	return xz_buffers.in_pos;
}

EXPORT size_t kd_xz_out_pos(void)
{
	return xz_buffers.out_pos;
}

EXPORT void kd_xz_end(struct xz_dec *s)
{
	xz_dec_end(s);
}

/* --- lzma: one call over the whole input, output through the host ------------ */

/* The host takes each window of output as it fills; it answers how many bytes it took. */
extern long kd_lzma_output(const uint8_t *data, unsigned long size);
/* The decoder's reason for stopping, a static string. */
extern void kd_lzma_error(const char *message);

static long lzma_flush(void *data, unsigned long size)
{
	return kd_lzma_output(data, size);
}

static void lzma_error(char *message)
{
	kd_lzma_error(message);
}

/* 0 when the stream decoded to its end. */
EXPORT int kd_lzma(uint8_t *in, long in_size)
{
	return unlzma(in, in_size, NULL, lzma_flush, NULL, NULL, lzma_error);
}
