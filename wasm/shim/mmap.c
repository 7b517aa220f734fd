/* mmap() with Linux's answer to a zero length: EINVAL. emscripten's MEMFS
 * throws a JavaScript TypeError when asked to map an empty file, which
 * bpftool reaches with `gen skeleton empty.o`. Compiled without host.h. */
#include <errno.h>
#include <sys/mman.h>

void *bpftool_wasm_mmap(void *addr, size_t len, int prot, int flags, int fd, long long off)
{
	if (len == 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return mmap(addr, len, prot, flags, fd, (off_t)off);
}
