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
	bool json;	/* -j: JSON output, as bpftool -j */
	bool pretty;	/* -p: pretty JSON, as bpftool -p */
	const char *base_btf;	/* -B FILE: the base of split BTF inputs, as bpftool -B */
};

struct ext_command {
	const char *object;
	const char *verb;
	/* Returns the exit status, or a negative value after printing an
	 * error (exit status 255, as bpftool's). */
	int (*run)(int argc, char **argv);
	bool json;	/* takes -j and -p */
	bool base_btf;	/* takes -B FILE */
};

void ext_setup(const struct ext_options *opts);
/* The options of this run, as ext_setup() took them. */
const struct ext_options *ext_current_options(void);
void ext_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int do_btf_distill(int argc, char **argv);
int do_btf_relocate(int argc, char **argv);
int do_core_check(int argc, char **argv);

#endif
