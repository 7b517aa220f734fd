// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An example for the web page: one half of a program split over two
 * objects. It calls a function and uses a map that link_lib.bpf.c defines;
 * `gen object` (the BPF static linker) resolves both into one object. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int count_event(__u32 key);

extern struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} event_counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
	return count_event(0);
}

SEC("tracepoint/syscalls/sys_enter_close")
int on_close(void *ctx)
{
	return count_event(1);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
