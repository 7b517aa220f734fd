/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The BPF (sub)programs of an ELF object and their instructions, as libbpf
 * finds them when it opens the object. */
#ifndef BPFTOOL_WASM_EXT_CORE_PROGRAMS_H
#define BPFTOOL_WASM_EXT_CORE_PROGRAMS_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/bpf.h>

struct core_program {
	char *name;
	size_t shndx;			/* its ELF section */
	size_t sec_insn_off;		/* first instruction, within the section */
	size_t insn_cnt;
	struct bpf_insn *insns;		/* a copy of the section's bytes, as libbpf's */
	bool autoload;			/* set by the caller, from libbpf's bpf_object */
};

struct core_programs {
	struct core_program *progs;
	size_t cnt;
	/* ELF section names, by index */
	char **sec_names;
	size_t sec_cnt;
};

/* Reads the programs of the relocatable object at path. Every function
 * symbol (STT_FUNC) in an executable section is one, as libbpf's
 * bpf_object__open() makes them. */
int core_programs_read(const char *path, struct core_programs *out);
void core_programs_free(struct core_programs *p);

/* The ELF section called name, or 0 (no section has index 0). */
size_t core_programs_section(const struct core_programs *p, const char *name);

/* The program of section shndx that holds instruction insn_idx of that
 * section, or NULL: libbpf's find_prog_by_sec_insn(). */
const struct core_program *core_programs_find(const struct core_programs *p, size_t shndx,
					       size_t insn_idx);

#endif
