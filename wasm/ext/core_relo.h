/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* One CO-RE relocation of one object against one target BTF, decided by
 * libbpf's relo_core.c, and how it is reported. */
#ifndef BPFTOOL_WASM_EXT_CORE_RELO_H
#define BPFTOOL_WASM_EXT_CORE_RELO_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "core_programs.h"

enum core_outcome {
	CORE_PATCHED,
	CORE_POISONED,
	CORE_ERROR,
	CORE_SKIPPED,	/* libbpf does not relocate it when it loads the object */
};

#define CORE_SPEC_LEN 256	/* libbpf's own buffer for a formatted spec */
#define CORE_REASON_LEN 1024

struct core_relo_report {
	const char *program;	/* "" when no program holds the instruction */
	const char *section;
	int relo;		/* libbpf's index: within the section's records */
	int insn;		/* within the program, as libbpf's log counts */
	int kind;		/* enum bpf_core_relo_kind */
	char local[CORE_SPEC_LEN];	/* empty when libbpf could not parse it */
	char target[CORE_SPEC_LEN];	/* empty when no target matched */
	enum core_outcome outcome;
	__u64 old_val, new_val;		/* CORE_PATCHED: as libbpf logs them */
	__u32 old_size, new_size;	/* CORE_PATCHED, when the load or store size changed */
	char reason[CORE_REASON_LEN];	/* CORE_POISONED, CORE_ERROR, CORE_SKIPPED */
};

/* libbpf's name of a relocation kind, as its log prints it. */
const char *core_kind_name(int kind);

struct btf;
struct btf_ext;

/* An object, opened once for every target. */
struct core_object {
	const char *path;
	struct bpf_object *obj;		/* libbpf's: its BTF is the local BTF */
	struct btf *btf;		/* bpf_object__btf(obj), or NULL */
	struct btf_ext *btf_ext;	/* the object's .BTF.ext, or NULL */
	struct core_programs progs;
};

/* Called for each record; a non-zero return stops the walk with it. */
typedef int (*core_report_fn)(const struct core_relo_report *r, void *ctx);

/* Installs the catcher of libbpf's messages; with debug, every message
 * still goes to stderr, as bpftool -d prints them. */
void core_relo_setup(bool debug);

/* Every CO-RE record of obj against targ_btf, in libbpf's order. A target
 * with a base BTF is a module's BTF over vmlinux BTF, searched as libbpf
 * searches a module, under targ_name. */
int core_relocate(const struct core_object *obj, const struct btf *targ_btf,
		  const char *targ_name, core_report_fn report, void *ctx);

#endif
