/* asm/bpf_perf_event.h for the wasm target: the generic pt_regs view. */
#include <asm-generic/bpf_perf_event.h>
