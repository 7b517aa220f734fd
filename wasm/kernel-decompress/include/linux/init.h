/* Everything lib/decompress_unlzma.c takes from <linux/init.h> is in kernel.h. */
#include <linux/kernel.h>
