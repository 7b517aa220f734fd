/* asm/ptrace.h for the wasm target. linux/bpf_perf_event.h embeds struct
 * pt_regs by value, so it must be complete; it is given x86-64's user layout
 * in 64-bit fields, so that any size taken of it is the native host's.
 * Nothing in this build reads registers. */
#ifndef BPFTOOL_WASM_ASM_PTRACE_H
#define BPFTOOL_WASM_ASM_PTRACE_H
#include <linux/types.h>
struct pt_regs {
	__u64 r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	__u64 ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#endif
