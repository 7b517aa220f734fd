/* The BPF file system as the host described by the caller sees it.
 *
 * libbpf looks at the BPF file system even when it only generates code: for
 * maps pinned by name (LIBBPF_PIN_BY_NAME), a light skeleton (-L) first asks
 * the kernel for an object already pinned there (BPF_OBJ_GET), then checks
 * with statfs() that the folder is a BPF file system, then pins its
 * placeholder map (BPF_OBJ_PIN). Whether /sys/fs/bpf is a BPF file system is
 * a fact of the host: native bpftool prints "not on BPF FS" where it is not
 * mounted. The facade passes the mount points of the BPF file systems in the
 * environment (BPFTOOL_WASM_BPFFS, separated by ':'; src/core/host-facts.ts),
 * and the CLI passes the host's own.
 *
 *  - statfs(): a folder that does not exist fails as on Linux (emscripten's
 *    statfs() answers for any path); a BPF file system mount, or a folder
 *    below one, has BPF_FS_MAGIC; any other folder is an in-memory one. The
 *    C library leaves f_type unset, which would make the answer arbitrary.
 *  - BPF_OBJ_GET of a path that does not exist fails with ENOENT, as the
 *    kernel's path lookup does.
 *  - BPF_OBJ_PIN of a descriptor that is not a BPF object (every descriptor
 *    here) fails with EINVAL, or EBADF for a closed one, as the kernel's does.
 *  - BPF_TOKEN_CREATE, which libbpf tries on /sys/fs/bpf before loading,
 *    fails as on a host in the initial user namespace: EOPNOTSUPP for the
 *    root of a BPF file system, EINVAL for any other folder, EBADF for a
 *    closed descriptor.
 *
 * Anything else is a real kernel call: bpftool_wasm_bpf_fs() returns 1 and
 * the caller fails it with ENOSYS.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#define BPFFS_MOUNTS_ENV "BPFTOOL_WASM_BPFFS"

/* The BPF_OBJ_* member of uapi's union bpf_attr (linux/bpf.h), whose header
 * chain needs the kernel's own include tree. Its layout is ABI. */
enum { BPF_OBJ_PIN = 6, BPF_OBJ_GET = 7, BPF_TOKEN_CREATE = 36 };
union bpf_fs_attr {
	struct {
		uint64_t pathname;
		uint32_t bpf_fd;
		uint32_t file_flags;
	} obj;
	struct {
		uint32_t flags;
		uint32_t bpffs_fd;
	} token_create;
};

/* Calls fn(mount, len, arg) for each BPF file system mount point the
 * caller described, until fn returns non-zero; returns that value. */
static int each_bpffs_mount(int (*fn)(const char *mount, size_t len, const void *arg), const void *arg)
{
	const char *m = getenv(BPFFS_MOUNTS_ENV);
	int ret;

	while (m && *m) {
		size_t len = strcspn(m, ":");

		if (len && (ret = fn(m, len, arg)))
			return ret;
		m += len + (m[len] == ':');
	}
	return 0;
}

static int path_is_below(const char *mount, size_t len, const void *arg)
{
	const char *path = arg;

	while (len > 1 && mount[len - 1] == '/')
		len--;
	if (len == 1 && mount[0] == '/')
		return path[0] == '/';
	return strncmp(path, mount, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static int is_mount_root(const char *mount, size_t len, const void *arg)
{
	const struct stat *st = arg;
	char path[4096];
	struct stat root;

	if (len >= sizeof(path))
		return 0;
	memcpy(path, mount, len);
	path[len] = '\0';
	return stat(path, &root) == 0 && st->st_dev == root.st_dev && st->st_ino == root.st_ino;
}

int bpftool_wasm_statfs(const char *path, struct statfs *buf)
{
	struct stat st;

	if (stat(path, &st))
		return -1; /* stat() set errno: ENOENT, ENOTDIR, ... */
	if (statfs(path, buf))
		return -1;
	buf->f_type = each_bpffs_mount(path_is_below, path) ? BPF_FS_MAGIC : TMPFS_MAGIC;
	return 0;
}

/* Returns -1 with errno set where the host's kernel would answer without a
 * BPF object existing; 1 where it would need a real kernel. */
int bpftool_wasm_bpf_fs(long cmd, const union bpf_fs_attr *attr)
{
	struct stat st;

	switch (cmd) {
	case BPF_OBJ_GET:
		if (stat((const char *)(uintptr_t)attr->obj.pathname, &st) == 0)
			return 1;
		return -1; /* stat() set errno: ENOENT, ENOTDIR, ... */
	case BPF_OBJ_PIN:
		errno = fcntl((int)attr->obj.bpf_fd, F_GETFD) < 0 ? EBADF : EINVAL;
		return -1;
	case BPF_TOKEN_CREATE:
		if (fstat((int)attr->token_create.bpffs_fd, &st) < 0)
			errno = EBADF;
		else if (each_bpffs_mount(is_mount_root, &st))
			errno = EOPNOTSUPP;
		else
			errno = EINVAL;
		return -1;
	default:
		return 1;
	}
}
