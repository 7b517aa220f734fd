/* The bpftool commands that only make sense against a running kernel.
 *
 * bpftool declares them weak so that its bootstrap build can leave them out.
 * We define them, so that `bpftool prog …` and friends fail with a clear
 * message and a non-zero exit instead of bpftool's generic "what is 'prog'?",
 * and so that `bpftool version` reports a full (not bootstrap) build, as the
 * native reference does.
 */
/* 7.8's main.h includes skel_internal.h, whose inline helpers call syscall();
 * this file is built without host.h, which declares it for upstream code. */
long syscall(long number, ...);
#include "main.h"

static int needs_kernel(const char *object)
{
	p_err("'%s' needs a Linux kernel; not available in the WebAssembly build",
	      object);
	return -1;
}

#define KERNEL_ONLY(fn, object)				\
	int fn(int argc, char **argv)			\
	{						\
		(void)argc;				\
		(void)argv;				\
		return needs_kernel(object);		\
	}

KERNEL_ONLY(do_prog, "prog")
KERNEL_ONLY(do_map, "map")
KERNEL_ONLY(do_link, "link")
KERNEL_ONLY(do_event_pipe, "map event_pipe")
KERNEL_ONLY(do_cgroup, "cgroup")
KERNEL_ONLY(do_perf, "perf")
KERNEL_ONLY(do_net, "net")
KERNEL_ONLY(do_tracelog, "prog tracelog")
KERNEL_ONLY(do_feature, "feature")
KERNEL_ONLY(do_struct_ops, "struct_ops")
KERNEL_ONLY(do_iter, "iter")
KERNEL_ONLY(do_token, "token") /* 7.8 and later */
