/* Everything lib/decompress_unlzma.c takes from <linux/fs.h> is in kernel.h. */
#include <linux/kernel.h>
