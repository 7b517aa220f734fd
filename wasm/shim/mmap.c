/* mmap() and munmap() with Linux's answers where emscripten's differ.
 *
 *  - A zero length fails with EINVAL. emscripten's MEMFS throws a JavaScript
 *    TypeError when asked to map an empty file (`gen skeleton empty.o`).
 *
 *  - A shared mapping that lies wholly past the end of its file. Linux maps
 *    it, and the first access to it kills the process with SIGBUS. libbpf
 *    does this when it builds a light skeleton of an object with an arena
 *    map: the map's "fd" is a placeholder that lands on an empty memfd, and
 *    libbpf copies the arena's initial data into the mapping. MEMFS throws a
 *    TypeError instead. Here such a mapping is plain memory filled with a
 *    marker; when it is unmapped, or at exit, a changed marker means the
 *    program wrote to it, and the module stops as native bpftool would, with
 *    a bus error. (Reads find the marker, the same value as the poisoned
 *    NULL page, see src/core/run.ts, so pointers read from there trap.)
 *
 *  - Anonymous mappings are not written until the program writes them. A
 *    Linux host gives such pages on first touch, so a 1.75 GiB .bss costs
 *    native bpftool nothing it does not use; emscripten clears every byte
 *    with memset(). Here only the part of the allocation that lies below
 *    the heap's break before it was made is cleared: memory above the break
 *    comes from memory.grow, zero and untouched (and stays so, since
 *    emscripten's dlmalloc never gives memory back: MORECORE_CANNOT_TRIM),
 *    so the engine never commits pages that nobody writes.
 *
 *  - MAP_FIXED at an address of 0. libbpf passes an arena's 64-bit
 *    map_extra as the address; a 32-bit pointer cannot hold it, so it
 *    arrives here as 0. Such a mapping is placed anywhere, as its contents
 *    are all that the light-skeleton path uses.
 *
 * Compiled without host.h: E* and errno here are the C library's own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_SIZE 4096
#define PAST_EOF_MARKER 0xa5
#define MAX_PAST_EOF 64

struct anon_mapping {
	unsigned char *addr;
	struct anon_mapping *next;
};

static struct anon_mapping *anon_mappings;

struct past_eof_mapping {
	unsigned char *addr;
	size_t len;
};

static struct past_eof_mapping past_eof[MAX_PAST_EOF];
static int past_eof_hooked;

static void bus_error(void)
{
	fputs("bpftool-wasm: bus error: write to a shared file mapping past the end of its file "
	      "(native bpftool is killed by SIGBUS here)\n", stderr);
	fflush(stderr);
	abort();
}

static int was_written(const struct past_eof_mapping *m)
{
	size_t i;

	for (i = 0; i < m->len; i++)
		if (m->addr[i] != PAST_EOF_MARKER)
			return 1;
	return 0;
}

static void check_past_eof_at_exit(void)
{
	int i;

	for (i = 0; i < MAX_PAST_EOF; i++)
		if (past_eof[i].addr && was_written(&past_eof[i]))
			bus_error();
}

static void *map_past_eof(size_t len)
{
	unsigned char *mem;
	int i;

	for (i = 0; i < MAX_PAST_EOF && past_eof[i].addr; i++)
		;
	if (i == MAX_PAST_EOF) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	mem = aligned_alloc(PAGE_SIZE, (len + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1));
	if (!mem) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	memset(mem, PAST_EOF_MARKER, len);
	past_eof[i].addr = mem;
	past_eof[i].len = len;
	if (!past_eof_hooked) {
		atexit(check_past_eof_at_exit);
		past_eof_hooked = 1;
	}
	return mem;
}

static void *map_anonymous(size_t len)
{
	struct anon_mapping *m = malloc(sizeof(*m));
	unsigned char *brk, *mem;

	if (!m) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	brk = sbrk(0);
	mem = aligned_alloc(PAGE_SIZE, (len + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1));
	if (!mem) {
		free(m);
		errno = ENOMEM;
		return MAP_FAILED;
	}
	if (mem < brk)
		memset(mem, 0, (size_t)(brk - mem) < len ? (size_t)(brk - mem) : len);
	m->addr = mem;
	m->next = anon_mappings;
	anon_mappings = m;
	return mem;
}

static int unmap_anonymous(void *addr)
{
	struct anon_mapping **p, *m;

	for (p = &anon_mappings; (m = *p); p = &m->next) {
		if (m->addr != addr)
			continue;
		*p = m->next;
		free(m->addr);
		free(m);
		return 1;
	}
	return 0;
}

/* The size of a regular file open as fd, or -1 for anything else. Taken
 * with lseek(): emscripten's fstat() looks the file up by its path, which
 * fails for the unlinked files that stand in for memfds (syscall.c). */
static long long file_size(int fd)
{
	struct stat st;
	off_t here, end;

	if (fstat(fd, &st) == 0)
		return S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
	here = lseek(fd, 0, SEEK_CUR);
	if (here < 0)
		return -1;
	end = lseek(fd, 0, SEEK_END);
	lseek(fd, here, SEEK_SET);
	return end;
}

void *bpftool_wasm_mmap(void *addr, size_t len, int prot, int flags, int fd, long long off)
{
	if (len == 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if ((flags & MAP_FIXED) && addr == NULL)
		flags &= ~MAP_FIXED;
	if ((flags & MAP_ANONYMOUS) && !(flags & MAP_FIXED))
		return map_anonymous(len);
	if (fd >= 0 && (flags & MAP_SHARED)) {
		long long size = file_size(fd);

		if (size >= 0 && off >= size)
			return map_past_eof(len);
	}
	return mmap(addr, len, prot, flags, fd, (off_t)off);
}

int bpftool_wasm_munmap(void *addr, size_t len)
{
	int i;

	if (unmap_anonymous(addr))
		return 0;
	for (i = 0; i < MAX_PAST_EOF; i++) {
		if (past_eof[i].addr != addr)
			continue;
		if (was_written(&past_eof[i]))
			bus_error();
		free(past_eof[i].addr);
		past_eof[i].addr = NULL;
		return 0;
	}
	return munmap(addr, len);
}
