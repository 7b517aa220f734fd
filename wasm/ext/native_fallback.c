// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The native reference harness: front.c and our commands, built against the
 * same pinned libbpf as build/native/bpftool. Everything that is not one of
 * our commands runs that bpftool, found next to this program, so the harness
 * takes the same command lines as bpftool-wasm. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ext.h"

int bpftool_main(int argc, char **argv);

int bpftool_main(int argc, char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	(void)argc;
	if (n < 0) {
		ext_err("cannot find bpftool: /proc/self/exe: %s", strerror(errno));
		return 255;
	}
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/bpftool", dirname(self));
	execv(path, argv);
	ext_err("cannot run '%s': %s", path, strerror(errno));
	return 255;
}
