/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* bpftool-wasm's own commands, which upstream bpftool does not have. */
#ifndef BPFTOOL_WASM_EXT_H
#define BPFTOOL_WASM_EXT_H

#include <stdbool.h>
#include <stddef.h>

/* The name our commands print in usage and errors, in every build. */
#define EXT_BIN_NAME "bpftool-wasm"

struct ext_options {
	bool debug;	/* -d: libbpf's debug messages too, as bpftool -d */
};

struct ext_command {
	const char *object;
	const char *verb;
	/* Returns 0 on success, non-zero after printing an error. */
	int (*run)(int argc, char **argv);
};

void ext_setup(const struct ext_options *opts);
void ext_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int do_btf_distill(int argc, char **argv);
int do_btf_relocate(int argc, char **argv);

#endif
