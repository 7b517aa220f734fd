/* Force-included (-include) into every upstream translation unit of the wasm
 * build. It makes the module look like the 64-bit Linux host with 4 KiB pages
 * whose output native bpftool encodes, as far as a header can:
 *
 *  - sysconf() and getpagesize() answer 4096 for the page size: emscripten
 *    says 65536, which changes light-skeleton mmap sizes and ringbuf rounding.
 *  - uname() describes the Linux kernel the caller names (see uname.c).
 *  - mmap() of zero bytes fails with EINVAL, as Linux's does (emscripten's
 *    JS file system throws instead); a shared mapping wholly past the end of
 *    its file ends the run with a bus error once written, as on Linux
 *    (see mmap.c).
 *  - syscall() and qsort_r() are declared: emscripten 3.1.6 has neither, and
 *    libbpf and bpftool call both (see syscall.c and qsort.c).
 *  - errno uses Linux's numbers, and strerror() the host glibc's words
 *    (see errno.c): upstream prints both, and derives exit codes from errno.
 *  - printf(), vprintf() and vfprintf() print plain formats in one pass
 *    (see printf.c): skeletons are a printf() per byte of the object.
 *
 * What a header cannot change (sizeof(void *), a 32-bit size_t) is handled by
 * the patches in third_party/patches/.
 */
#ifndef BPFTOOL_WASM_HOST_H
#define BPFTOOL_WASM_HOST_H

#include <stddef.h>
#include <errno.h>

/* Linux's E* values replace the C library's (generated from the pinned
 * tree's asm-generic/errno*.h). */
#include "linux_errno.h"

#undef errno
#define errno (*bpftool_wasm_errno_location())
int *bpftool_wasm_errno_location(void);

#define strerror bpftool_wasm_strerror
#define strerror_r bpftool_wasm_strerror_r
char *bpftool_wasm_strerror(int errnum);
int bpftool_wasm_strerror_r(int errnum, char *buf, size_t buflen);

/* Function-like, so that fields of the same name (perf_event_attr.mmap)
 * are left alone. */
#define sysconf(name) bpftool_wasm_sysconf(name)
#define getpagesize bpftool_wasm_getpagesize
#define mmap(addr, len, prot, flags, fd, off) bpftool_wasm_mmap(addr, len, prot, flags, fd, off)
#define munmap(addr, len) bpftool_wasm_munmap(addr, len)
#define uname(buf) bpftool_wasm_uname(buf)
/* /sys/fs/bpf is a BPF file system, as on a standard host (see bpffs.c). */
#define statfs(path, buf) bpftool_wasm_statfs(path, buf)
struct statfs;
int bpftool_wasm_statfs(const char *path, struct statfs *buf);
struct utsname;
int bpftool_wasm_uname(struct utsname *buf);
long bpftool_wasm_sysconf(int name);
int bpftool_wasm_getpagesize(void);
void *bpftool_wasm_mmap(void *addr, size_t len, int prot, int flags, int fd, long long off);
int bpftool_wasm_munmap(void *addr, size_t len);

long syscall(long number, ...);
void qsort_r(void *base, size_t nmemb, size_t size,
	     int (*compar)(const void *, const void *, void *), void *arg);

/* Function-like, so that format(printf, ...) attributes are left alone. */
#define printf(...) bpftool_wasm_printf(__VA_ARGS__)
#define vprintf(fmt, ap) bpftool_wasm_vprintf(fmt, ap)
#define vfprintf(f, fmt, ap) bpftool_wasm_vfprintf(f, fmt, ap)
struct _IO_FILE;
int bpftool_wasm_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bpftool_wasm_vprintf(const char *fmt, __builtin_va_list ap) __attribute__((format(printf, 1, 0)));
int bpftool_wasm_vfprintf(struct _IO_FILE *f, const char *fmt, __builtin_va_list ap)
	__attribute__((format(printf, 2, 0)));

/* main.c line-buffers stdout for terminals; the module's never is one (printf.c). */
#define setlinebuf(f) bpftool_wasm_setlinebuf(f)
void bpftool_wasm_setlinebuf(struct _IO_FILE *f);

/* glibc's sys/cdefs.h defines it and the Linux uapi headers use it (swab.h,
 * which 7.8's gen_loader.c reaches through asm/byteorder.h); musl has none. */
#ifndef __attribute_const__
#define __attribute_const__ __attribute__((__const__))
#endif

#endif
