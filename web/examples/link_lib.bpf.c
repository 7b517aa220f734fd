// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An example for the web page: the library half of link_main.bpf.c, a
 * global function and the map it counts into. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} event_counts SEC(".maps");

__noinline int count_event(__u32 key)
{
	__u64 *count = bpf_map_lookup_elem(&event_counts, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}
