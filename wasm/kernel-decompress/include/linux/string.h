/* Everything lib/decompress_unlzma.c takes from <linux/string.h> is in kernel.h. */
#include <linux/kernel.h>
