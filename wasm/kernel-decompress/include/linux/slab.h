/* Everything lib/decompress_unlzma.c takes from <linux/slab.h> is in kernel.h. */
#include <linux/kernel.h>
