// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A small BPF program for the quick start: a tracepoint that counts calls
 * per process into a hash map, keeps a global counter in .bss, reads a
 * setting from .rodata and reports to user space through a ring buffer.
 * It touches each kind of thing a skeleton has to describe. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct event {
	__u32 pid;
	__u64 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8192);
} events SEC(".maps");

const volatile __u64 report_every = 100;
__u64 total_calls = 0;

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *count;
	struct event *e;

	__sync_fetch_and_add(&total_calls, 1);
	count = bpf_map_lookup_elem(&calls, &pid);
	if (!count) {
		bpf_map_update_elem(&calls, &pid, &one, BPF_ANY);
		return 0;
	}
	__sync_fetch_and_add(count, 1);
	if (*count % report_every)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	e->count = *count;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
