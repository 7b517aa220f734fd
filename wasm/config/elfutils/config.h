/* Hand-written config.h for elfutils' libelf under emscripten.
 *
 * libelf needs no configure step: only the HAVE_* facts below are read. The
 * things deliberately left undefined:
 *   USE_LOCKS          no pthread rwlocks; each call runs in its own instance.
 *   HAVE_MREMAP        emscripten has no mremap; libelf falls back to copies.
 *   SYMBOL_VERSIONING  a static archive has no symbol versions.
 *   PIC                the library is linked statically into one module.
 */
#define HAVE_ERR_H 1
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_MEMRCHR 1
#define HAVE_DECL_RAWMEMCHR 0
#define HAVE_DECL_POWEROF2 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_STDATOMIC_H 1
#define HAVE_VISIBILITY 1
#define HAVE_GCC_STRUCT 1
#define HAVE_FALLTHROUGH 1
#define PACKAGE_NAME "elfutils"
#define PACKAGE_VERSION "0.188"
#define PACKAGE_URL ""
#define LOCALEDIR "/usr/share/locale"
#define _GNU_SOURCE 1

/* configure-generated config.h files end with this include. */
#include <eu-config.h>
