// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* What our commands share: error output in bpftool's words, libbpf's log
 * level, keyword parsing and files that are never an input. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "common.h"

void ext_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "Error: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

/* As bpftool's -d: every libbpf message, debug included. */
static int print_all_levels(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	return vfprintf(stderr, fmt, args);
}

static struct ext_options current;

const struct ext_options *ext_current_options(void)
{
	return &current;
}

void ext_setup(const struct ext_options *opts)
{
	current = *opts;
	if (opts->debug)
		libbpf_set_print(print_all_levels);
}

int parse_keywords(int argc, char **argv, struct keyword *kws, size_t n)
{
	size_t k;
	int a;

	for (a = 0; a < argc; a += 2) {
		for (k = 0; k < n; k++)
			if (!strcmp(argv[a], kws[k].name))
				break;
		if (k == n) {
			ext_err("what is '%s'?", argv[a]);
			return -1;
		}
		if (a + 1 >= argc) {
			ext_err("'%s' needs a file name", argv[a]);
			return -1;
		}
		if (*kws[k].value) {
			ext_err("'%s' given twice", argv[a]);
			return -1;
		}
		*kws[k].value = argv[a + 1];
	}
	return 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	if (stat(a, &sa) || stat(b, &sb))
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int check_outputs(const char *const *inputs, size_t ninputs,
		  const char *const *outputs, size_t noutputs)
{
	size_t i, j;

	for (i = 0; i < noutputs; i++) {
		if (!outputs[i])
			continue;
		for (j = 0; j < ninputs; j++) {
			if (inputs[j] && same_file(outputs[i], inputs[j])) {
				ext_err("output '%s' is an input; refusing to overwrite it",
					outputs[i]);
				return -1;
			}
		}
		for (j = 0; j < i; j++) {
			if (outputs[j] && same_file(outputs[i], outputs[j])) {
				ext_err("'%s' is named as two outputs", outputs[i]);
				return -1;
			}
		}
	}
	return 0;
}

int write_file(const char *path, const void *data, size_t size)
{
	const char *p = data;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		ext_err("failed to create '%s': %s", path, strerror(-err));
		return err;
	}
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			ext_err("failed to write '%s': %s", path, strerror(-err));
			break;
		}
		p += n;
		size -= n;
	}
	if (close(fd) && !err) {
		err = -errno;
		ext_err("failed to write '%s': %s", path, strerror(-err));
	}
	if (err)
		unlink(path);
	return err;
}
