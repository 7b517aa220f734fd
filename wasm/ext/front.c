// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The entry point of bpftool-wasm: our extension commands, and otherwise
 * upstream bpftool, unchanged.
 *
 * Upstream main.c is compiled as it is, with its main() renamed to
 * bpftool_main() by a per-file -D in the Makefile. This front looks at the
 * command words (options may appear anywhere, as GNU getopt lets them) and
 * hands everything that is not one of ours to upstream with argv untouched.
 *
 * The same file builds the native reference harness (see native_fallback.c),
 * so both builds parse, run and print the same way.
 */
#include <string.h>

#include "ext.h"

int bpftool_main(int argc, char **argv);

static const struct ext_command commands[] = {
	{ "btf", "distill", do_btf_distill, false, false },
	{ "btf", "relocate", do_btf_relocate, false, false },
	{ "core", "check", do_core_check, true, true },
};

static bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/* bpftool's one option that takes the next word as its value. */
static bool takes_value(const char *arg)
{
	return !strcmp(arg, "-B") || !strcmp(arg, "--base-btf");
}

/* The value of that option written in the same word, as getopt_long takes
 * it: "-BFILE" or "--base-btf=FILE"; NULL for any other word. */
static const char *attached_value(const char *arg)
{
	static const char long_form[] = "--base-btf=";

	if (!strncmp(arg, "-B", 2) && arg[2] != '\0')
		return arg + 2;
	if (!strncmp(arg, long_form, sizeof(long_form) - 1))
		return arg + sizeof(long_form) - 1;
	return NULL;
}

int main(int argc, char **argv)
{
	const char *words[2] = { NULL, NULL };
	struct ext_options opts = { 0 };
	char *rest[argc > 0 ? argc : 1];
	int nrest = 0, nwords = 0;
	size_t i;
	int a, ret;

	for (a = 1; a < argc; a++) {
		if (is_option(argv[a])) {
			if (takes_value(argv[a]))
				a++;
			continue;
		}
		if (nwords < 2)
			words[nwords++] = argv[a];
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (nwords == 2 && !strcmp(words[0], commands[i].object) &&
		    !strcmp(words[1], commands[i].verb))
			break;
	}
	if (i == sizeof(commands) / sizeof(commands[0]))
		return bpftool_main(argc, argv);

	/* Ours: options first, then the words after the command. */
	for (a = 1, nwords = 0; a < argc; a++) {
		if (is_option(argv[a])) {
			if (!strcmp(argv[a], "-d") || !strcmp(argv[a], "--debug")) {
				opts.debug = true;
				continue;
			}
			if (commands[i].base_btf && takes_value(argv[a])) {
				if (a + 1 == argc) {
					ext_err("'%s' needs a file name", argv[a]);
					return 255;
				}
				opts.base_btf = argv[++a];
				continue;
			}
			if (commands[i].base_btf && attached_value(argv[a])) {
				opts.base_btf = attached_value(argv[a]);
				continue;
			}
			if (commands[i].json &&
			    (!strcmp(argv[a], "-j") || !strcmp(argv[a], "--json"))) {
				opts.json = true;
				continue;
			}
			if (commands[i].json &&
			    (!strcmp(argv[a], "-p") || !strcmp(argv[a], "--pretty"))) {
				opts.json = opts.pretty = true;
				continue;
			}
			ext_err("option '%s' is not supported by '%s %s'", argv[a],
				commands[i].object, commands[i].verb);
			return 255;
		}
		if (nwords < 2) {
			nwords++;
			continue;
		}
		rest[nrest++] = argv[a];
	}
	ext_setup(&opts);
	ret = commands[i].run(nrest, rest);
	return ret < 0 ? 255 : ret;
}
