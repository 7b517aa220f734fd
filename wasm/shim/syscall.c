/* syscall() for the wasm build. emscripten 3.1.6 neither declares nor
 * provides it, and libbpf calls it directly for four system calls:
 *
 *  - memfd_create: bpf_object__open() makes placeholder map fds with it, so
 *    even `gen skeleton` needs it to return a real descriptor. The glue
 *    hands out an anonymous in-memory file that no file system lists.
 *  - dup3: reuse_fd() moves descriptors; the libc function does it.
 *  - bpf and perf_event_open: there is no kernel to talk to. They fail with
 *    ENOSYS, and say so once on stderr so that a kernel-only command never
 *    fails without a reason. The BPF file system commands that a host with
 *    nothing pinned answers by itself are answered as it does (bpffs.c).
 */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

long syscall(long number, ...);
union bpf_fs_attr;
int bpftool_wasm_bpf_fs(long cmd, const union bpf_fs_attr *attr);

/* In the glue (wasm/js/memfd.js): a file with no path on any file system. */
int bpftool_wasm_memfd_create(void);

static int memfd_create_shim(void)
{
	int fd = bpftool_wasm_memfd_create();

	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

static long no_kernel(const char *what)
{
	static int said;

	if (!said) {
		fprintf(stderr, "bpftool-wasm: %s() needs a Linux kernel; "
			"not available in the WebAssembly build\n", what);
		said = 1;
	}
	errno = ENOSYS;
	return -1;
}

long syscall(long number, ...)
{
	va_list ap;
	long a0, a1, a2;

	va_start(ap, number);
	a0 = va_arg(ap, long);
	a1 = va_arg(ap, long);
	a2 = va_arg(ap, long);
	va_end(ap);

	switch (number) {
	case __NR_memfd_create:
		return memfd_create_shim();
	case __NR_dup3:
		return dup3((int)a0, (int)a1, (int)a2);
	case __NR_bpf:
		if (bpftool_wasm_bpf_fs(a0, (const union bpf_fs_attr *)a1) < 0)
			return -1;
		return no_kernel("bpf");
	case __NR_perf_event_open:
		return no_kernel("perf_event_open");
	default:
		errno = ENOSYS;
		return -1;
	}
}
