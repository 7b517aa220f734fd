/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
#ifndef BPFTOOL_WASM_EXT_COMMON_H
#define BPFTOOL_WASM_EXT_COMMON_H

#include <stddef.h>

#include "ext.h"

/* A `keyword VALUE` pair of a command line, in bpftool's style. */
struct keyword {
	const char *name;
	const char **value;	/* set when the keyword is given */
};

/* Reads `keyword VALUE` pairs in any order; unknown or repeated keywords
 * are errors. */
int parse_keywords(int argc, char **argv, struct keyword *kws, size_t n);

/* Refuses outputs that are one of the inputs (by path or by file), or that
 * are named twice. NULL entries are skipped. */
int check_outputs(const char *const *inputs, size_t ninputs,
		  const char *const *outputs, size_t noutputs);

/* Writes a whole file; on failure nothing is left at path. */
int write_file(const char *path, const void *data, size_t size);

#endif
