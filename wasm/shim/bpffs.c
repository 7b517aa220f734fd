/* The BPF file system as a Linux host with no pinned objects sees it.
 *
 * libbpf looks at /sys/fs/bpf even when it only generates code: for maps
 * pinned by name (LIBBPF_PIN_BY_NAME), a light skeleton (-L) first asks the
 * kernel for an object already pinned there (BPF_OBJ_GET), then checks with
 * statfs() that the folder is a BPF file system, then pins its placeholder
 * map (BPF_OBJ_PIN). Native bpftool on a standard host gets ENOENT, "bpffs"
 * and EINVAL, and prints its messages accordingly; so does the module:
 *
 *  - /sys/fs/bpf exists (empty), as the standard mount point does.
 *  - statfs(): /sys/fs/bpf and below is a BPF file system (the standard
 *    mount); every other folder is an in-memory one, as MEMFS is. The C
 *    library leaves f_type unset, which would make the answer arbitrary.
 *  - BPF_OBJ_GET of a path that does not exist fails with ENOENT, as the
 *    kernel's path lookup does.
 *  - BPF_OBJ_PIN of a descriptor that is not a BPF object (every descriptor
 *    here) fails with EINVAL, or EBADF for a closed one, as the kernel's does.
 *  - BPF_TOKEN_CREATE, which libbpf tries on /sys/fs/bpf before loading,
 *    fails as on a host in the initial user namespace: EOPNOTSUPP for the
 *    root of the BPF file system, EINVAL for any other folder, EBADF for a
 *    closed descriptor.
 *
 * Anything else is a real kernel call: bpftool_wasm_bpf_fs() returns 1 and
 * the caller fails it with ENOSYS.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#define BPFFS_MOUNT "/sys/fs/bpf"

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

__attribute__((constructor)) static void make_bpffs_mount_point(void)
{
	/* Each level may exist already (inputs under /sys); errors are harmless. */
	mkdir("/sys", 0755);
	mkdir("/sys/fs", 0755);
	mkdir(BPFFS_MOUNT, 0700);
}

int bpftool_wasm_statfs(const char *path, struct statfs *buf)
{
	size_t n = strlen(BPFFS_MOUNT);
	int err = statfs(path, buf);

	if (err)
		return err;
	if (strncmp(path, BPFFS_MOUNT, n) == 0 && (path[n] == '\0' || path[n] == '/'))
		buf->f_type = BPF_FS_MAGIC;
	else
		buf->f_type = TMPFS_MAGIC;
	return 0;
}

/* Returns -1 with errno set where the host's kernel would answer without a
 * BPF object existing; 1 where it would need a real kernel. */
int bpftool_wasm_bpf_fs(long cmd, const union bpf_fs_attr *attr)
{
	struct stat st, root;

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
		else if (stat(BPFFS_MOUNT, &root) == 0 && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
			errno = EOPNOTSUPP;
		else
			errno = EINVAL;
		return -1;
	default:
		return 1;
	}
}
