// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The (sub)programs of a BPF object, read through libelf.
 *
 * libbpf keeps its programs private (struct bpf_program is defined in
 * libbpf.c) and lists only the main ones, while CO-RE relocations also
 * land in subprograms. So the list is read here with libbpf's own rule:
 * each function symbol in an executable section is a program, named after
 * the symbol, whose instructions are the symbol's bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "core_programs.h"

static int add_program(struct core_programs *p, const char *name, size_t shndx,
		       const Elf_Data *data, const GElf_Sym *sym)
{
	struct core_program *progs, *prog;
	size_t off = sym->st_value, size = sym->st_size;

	if (off % sizeof(struct bpf_insn) || size % sizeof(struct bpf_insn) ||
	    off > data->d_size || size > data->d_size - off)
		return 0;	/* libbpf refuses such an object at open */
	progs = realloc(p->progs, (p->cnt + 1) * sizeof(*progs));
	if (!progs)
		return -ENOMEM;
	p->progs = progs;
	prog = &progs[p->cnt];
	memset(prog, 0, sizeof(*prog));
	prog->name = strdup(name);
	prog->insns = malloc(size ? size : 1);
	if (!prog->name || !prog->insns) {
		free(prog->name);
		free(prog->insns);
		return -ENOMEM;
	}
	memcpy(prog->insns, (const char *)data->d_buf + off, size);
	prog->shndx = shndx;
	prog->sec_insn_off = off / sizeof(struct bpf_insn);
	prog->insn_cnt = size / sizeof(struct bpf_insn);
	prog->autoload = true;
	p->cnt++;
	return 0;
}

static int read_sections(Elf *elf, struct core_programs *p)
{
	size_t shstrndx, i;
	GElf_Shdr sh;
	Elf_Scn *scn;

	if (elf_getshdrstrndx(elf, &shstrndx) || elf_getshdrnum(elf, &p->sec_cnt))
		return -EINVAL;
	p->sec_names = calloc(p->sec_cnt ? p->sec_cnt : 1, sizeof(*p->sec_names));
	if (!p->sec_names)
		return -ENOMEM;
	for (i = 1; i < p->sec_cnt; i++) {
		const char *name;

		scn = elf_getscn(elf, i);
		if (!scn || gelf_getshdr(scn, &sh) != &sh)
			return -EINVAL;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		p->sec_names[i] = strdup(name ? name : "");
		if (!p->sec_names[i])
			return -ENOMEM;
	}
	return 0;
}

static bool is_code(Elf *elf, size_t shndx, Elf_Data **data)
{
	Elf_Scn *scn = elf_getscn(elf, shndx);
	GElf_Shdr sh;

	if (!scn || gelf_getshdr(scn, &sh) != &sh)
		return false;
	if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
		return false;
	*data = elf_getdata(scn, NULL);
	return *data && (*data)->d_buf;
}

static int read_programs(Elf *elf, struct core_programs *p)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *syms;
		size_t i, n;

		if (gelf_getshdr(scn, &sh) != &sh)
			return -EINVAL;
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		syms = elf_getdata(scn, NULL);
		if (!syms || !sh.sh_entsize)
			return -EINVAL;
		n = syms->d_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			Elf_Data *code;
			const char *name;
			GElf_Sym sym;
			int err;

			if (!gelf_getsym(syms, i, &sym))
				return -EINVAL;
			if (GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			if (!is_code(elf, sym.st_shndx, &code))
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			err = add_program(p, name ? name : "", sym.st_shndx, code, &sym);
			if (err)
				return err;
		}
		return 0;	/* one symbol table, as libbpf expects */
	}
	return 0;
}

int core_programs_read(const char *path, struct core_programs *out)
{
	Elf *elf = NULL;
	int fd, err;

	memset(out, 0, sizeof(*out));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		ext_err("failed to open '%s': %s", path, strerror(-err));
		return err;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		ext_err("'%s' is not an ELF object", path);
		err = -EINVAL;
		goto out;
	}
	err = read_sections(elf, out);
	if (!err)
		err = read_programs(elf, out);
	if (err) {
		ext_err("failed to read the programs of '%s': %s", path, strerror(-err));
		core_programs_free(out);
	}
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

void core_programs_free(struct core_programs *p)
{
	size_t i;

	for (i = 0; i < p->cnt; i++) {
		free(p->progs[i].name);
		free(p->progs[i].insns);
	}
	for (i = 0; i < p->sec_cnt && p->sec_names; i++)
		free(p->sec_names[i]);
	free(p->progs);
	free(p->sec_names);
	memset(p, 0, sizeof(*p));
}

size_t core_programs_section(const struct core_programs *p, const char *name)
{
	size_t i;

	for (i = 1; i < p->sec_cnt; i++)
		if (p->sec_names[i] && !strcmp(p->sec_names[i], name))
			return i;
	return 0;
}

const struct core_program *core_programs_find(const struct core_programs *p, size_t shndx,
					       size_t insn_idx)
{
	size_t i;

	for (i = 0; i < p->cnt; i++) {
		const struct core_program *prog = &p->progs[i];

		if (prog->shndx == shndx && insn_idx >= prog->sec_insn_off &&
		    insn_idx < prog->sec_insn_off + prog->insn_cnt)
			return prog;
	}
	return NULL;
}
