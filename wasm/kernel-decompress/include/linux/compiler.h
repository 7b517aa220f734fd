/* Everything lib/decompress_unlzma.c takes from <linux/compiler.h> is in kernel.h. */
#include <linux/kernel.h>
