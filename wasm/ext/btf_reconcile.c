// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* `btf distill` and `btf relocate`: libbpf's resilient split BTF, on the
 * command line.
 *
 *  - btf__distill_base() turns split BTF into a small distilled base plus
 *    new split BTF that refers to it;
 *  - btf__relocate() maps such split BTF onto any real base that has the
 *    types it needs, by name (and size, for types embedded by value).
 *
 * Every result is libbpf's, written as raw BTF (or as an ELF object with
 * .BTF and .BTF.base). Outputs are written only when the whole operation
 * succeeded, and never over an input.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "common.h"
#include "elf_btf.h"

static void reconcile_usage(void)
{
	fprintf(stderr,
		"Usage: %1$s btf distill SPLIT base BASE OUTPUT...\n"
		"       %1$s btf relocate SPLIT [distilled_base DISTILLED] base BASE split FILE\n"
		"\n"
		"       SPLIT := split BTF: raw, or an ELF object with .BTF (and maybe .BTF.base)\n"
		"       BASE := base BTF: raw (such as /sys/kernel/btf/vmlinux), or an ELF object\n"
		"       OUTPUT := { distilled_base FILE | split FILE | elf FILE }\n"
		"\n"
		"       distill: the distilled base BTF of SPLIT and the split BTF that refers\n"
		"       to it, as raw BTF; 'elf' writes a copy of the ELF object SPLIT with the\n"
		"       new .BTF and a .BTF.base section.\n"
		"       relocate: SPLIT, whose base is DISTILLED (or its own .BTF.base), mapped\n"
		"       onto BASE, as raw split BTF.\n"
		"\n"
		"       These commands are bpftool-wasm's own, not upstream bpftool's.\n",
		EXT_BIN_NAME);
}

static bool is_help(int argc, char **argv)
{
	return argc == 1 && !strcmp(argv[0], "help");
}

static struct btf *load_base(const char *path, const char *what)
{
	struct btf *btf = btf__parse(path, NULL);

	if (!btf)
		ext_err("failed to load %s BTF from '%s': %s", what, path, strerror(errno));
	return btf;
}

static int write_raw(const char *path, const struct btf *btf)
{
	const void *data;
	__u32 size;

	if (!path)
		return 0;
	data = btf__raw_data(btf, &size);
	if (!data) {
		ext_err("failed to serialise BTF for '%s': %s", path, strerror(errno));
		return -1;
	}
	return write_file(path, data, size);
}

int do_btf_distill(int argc, char **argv)
{
	const char *split_path, *base_path = NULL;
	const char *out_base = NULL, *out_split = NULL, *out_elf = NULL;
	struct keyword kws[] = {
		{ "base", &base_path },
		{ "distilled_base", &out_base },
		{ "split", &out_split },
		{ "elf", &out_elf },
	};
	struct btf *base = NULL, *split = NULL, *new_base = NULL, *new_split = NULL;
	const void *split_data, *base_data;
	__u32 split_size, base_size;
	int err = -1;

	if (is_help(argc, argv)) {
		reconcile_usage();
		return 0;
	}
	if (argc < 1) {
		ext_err("'btf distill' needs the split BTF to distill");
		return -1;
	}
	split_path = argv[0];
	if (parse_keywords(argc - 1, argv + 1, kws, sizeof(kws) / sizeof(kws[0])))
		return -1;
	if (!base_path) {
		ext_err("'btf distill' needs the base BTF of '%s': base FILE", split_path);
		return -1;
	}
	if (!out_base && !out_split && !out_elf) {
		ext_err("'btf distill' needs an output: distilled_base FILE, split FILE or elf FILE");
		return -1;
	}
	{
		const char *inputs[] = { split_path, base_path };
		const char *outputs[] = { out_base, out_split, out_elf };

		if (check_outputs(inputs, 2, outputs, 3))
			return -1;
	}

	if (out_elf && elf_btf_check_rewritable(split_path))
		return -1;

	base = load_base(base_path, "base");
	if (!base)
		goto done;
	split = btf__parse_split(split_path, base);
	if (!split) {
		ext_err("failed to load split BTF from '%s': %s", split_path, strerror(errno));
		goto done;
	}
	if (btf__distill_base(split, &new_base, &new_split)) {
		ext_err("failed to distill the base BTF of '%s': %s", split_path, strerror(errno));
		goto done;
	}

	split_data = btf__raw_data(new_split, &split_size);
	base_data = btf__raw_data(new_base, &base_size);
	if (!split_data || !base_data) {
		ext_err("failed to serialise BTF: %s", strerror(errno));
		goto done;
	}
	if (out_elf && elf_btf_write(split_path, out_elf, split_data, split_size,
				     base_data, base_size))
		goto done;
	if (write_raw(out_base, new_base)) {
		if (out_elf)
			unlink(out_elf);
		goto done;
	}
	if (write_raw(out_split, new_split)) {
		if (out_elf)
			unlink(out_elf);
		if (out_base)
			unlink(out_base);
		goto done;
	}
	err = 0;
done:
	btf__free(new_split);
	btf__free(new_base);
	btf__free(split);
	btf__free(base);
	return err;
}

int do_btf_relocate(int argc, char **argv)
{
	const char *split_path, *base_path = NULL, *dist_path = NULL, *out_split = NULL;
	struct keyword kws[] = {
		{ "distilled_base", &dist_path },
		{ "base", &base_path },
		{ "split", &out_split },
	};
	struct btf *base = NULL, *dist = NULL, *split = NULL;
	struct elf_btf_info info;
	int err = -1;

	if (is_help(argc, argv)) {
		reconcile_usage();
		return 0;
	}
	if (argc < 1) {
		ext_err("'btf relocate' needs the split BTF to relocate");
		return -1;
	}
	split_path = argv[0];
	if (parse_keywords(argc - 1, argv + 1, kws, sizeof(kws) / sizeof(kws[0])))
		return -1;
	if (!base_path) {
		ext_err("'btf relocate' needs the base BTF to relocate onto: base FILE");
		return -1;
	}
	if (!out_split) {
		ext_err("'btf relocate' needs an output: split FILE");
		return -1;
	}
	{
		const char *inputs[] = { split_path, base_path, dist_path };
		const char *outputs[] = { out_split };

		if (check_outputs(inputs, 3, outputs, 1))
			return -1;
	}
	if (elf_btf_probe(split_path, &info))
		return -1;
	if (dist_path && info.has_btf_base) {
		ext_err("'%s' carries its distilled base in %s; leave out 'distilled_base'",
			split_path, BTF_BASE_ELF_SEC);
		return -1;
	}
	if (!dist_path && !info.has_btf_base) {
		ext_err("'%s' has no %s section; name its distilled base: distilled_base FILE",
			split_path, BTF_BASE_ELF_SEC);
		return -1;
	}

	base = load_base(base_path, "base");
	if (!base)
		goto done;
	if (dist_path) {
		dist = load_base(dist_path, "distilled base");
		if (!dist)
			goto done;
		split = btf__parse_split(split_path, dist);
		if (!split) {
			ext_err("failed to load split BTF from '%s': %s", split_path, strerror(errno));
			goto done;
		}
		if (btf__relocate(split, base)) {
			ext_err("failed to relocate '%s' onto '%s': %s", split_path, base_path,
				strerror(errno));
			goto done;
		}
	} else {
		/* libbpf relocates an object with .BTF.base as it parses it. */
		split = btf__parse_split(split_path, base);
		if (!split) {
			ext_err("failed to relocate '%s' onto '%s': %s", split_path, base_path,
				strerror(errno));
			goto done;
		}
	}
	if (write_raw(out_split, split))
		goto done;
	err = 0;
done:
	btf__free(split);
	btf__free(dist);
	btf__free(base);
	return err;
}
