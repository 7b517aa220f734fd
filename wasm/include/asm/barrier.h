/* asm/barrier.h for the wasm target: the module runs on one thread, so a
 * compiler barrier is all any of these needs to be. */
#ifndef BPFTOOL_WASM_ASM_BARRIER_H
#define BPFTOOL_WASM_ASM_BARRIER_H
#define barrier() __asm__ __volatile__("" : : : "memory")
#define mb() barrier()
#define rmb() barrier()
#define wmb() barrier()
#define smp_mb() barrier()
#define smp_rmb() barrier()
#define smp_wmb() barrier()
#define smp_store_release(p, v) do { barrier(); *(volatile __typeof__(*(p)) *)(p) = (v); } while (0)
#define smp_load_acquire(p) ({ __typeof__(*(p)) ___v = *(volatile __typeof__(*(p)) *)(p); barrier(); ___v; })
#endif
