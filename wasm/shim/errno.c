/* Linux errno numbers and glibc's messages for the upstream code.
 *
 * emscripten's libc numbers errno the WASI way (ENOENT is 44, not 2), and
 * upstream prints errno values as numbers ("failed to open: -2") and derives
 * exit codes from them. So upstream code is compiled against Linux's numbers
 * (host.h) and reads errno through bpftool_wasm_errno_location():
 *
 *  - whenever the C library has stored a new errno since the last look, it is
 *    translated from WASI to Linux numbering;
 *  - the library's own errno is then set to a value no function ever stores,
 *    so that the next store, even of an equal value, is seen as new;
 *  - stores made by upstream code land in the Linux-numbered copy directly.
 *
 * strerror() and strerror_r() take Linux numbers and answer with the build
 * host's glibc messages (generated table), which musl words differently in
 * places ("Out of memory" for "Cannot allocate memory").
 *
 * This file is compiled without host.h: E* here are the C library's values.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "linux_errno_map.h"   /* generated: { libc value, linux value } pairs */
#include "host_strerror.h"     /* generated: host_errlist[] */

#define LINUX_EINVAL 22
#define LINUX_ERANGE 34
#define UNTOUCHED (-0x7eadbeef)

static int linux_errno;

static int to_linux(int libc_errno)
{
	size_t i;

	for (i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
		if (errno_map[i][0] == libc_errno)
			return errno_map[i][1];
	return libc_errno;
}

int *bpftool_wasm_errno_location(void)
{
	int *libc_errno = __errno_location();

	if (*libc_errno != UNTOUCHED) {
		linux_errno = to_linux(*libc_errno);
		*libc_errno = UNTOUCHED;
	}
	return &linux_errno;
}

static const char *known_message(int errnum)
{
	if (errnum < 0 || errnum > HOST_ERRNO_MAX)
		return NULL;
	return host_errlist[errnum];
}

char *bpftool_wasm_strerror(int errnum)
{
	static char unknown[32];
	const char *msg = known_message(errnum);

	if (msg && strncmp(msg, "Unknown error", 13) != 0)
		return (char *)msg;
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}

/* The XSI strerror_r(), which is what libbpf asks for. */
int bpftool_wasm_strerror_r(int errnum, char *buf, size_t buflen)
{
	const char *msg = known_message(errnum);
	size_t len;

	if (!msg || strncmp(msg, "Unknown error", 13) == 0) {
		if (buflen)
			snprintf(buf, buflen, "Unknown error %d", errnum);
		return LINUX_EINVAL;
	}
	len = strlen(msg);
	if (buflen) {
		size_t n = len < buflen - 1 ? len : buflen - 1;

		memcpy(buf, msg, n);
		buf[n] = '\0';
	}
	return buflen <= len ? LINUX_ERANGE : 0;
}
