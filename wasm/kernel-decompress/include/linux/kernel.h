/* The kernel headers lib/decompress_unlzma.c and decompress/mm.h include, and the
 * allocators lib/xz asks for (xz_config.h), as a C library gives them. */
#ifndef KERNEL_DECOMPRESS_LINUX_KERNEL_H
#define KERNEL_DECOMPRESS_LINUX_KERNEL_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#define GFP_KERNEL 0
#define kmalloc(size, flags) malloc(size)
#define kfree(ptr) free(ptr)
#define vmalloc(size) malloc(size)
#define vfree(ptr) free(ptr)
#define __init
#endif
