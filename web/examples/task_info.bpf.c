// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An example for the web page: CO-RE. The kernel types are declared here
 * with only the fields read, and preserve_access_index makes every access a
 * relocation that libbpf resolves against the running kernel's BTF at load
 * time. Its skeleton, its BTF, and `gen min_core_btf` against a kernel's
 * BTF show what CO-RE records. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct task_info {
	int pid;
	int ppid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} infos SEC(".maps");

SEC("tp_btf/sched_process_exec")
int record_exec(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	struct task_info *info;

	info = bpf_ringbuf_reserve(&infos, sizeof(*info), 0);
	if (!info)
		return 0;
	info->pid = BPF_CORE_READ(task, tgid);
	info->ppid = BPF_CORE_READ(task, real_parent, tgid);
	BPF_CORE_READ_STR_INTO(&info->comm, task, comm);
	bpf_ringbuf_submit(info, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
