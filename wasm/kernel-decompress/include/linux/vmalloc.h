/* Everything lib/decompress_unlzma.c takes from <linux/vmalloc.h> is in kernel.h. */
#include <linux/kernel.h>
