// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* CO-RE relocations of one object against one target, decided by libbpf.
 *
 * This walks the object's .BTF.ext the way libbpf's
 * bpf_object__relocate_core() does when it loads an object with a custom
 * target BTF (btf_custom_path), and hands every decision to libbpf's own
 * relo_core.c:
 *
 *  - records in .BTF.ext order; a record whose instruction belongs to no
 *    program is skipped, and so is one of a program that is not loaded;
 *  - candidates: libbpf's bpf_core_add_cands() over the target, cached per
 *    local type id for the object, so that bpf_core_calc_relo_insn() prunes
 *    the list for later records as it does in libbpf;
 *  - the instruction is patched, in a copy, by bpf_core_patch_insn().
 *
 * libbpf stops loading at the first error; this goes on, so that one run
 * reports every record. What libbpf warns while it decides becomes the
 * record's reason.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "core_relo.h"

const char *core_kind_name(int kind)
{
	static const char *const names[] = {
		[BPF_CORE_FIELD_BYTE_OFFSET] = "byte_off",
		[BPF_CORE_FIELD_BYTE_SIZE] = "byte_sz",
		[BPF_CORE_FIELD_EXISTS] = "field_exists",
		[BPF_CORE_FIELD_SIGNED] = "signed",
		[BPF_CORE_FIELD_LSHIFT_U64] = "lshift_u64",
		[BPF_CORE_FIELD_RSHIFT_U64] = "rshift_u64",
		[BPF_CORE_TYPE_ID_LOCAL] = "local_type_id",
		[BPF_CORE_TYPE_ID_TARGET] = "target_type_id",
		[BPF_CORE_TYPE_EXISTS] = "type_exists",
		[BPF_CORE_TYPE_SIZE] = "type_size",
		[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
		[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
		[BPF_CORE_TYPE_MATCHES] = "type_matches",
	};

	if (kind < 0 || (size_t)kind >= sizeof(names) / sizeof(names[0]) || !names[kind])
		return "unknown";
	return names[kind];
}

/* --- libbpf's warnings, caught while one record is decided ------------------ */

static struct {
	libbpf_print_fn_t next;	/* what prints libbpf's messages otherwise */
	bool debug;		/* -d: every message still goes to stderr */
	char *reason;		/* the record's reason, while one is decided */
} catch;

/* "libbpf: prog 'p': relo #3: what" -> "what" */
static const char *strip_prefixes(const char *msg)
{
	const char *p;

	if (!strncmp(msg, "libbpf: ", 8))
		msg += 8;
	if (!strncmp(msg, "prog '", 6) && (p = strstr(msg, ": relo #"))) {
		p = strchr(p + 8, ':');
		if (p && p[1] == ' ')
			msg = p + 2;
	}
	return msg;
}

static void add_reason(const char *msg)
{
	size_t len = strlen(catch.reason), n;

	msg = strip_prefixes(msg);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	if (len && len + 2 < CORE_REASON_LEN) {
		strcpy(catch.reason + len, "; ");
		len += 2;
	}
	if (n > CORE_REASON_LEN - 1 - len)
		n = CORE_REASON_LEN - 1 - len;
	memcpy(catch.reason + len, msg, n);
	catch.reason[len + n] = '\0';
}

static int catch_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char msg[CORE_REASON_LEN];
	va_list copy;

	if (!catch.reason)
		return catch.next ? catch.next(level, fmt, args) : 0;
	if (level == LIBBPF_WARN) {
		va_copy(copy, args);
		vsnprintf(msg, sizeof(msg), fmt, copy);
		va_end(copy);
		add_reason(msg);
	}
	return catch.debug ? vfprintf(stderr, fmt, args) : 0;
}

void core_relo_setup(bool debug)
{
	catch.debug = debug;
	catch.next = libbpf_set_print(catch_print);
}

/* --- one object against one target ------------------------------------------- */

struct cand_cache {
	struct bpf_core_cand_list **lists;	/* by local type id */
	size_t cnt;
};

static void cand_cache_free(struct cand_cache *c)
{
	size_t i;

	for (i = 0; i < c->cnt; i++)
		if (c->lists[i])
			bpf_core_free_cands(c->lists[i]);
	free(c->lists);
}

/* libbpf's bpf_core_find_cands(): candidates in vmlinux BTF first; only
 * where it has none, in module BTF. A target is vmlinux BTF, or a module's
 * split BTF whose base is vmlinux BTF (a kernel with that module loaded). */
static int find_cands(const struct btf *local_btf, __u32 local_id, const struct btf *targ_btf,
		      const char *targ_name, struct bpf_core_cand_list **out)
{
	const struct btf *vmlinux = btf__base_btf(targ_btf) ?: targ_btf;
	struct bpf_core_cand local_cand = { .btf = local_btf, .id = local_id };
	struct bpf_core_cand_list *cands;
	const struct btf_type *t = btf__type_by_id(local_btf, local_id);
	const char *name;
	int err;

	if (!t)
		return -EINVAL;
	name = btf__name_by_offset(local_btf, t->name_off);
	if (!name || !name[0])
		return -EINVAL;
	cands = calloc(1, sizeof(*cands));
	if (!cands)
		return -ENOMEM;
	err = bpf_core_add_cands(&local_cand, bpf_core_essential_name_len(name), vmlinux,
				 "vmlinux", 1, cands);
	if (!err && !cands->len && vmlinux != targ_btf)
		err = bpf_core_add_cands(&local_cand, bpf_core_essential_name_len(name), targ_btf,
					 targ_name, btf__type_cnt(vmlinux), cands);
	if (err) {
		bpf_core_free_cands(cands);
		return err;
	}
	*out = cands;
	return 0;
}

/* "<byte_off> [7] struct s.f (0:1 @ offset 4)" -> "[7] struct s.f (0:1 @ offset 4)" */
static void format_spec(char *buf, const struct bpf_core_spec *spec)
{
	char full[CORE_SPEC_LEN];
	const char *p;

	buf[0] = '\0';
	if (!spec->btf)
		return;
	bpf_core_format_spec(full, sizeof(full), spec);
	p = full[0] == '<' ? strstr(full, "> ") : NULL;
	snprintf(buf, CORE_SPEC_LEN, "%s", p ? p + 2 : full);
}

/* The value libbpf's "patched insn" line shows as the old one. */
static __u64 insn_value(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return (__u64)(__s64)insn->off;
	case BPF_LD:
		return (__u32)insn[0].imm | ((__u64)(__u32)insn[1].imm << 32);
	default:
		return (__u64)(__s64)insn->imm;
	}
}

static void set_error(struct core_relo_report *r, int err)
{
	r->outcome = CORE_ERROR;
	if (!r->reason[0])
		snprintf(r->reason, sizeof(r->reason), "%s", strerror(-err));
}

static void decide(const struct core_program *prog, const struct bpf_core_relo *rec,
		   const struct btf *local_btf, const struct btf *targ_btf, const char *targ_name,
		   struct cand_cache *cache, struct core_relo_report *r)
{
	struct bpf_core_spec specs[3] = {};
	struct bpf_core_relo_res res = {};
	struct bpf_core_cand_list *cands = NULL;
	struct bpf_insn insn[2] = {};
	const struct btf_type *local_type;
	size_t idx = r->insn;
	int err;

	/* as libbpf's bpf_core_resolve_relo(), before relo_core.c trusts the id */
	local_type = btf__type_by_id(local_btf, rec->type_id);
	if (!local_type || !btf__name_by_offset(local_btf, local_type->name_off)) {
		snprintf(r->reason, sizeof(r->reason), "local type [%u] is not in the object's BTF",
			 rec->type_id);
		set_error(r, -EINVAL);
		return;
	}

	insn[0] = prog->insns[idx];
	if (is_ldimm64_insn(&insn[0])) {
		if (idx + 1 >= prog->insn_cnt) {
			snprintf(r->reason, sizeof(r->reason), "insn #%d (LDIMM64) is truncated",
				 r->insn);
			set_error(r, -EINVAL);
			return;
		}
		insn[1] = prog->insns[idx + 1];
	}

	if (rec->kind != BPF_CORE_TYPE_ID_LOCAL) {
		cands = cache->lists[rec->type_id];
		if (!cands) {
			err = find_cands(local_btf, rec->type_id, targ_btf, targ_name, &cands);
			if (err) {
				snprintf(r->reason, sizeof(r->reason),
					 "target candidate search failed for [%u]: %s",
					 rec->type_id, strerror(-err));
				set_error(r, err);
				return;
			}
			cache->lists[rec->type_id] = cands;
		}
	}

	err = bpf_core_calc_relo_insn(prog->name, rec, r->relo, local_btf, cands, specs, &res);
	format_spec(r->local, &specs[0]);
	format_spec(r->target, &specs[2]);
	if (err) {
		set_error(r, err);
		return;
	}
	r->old_val = insn_value(insn);
	err = bpf_core_patch_insn(prog->name, insn, r->insn, rec, r->relo, &res);
	if (err) {
		set_error(r, err);
		return;
	}
	if (insn[0].code == (BPF_JMP | BPF_CALL) && insn[0].imm == 195896080 &&
	    (res.poison || res.fail_memsz_adjust)) {
		r->outcome = CORE_POISONED;
		if (!r->reason[0])
			snprintf(r->reason, sizeof(r->reason), "no matching target");
		return;
	}
	r->outcome = CORE_PATCHED;
	r->new_val = res.new_val;
	if (res.new_sz != res.orig_sz && BPF_CLASS(insn[0].code) != BPF_ALU &&
	    BPF_CLASS(insn[0].code) != BPF_ALU64 && BPF_CLASS(insn[0].code) != BPF_LD) {
		r->old_size = res.orig_sz;
		r->new_size = res.new_sz;
	}
}

int core_relocate(const struct core_object *obj, const struct btf *targ_btf,
		  const char *targ_name, core_report_fn report, void *ctx)
{
	const struct btf_ext_info *seg = &obj->btf_ext->core_relo_info;
	const struct btf_ext_info_sec *sec;
	const struct bpf_core_relo *rec;
	struct cand_cache cache = {};
	__u32 i;
	int err = 0;

	cache.cnt = btf__type_cnt(obj->btf);
	cache.lists = calloc(cache.cnt, sizeof(*cache.lists));
	if (!cache.lists)
		return -ENOMEM;

	for_each_btf_ext_sec(seg, sec) {
		const char *sec_name = btf__name_by_offset(obj->btf, sec->sec_name_off);
		size_t shndx = sec_name ? core_programs_section(&obj->progs, sec_name) : 0;

		for_each_btf_ext_rec(seg, sec, i, rec) {
			struct core_relo_report r = {
				.program = "",
				.section = sec_name ? sec_name : "",
				.relo = i,
				.insn = rec->insn_off / sizeof(struct bpf_insn),
				.kind = rec->kind,
			};
			const struct core_program *prog = NULL;

			if (!sec_name || !sec_name[0]) {
				snprintf(r.reason, sizeof(r.reason), "section has no name");
				set_error(&r, -EINVAL);
			} else if (rec->insn_off % sizeof(struct bpf_insn)) {
				snprintf(r.reason, sizeof(r.reason),
					 "instruction offset %u is not a multiple of %zu",
					 rec->insn_off, sizeof(struct bpf_insn));
				set_error(&r, -EINVAL);
			} else if (!(prog = core_programs_find(&obj->progs, shndx, r.insn))) {
				r.outcome = CORE_SKIPPED;
				snprintf(r.reason, sizeof(r.reason),
					 "insn #%d belongs to no program (an eliminated weak subprogram)",
					 r.insn);
			} else if (!prog->autoload) {
				r.program = prog->name;
				r.insn -= prog->sec_insn_off;
				r.outcome = CORE_SKIPPED;
				snprintf(r.reason, sizeof(r.reason), "program is not loaded by default");
			} else {
				r.program = prog->name;
				r.insn -= prog->sec_insn_off;
				catch.reason = r.reason;
				decide(prog, rec, obj->btf, targ_btf, targ_name, &cache, &r);
				catch.reason = NULL;
			}
			err = report(&r, ctx);
			if (err)
				goto out;
		}
	}
out:
	cand_cache_free(&cache);
	return err;
}
