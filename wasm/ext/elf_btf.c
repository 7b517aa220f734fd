// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* .BTF and .BTF.base in ELF objects, through libelf.
 *
 * The output object is written anew (ELF_C_WRITE) from the input's
 * sections, copied as raw bytes with their headers, so that symbols,
 * relocations and groups, which name sections by index, stay valid. libelf
 * lays the file out again; for a relocatable object only the section
 * headers give meaning to offsets, so that is safe. Executables and shared
 * objects have segments tied to offsets, and are refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "common.h"
#include "elf_btf.h"

struct elf_file {
	int fd;
	Elf *elf;
	size_t shstrndx;
	size_t shnum;
};

static void elf_file_close(struct elf_file *f)
{
	if (f->elf)
		elf_end(f->elf);
	if (f->fd >= 0)
		close(f->fd);
}

/* Opens path for reading; *is_elf tells whether it is an ELF object. */
static int elf_file_open(const char *path, struct elf_file *f, bool *is_elf)
{
	int err;

	f->fd = -1;
	f->elf = NULL;
	*is_elf = false;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		ext_err("failed to initialise libelf: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0) {
		err = -errno;
		ext_err("failed to open '%s': %s", path, strerror(-err));
		return err;
	}
	f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF)
		return 0;
	if (elf_getshdrstrndx(f->elf, &f->shstrndx) || elf_getshdrnum(f->elf, &f->shnum)) {
		ext_err("'%s': bad ELF section headers: %s", path, elf_errmsg(-1));
		return -EINVAL;
	}
	*is_elf = true;
	return 0;
}

static const char *section_name(struct elf_file *f, size_t idx, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(f->elf, idx);

	if (!scn || gelf_getshdr(scn, sh) != sh)
		return NULL;
	return elf_strptr(f->elf, f->shstrndx, sh->sh_name);
}

static size_t find_section(struct elf_file *f, const char *name)
{
	GElf_Shdr sh;
	size_t i;

	for (i = 1; i < f->shnum; i++) {
		const char *n = section_name(f, i, &sh);

		if (n && !strcmp(n, name))
			return i;
	}
	return 0;
}

int elf_btf_probe(const char *path, struct elf_btf_info *info)
{
	struct elf_file f;
	int err;

	memset(info, 0, sizeof(*info));
	err = elf_file_open(path, &f, &info->is_elf);
	if (!err && info->is_elf) {
		info->has_btf = find_section(&f, BTF_ELF_SEC) != 0;
		info->has_btf_base = find_section(&f, BTF_BASE_ELF_SEC) != 0;
	}
	elf_file_close(&f);
	return err;
}

/* A section's data as one raw block; `bytes` replaces the contents. */
static int copy_section(Elf_Scn *in, Elf *out, const GElf_Shdr *sh,
			const void *bytes, size_t size)
{
	Elf_Scn *scn = elf_newscn(out);
	Elf_Data *src, *dst;
	GElf_Shdr copy = *sh;

	if (!scn)
		return -1;
	dst = elf_newdata(scn);
	if (!dst)
		return -1;
	if (bytes) {
		dst->d_buf = (void *)bytes;
		dst->d_size = size;
		copy.sh_size = size;
	} else if (in && sh->sh_type != SHT_NOBITS) {
		src = elf_rawdata(in, NULL);
		if (!src)
			return -1;
		dst->d_buf = src->d_buf;
		dst->d_size = src->d_size;
	} else {
		dst->d_size = sh->sh_size;	/* .bss and friends: no bytes in the file */
	}
	dst->d_type = ELF_T_BYTE;
	dst->d_off = 0;
	dst->d_version = EV_CURRENT;
	/* libelf derives sh_addralign from the data's alignment. */
	dst->d_align = sh->sh_addralign ? sh->sh_addralign : 1;
	return gelf_update_shdr(scn, &copy) ? 0 : -1;
}

static int check_rewritable(const char *path, struct elf_file *f, size_t btf_idx)
{
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t i;

	if (!gelf_getehdr(f->elf, &eh)) {
		ext_err("'%s': bad ELF header: %s", path, elf_errmsg(-1));
		return -EINVAL;
	}
	if (eh.e_type != ET_REL || eh.e_phnum) {
		ext_err("'%s' is not a relocatable object; only those (such as kernel modules) can be rewritten",
			path);
		return -EINVAL;
	}
	if (f->shnum >= SHN_LORESERVE) {
		ext_err("'%s' has %zu sections; more than %d are not supported", path, f->shnum,
			SHN_LORESERVE - 1);
		return -EINVAL;
	}
	if (!btf_idx) {
		ext_err("'%s' has no %s section", path, BTF_ELF_SEC);
		return -ENOENT;
	}
	if (find_section(f, BTF_EXT_ELF_SEC)) {
		ext_err("'%s' has a %s section, whose type ids would no longer match the new %s",
			path, BTF_EXT_ELF_SEC, BTF_ELF_SEC);
		return -EINVAL;
	}
	for (i = 1; i < f->shnum; i++) {
		if (!section_name(f, i, &sh))
			continue;
		if ((sh.sh_type == SHT_REL || sh.sh_type == SHT_RELA) && sh.sh_info == btf_idx) {
			ext_err("'%s' has relocations against %s; cannot rewrite it",
				path, BTF_ELF_SEC);
			return -EINVAL;
		}
	}
	return 0;
}

int elf_btf_check_rewritable(const char *path)
{
	struct elf_file f;
	bool is_elf;
	int err;

	err = elf_file_open(path, &f, &is_elf);
	if (!err && !is_elf) {
		ext_err("'%s' is not an ELF object; 'elf' output needs one", path);
		err = -EINVAL;
	}
	if (!err)
		err = check_rewritable(path, &f, find_section(&f, BTF_ELF_SEC));
	elf_file_close(&f);
	return err;
}

int elf_btf_write(const char *in_path, const char *out_path,
		  const void *btf, size_t btf_size,
		  const void *base, size_t base_size)
{
	static const char base_name[] = BTF_BASE_ELF_SEC;
	struct elf_file in;
	Elf *out = NULL;
	char *shstrtab = NULL;
	size_t shstrtab_size = 0;
	size_t btf_idx, base_idx, i;
	GElf_Ehdr eh;
	GElf_Shdr sh, btf_sh;
	bool is_elf;
	int fd = -1, err;

	err = elf_file_open(in_path, &in, &is_elf);
	if (err)
		goto done;
	if (!is_elf) {
		ext_err("'%s' is not an ELF object; 'elf' output needs one", in_path);
		err = -EINVAL;
		goto done;
	}
	btf_idx = find_section(&in, BTF_ELF_SEC);
	base_idx = find_section(&in, BTF_BASE_ELF_SEC);
	err = check_rewritable(in_path, &in, btf_idx);
	if (err)
		goto done;

	fd = open(out_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		ext_err("failed to create '%s': %s", out_path, strerror(-err));
		goto done;
	}
	err = -EINVAL;
	out = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!out || !gelf_getehdr(in.elf, &eh) ||
	    !gelf_newehdr(out, gelf_getclass(in.elf)) || !gelf_update_ehdr(out, &eh))
		goto elf_fail;

	for (i = 1; i < in.shnum; i++) {
		Elf_Scn *scn = elf_getscn(in.elf, i);
		const void *bytes = NULL;
		size_t size = 0;

		if (!scn || gelf_getshdr(scn, &sh) != &sh)
			goto elf_fail;
		if (i == btf_idx) {
			bytes = btf;
			size = btf_size;
			btf_sh = sh;
		} else if (i == base_idx) {
			bytes = base;
			size = base_size;
		} else if (i == in.shstrndx && !base_idx) {
			/* The new section's name goes at the end of the table. */
			Elf_Data *d = elf_rawdata(scn, NULL);

			if (!d)
				goto elf_fail;
			shstrtab = malloc(d->d_size + sizeof(base_name));
			if (!shstrtab) {
				err = -ENOMEM;
				ext_err("out of memory");
				goto done;
			}
			shstrtab_size = d->d_size;
			memcpy(shstrtab, d->d_buf, d->d_size);
			memcpy(shstrtab + d->d_size, base_name, sizeof(base_name));
			bytes = shstrtab;
			size = d->d_size + sizeof(base_name);
		}
		if (copy_section(scn, out, &sh, bytes, size))
			goto elf_fail;
	}
	if (!base_idx) {
		/* Like .BTF, but named by the string appended above. */
		GElf_Shdr base_sh = btf_sh;

		base_sh.sh_name = shstrtab_size;
		base_sh.sh_offset = 0;
		base_sh.sh_link = 0;
		base_sh.sh_info = 0;
		base_sh.sh_entsize = 0;
		if (copy_section(NULL, out, &base_sh, base, base_size))
			goto elf_fail;
	}
	if (elf_update(out, ELF_C_WRITE) < 0)
		goto elf_fail;
	err = 0;
	goto done;

elf_fail:
	ext_err("failed to write ELF object '%s': %s", out_path, elf_errmsg(-1));
done:
	if (out)
		elf_end(out);
	if (fd >= 0) {
		if (close(fd) && !err) {
			err = -errno;
			ext_err("failed to write '%s': %s", out_path, strerror(-err));
		}
		if (err)
			unlink(out_path);
	}
	free(shstrtab);
	elf_file_close(&in);
	return err;
}
