/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
#ifndef BPFTOOL_WASM_EXT_ELF_BTF_H
#define BPFTOOL_WASM_EXT_ELF_BTF_H

#include <stdbool.h>
#include <stddef.h>

/* What a file is, as far as BTF reconciliation cares. */
struct elf_btf_info {
	bool is_elf;
	bool has_btf;		/* .BTF */
	bool has_btf_base;	/* .BTF.base: a distilled base */
};

/* Fills *info; a file that is not ELF is not an error (raw BTF). */
int elf_btf_probe(const char *path, struct elf_btf_info *info);

/* Whether elf_btf_write() can rewrite the object at path; says why not. */
int elf_btf_check_rewritable(const char *path);

/* Writes a copy of the relocatable object at in_path to out_path, with
 * `btf` as its .BTF and `base` as its .BTF.base (added as the last section
 * when there is none). Every other section keeps its index, header and
 * bytes. On failure nothing is left at out_path. */
int elf_btf_write(const char *in_path, const char *out_path,
		  const void *btf, size_t btf_size,
		  const void *base, size_t base_size);

#endif
