// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* `core check`: will these objects' CO-RE relocations resolve on those
 * kernels? Every record of every object against every target BTF, as libbpf
 * decides it when it loads the object (core_relo.c), in text or, with -j,
 * as JSON. Each target is parsed once, however many objects there are.
 *
 * Exit status: 0 when every record is patched (or skipped, as libbpf skips
 * it), 1 when one is poisoned or in error, 255 for bad input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "common.h"
#include "core_relo.h"
#include "json_writer.h"

static void core_usage(void)
{
	fprintf(stderr,
		"Usage: %1$s [-j|-p] [-B VMLINUX] core check OBJECT [OBJECT...] against BTF [BTF...]\n"
		"\n"
		"       OBJECT := a BPF object file with CO-RE relocations (.BTF.ext)\n"
		"       BTF := a kernel's BTF: raw (such as /sys/kernel/btf/vmlinux), or an\n"
		"              ELF file with .BTF; with -B, a module's split BTF over VMLINUX\n"
		"              (such as /sys/kernel/btf/MODULE): types are looked for in\n"
		"              VMLINUX first, in the module where VMLINUX has none, as libbpf\n"
		"              looks for them in a kernel with that module loaded\n"
		"\n"
		"       Every CO-RE relocation of each OBJECT against each BTF, decided by\n"
		"       libbpf as it does when it loads the object on that kernel: patched,\n"
		"       poisoned or in error. Exit status 0 when all are patched, 1 when not.\n"
		"\n"
		"       This command is bpftool-wasm's own, not upstream bpftool's.\n",
		EXT_BIN_NAME);
}

/* What one object against one target came to. */
struct tally {
	size_t patched, poisoned, errors, skipped;
};

static bool tally_ok(const struct tally *t)
{
	return !t->poisoned && !t->errors;
}

struct records {
	struct core_relo_report *r;
	size_t cnt, cap;
	struct tally tally;
};

static int keep_record(const struct core_relo_report *r, void *ctx)
{
	struct records *recs = ctx;

	if (recs->cnt == recs->cap) {
		size_t cap = recs->cap ? recs->cap * 2 : 64;
		struct core_relo_report *n = realloc(recs->r, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		recs->r = n;
		recs->cap = cap;
	}
	recs->r[recs->cnt++] = *r;
	switch (r->outcome) {
	case CORE_PATCHED: recs->tally.patched++; break;
	case CORE_POISONED: recs->tally.poisoned++; break;
	case CORE_ERROR: recs->tally.errors++; break;
	case CORE_SKIPPED: recs->tally.skipped++; break;
	}
	return 0;
}

static const char *outcome_name(enum core_outcome o)
{
	switch (o) {
	case CORE_PATCHED: return "patched";
	case CORE_POISONED: return "poisoned";
	case CORE_ERROR: return "error";
	case CORE_SKIPPED: return "skipped";
	}
	return "";
}

/* --- text ------------------------------------------------------------------- */

static void print_text_record(const struct core_relo_report *r)
{
	printf("  %s relo #%d insn #%d %s", r->program[0] ? r->program : "-", r->relo, r->insn,
	       core_kind_name(r->kind));
	if (r->local[0])
		printf(": %s", r->local);
	if (r->outcome == CORE_PATCHED || r->outcome == CORE_POISONED)
		printf(" => %s", r->target[0] ? r->target : "(none)");
	printf(": %s", outcome_name(r->outcome));
	if (r->outcome == CORE_PATCHED) {
		printf(" %llu -> %llu", (unsigned long long)r->old_val,
		       (unsigned long long)r->new_val);
		if (r->old_size != r->new_size)
			printf(", size %u -> %u", r->old_size, r->new_size);
	} else {
		printf(": %s", r->reason);
	}
	printf("\n");
}

static void print_text(const char *object, const char *target, const struct records *recs)
{
	const struct tally *t = &recs->tally;
	size_t i;

	printf("%s against %s\n", object, target);
	for (i = 0; i < recs->cnt; i++)
		print_text_record(&recs->r[i]);
	printf("%s against %s: %zu relocations: %zu patched, %zu poisoned, %zu errors, %zu skipped: %s\n",
	       object, target, recs->cnt, t->patched, t->poisoned, t->errors, t->skipped,
	       tally_ok(t) ? "ok" : "FAIL");
}

static void matrix_cell(char *buf, size_t size, const struct tally *t)
{
	if (tally_ok(t))
		snprintf(buf, size, "ok");
	else
		snprintf(buf, size, "FAIL(%zu)", t->poisoned + t->errors);
}

/* Objects down, targets across (numbered, named below): ok, or FAIL with
 * the count of poisoned and failed relocations. */
static void print_matrix(char **objects, int nobj, char **targets, int ntarg,
			 const struct tally *tallies)
{
	int width = 6, o, t;
	char cell[32];

	for (o = 0; o < nobj; o++)
		if ((int)strlen(objects[o]) > width)
			width = strlen(objects[o]);
	printf("\n%-*s", width, "object");
	for (t = 0; t < ntarg; t++) {
		snprintf(cell, sizeof(cell), "[%d]", t + 1);
		printf(t + 1 < ntarg ? "  %-12s" : "  %s", cell);
	}
	printf("\n");
	for (o = 0; o < nobj; o++) {
		printf("%-*s", width, objects[o]);
		for (t = 0; t < ntarg; t++) {
			matrix_cell(cell, sizeof(cell), &tallies[o * ntarg + t]);
			printf(t + 1 < ntarg ? "  %-12s" : "  %s", cell);
		}
		printf("\n");
	}
	for (t = 0; t < ntarg; t++)
		printf("[%d] %s\n", t + 1, targets[t]);
}

/* --- JSON ------------------------------------------------------------------- */

static void print_json_record(json_writer_t *w, const struct core_relo_report *r)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "program", r->program);
	jsonw_string_field(w, "section", r->section);
	jsonw_int_field(w, "relo", r->relo);
	jsonw_int_field(w, "insn", r->insn);
	jsonw_string_field(w, "kind", core_kind_name(r->kind));
	if (r->local[0])
		jsonw_string_field(w, "local", r->local);
	else
		jsonw_null_field(w, "local");
	if (r->target[0])
		jsonw_string_field(w, "target", r->target);
	else
		jsonw_null_field(w, "target");
	jsonw_string_field(w, "result", outcome_name(r->outcome));
	if (r->outcome == CORE_PATCHED) {
		jsonw_uint_field(w, "old", r->old_val);
		jsonw_uint_field(w, "new", r->new_val);
		if (r->old_size != r->new_size) {
			jsonw_uint_field(w, "old_size", r->old_size);
			jsonw_uint_field(w, "new_size", r->new_size);
		}
	} else {
		jsonw_string_field(w, "reason", r->reason);
	}
	jsonw_end_object(w);
}

static void print_json(json_writer_t *w, const char *object, const char *target,
		       const struct records *recs)
{
	size_t i;

	jsonw_start_object(w);
	jsonw_string_field(w, "object", object);
	jsonw_string_field(w, "target", target);
	jsonw_bool_field(w, "ok", tally_ok(&recs->tally));
	jsonw_name(w, "relocations");
	jsonw_start_array(w);
	for (i = 0; i < recs->cnt; i++)
		print_json_record(w, &recs->r[i]);
	jsonw_end_array(w);
	jsonw_end_object(w);
}

/* --- inputs ----------------------------------------------------------------- */

static void object_close(struct core_object *o)
{
	core_programs_free(&o->progs);
	btf_ext__free(o->btf_ext);
	bpf_object__close(o->obj);
	memset(o, 0, sizeof(*o));
}

static int object_open(const char *path, struct core_object *o)
{
	struct btf *ext_btf;
	size_t i;
	int err;

	memset(o, 0, sizeof(*o));
	o->path = path;
	o->obj = bpf_object__open_file(path, NULL);
	if (!o->obj) {
		err = -errno;
		ext_err("failed to open object '%s': %s", path, strerror(-err));
		return err;
	}
	o->btf = bpf_object__btf(o->obj);
	if (!o->btf)
		return 0;	/* no BTF: libbpf relocates nothing */
	ext_btf = btf__parse_elf(path, &o->btf_ext);
	if (!ext_btf) {
		err = -errno;
		ext_err("failed to read .BTF.ext of '%s': %s", path, strerror(-err));
		object_close(o);
		return err;
	}
	btf__free(ext_btf);	/* the local BTF is libbpf's, as the object opened */
	err = core_programs_read(path, &o->progs);
	if (err) {
		object_close(o);
		return err;
	}
	for (i = 0; i < o->progs.cnt; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(o->obj,
									  o->progs.progs[i].name);

		/* subprograms are not listed by libbpf, and always loaded */
		o->progs.progs[i].autoload = p ? bpf_program__autoload(p) : true;
	}
	return 0;
}

static int check_one(const struct core_object *o, const struct btf *targ, const char *targ_name,
		     struct records *recs)
{
	int err;

	memset(recs, 0, sizeof(*recs));
	if (!o->btf_ext)
		return 0;
	err = core_relocate(o, targ, targ_name, keep_record, recs);
	if (err)
		ext_err("failed to check '%s': %s", o->path, strerror(-err));
	return err;
}

int do_core_check(int argc, char **argv)
{
	const struct ext_options *opts = ext_current_options();
	struct core_object *objects = NULL;
	struct btf **targets = NULL, *base = NULL;
	struct tally *tallies = NULL;
	json_writer_t *w = NULL;
	int nobj, ntarg, o, t, ret = -1;
	bool all_ok = true;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		core_usage();
		return 0;
	}
	for (nobj = 0; nobj < argc && strcmp(argv[nobj], "against"); nobj++)
		;
	ntarg = nobj < argc ? argc - nobj - 1 : 0;
	if (!nobj) {
		ext_err("'core check' needs an object to check");
		return -1;
	}
	if (nobj == argc || !ntarg) {
		ext_err("'core check' needs the BTF to check against: against BTF [BTF...]");
		return -1;
	}
	for (t = 0; t < ntarg; t++) {
		if (!strcmp(argv[nobj + 1 + t], "against")) {
			ext_err("'against' given twice");
			return -1;
		}
	}

	core_relo_setup(opts->debug);
	objects = calloc(nobj, sizeof(*objects));
	targets = calloc(ntarg, sizeof(*targets));
	tallies = calloc((size_t)nobj * ntarg, sizeof(*tallies));
	if (!objects || !targets || !tallies) {
		ext_err("out of memory");
		goto out;
	}
	if (opts->base_btf) {
		base = btf__parse(opts->base_btf, NULL);
		if (!base) {
			ext_err("failed to load base BTF from '%s': %s", opts->base_btf, strerror(errno));
			goto out;
		}
	}
	for (t = 0; t < ntarg; t++) {
		const char *path = argv[nobj + 1 + t];

		targets[t] = base ? btf__parse_split(path, base) : btf__parse(path, NULL);
		if (!targets[t]) {
			ext_err("failed to load target BTF from '%s': %s", path, strerror(errno));
			goto out;
		}
	}

	for (o = 0; o < nobj; o++) {
		if (object_open(argv[o], &objects[o]))
			goto out;
	}
	if (opts->json) {
		w = jsonw_new(stdout);
		if (!w) {
			ext_err("out of memory");
			goto out;
		}
		jsonw_pretty(w, opts->pretty);
		jsonw_start_array(w);
	}
	for (o = 0; o < nobj; o++) {
		for (t = 0; t < ntarg; t++) {
			struct records recs;
			int err = check_one(&objects[o], targets[t], argv[nobj + 1 + t], &recs);

			if (!err) {
				if (w)
					print_json(w, argv[o], argv[nobj + 1 + t], &recs);
				else
					print_text(argv[o], argv[nobj + 1 + t], &recs);
				tallies[o * ntarg + t] = recs.tally;
				all_ok &= tally_ok(&recs.tally);
			}
			free(recs.r);
			if (err)
				goto out;
		}
		object_close(&objects[o]);
	}
	if (!w && (nobj > 1 || ntarg > 1))
		print_matrix(argv, nobj, argv + nobj + 1, ntarg, tallies);
	ret = all_ok ? 0 : 1;
out:
	if (w) {
		/* every object of the array is whole: one is printed only once checked */
		jsonw_end_array(w);
		jsonw_destroy(&w);
	}
	for (o = 0; objects && o < nobj; o++)
		object_close(&objects[o]);
	for (t = 0; targets && t < ntarg; t++)
		btf__free(targets[t]);
	btf__free(base);
	free(objects);
	free(targets);
	free(tallies);
	return ret;
}
