# The emcc flag table: every flag the wasm build passes, one per line, each
# with the reason it is there.

# --- compile: every translation unit -------------------------------------------
WASM_CFLAGS :=
WASM_CFLAGS += -O2                      # the optimisation level native bpftool uses
WASM_CFLAGS += -g0                      # no DWARF in the shipped module
WASM_CFLAGS += -fno-strict-aliasing     # libbpf and libelf cast between struct views of bytes
WASM_CFLAGS += -Wno-unknown-attributes  # gcc-only attributes in elfutils

# --- compile: upstream code only (zlib, libelf, libbpf, bpftool) ---------------
UPSTREAM_CFLAGS :=
UPSTREAM_CFLAGS += -include $(WASM)/shim/host.h   # page size 4096, syscall(), qsort_r() (see host.h)
UPSTREAM_CFLAGS += -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64   # as libbpf's own Makefile sets
UPSTREAM_CFLAGS += -fsanitize=null -fsanitize-trap=null
    # a member read or write through a NULL pointer traps (wasm `unreachable`, no runtime library): native bpftool
    # dies there by SIGSEGV, where the module would read its own first bytes and go on with what it found there
    # (libbpf leaves a FUNC_PROTO's return type unchecked: btf_dump then takes a type that does not exist)

# --- link ------------------------------------------------------------------------
WASM_LDFLAGS :=
WASM_LDFLAGS += -O2
WASM_LDFLAGS += -sMODULARIZE=1           # a factory: each call makes a fresh instance (main() is not re-entrant)
WASM_LDFLAGS += -sEXPORT_ES6=1           # ES-module glue, importable by Node, Deno, browsers and bundlers
WASM_LDFLAGS += -sEXPORT_NAME=createBpftoolModule
WASM_LDFLAGS += -sENVIRONMENT=web,worker # no Node-only code paths (require, fs, fetch of a file path) in the glue;
                                         # Node gets the compiled module through instantiateWasm like everyone else
WASM_LDFLAGS += -sINVOKE_RUN=0           # main() runs when the facade calls it, with the caller's argv
WASM_LDFLAGS += -sEXIT_RUNTIME=1         # exit() flushes stdio and runs atexit handlers, as on the host
WASM_LDFLAGS += -sALLOW_MEMORY_GROWTH=1  # vmlinux BTF and large objects need more than the initial heap
WASM_LDFLAGS += -sINITIAL_MEMORY=10485760  # 10 MiB: the stack and static data, the heap grown as a command needs
WASM_LDFLAGS += -sMAXIMUM_MEMORY=2147483648 # 2 GiB, on purpose: past it a pointer read from the poisoned NULL page
                                            # (0xa5a5a5a5, src/core/run.ts) traps, as a NULL dereference does natively
WASM_LDFLAGS += -sTOTAL_STACK=8388608     # 8 MiB, Linux's default stack limit: btf_dump recurses once per level of
                                          # nested types, and native bpftool dumps 20,000 levels
WASM_LDFLAGS += -sSTACK_OVERFLOW_CHECK=2  # every stack pointer move is checked: an overflow aborts the call (a
                                          # BpftoolCrashError) instead of writing over static data and going on
WASM_LDFLAGS += -sFORCE_FILESYSTEM=1     # MEMFS holds inputs and outputs of every call
WASM_LDFLAGS += -sEXPORTED_RUNTIME_METHODS=FS,ENV,callMain   # ENV carries the kernel to describe (shim/uname.c)
WASM_LDFLAGS += -sEXPORTED_FUNCTIONS=_main
WASM_LDFLAGS += -sDYNAMIC_EXECUTION=0    # no eval/new Function: runs under strict CSP in browsers
WASM_LDFLAGS += -sTEXTDECODER=2          # Node 20, Deno and browsers all have TextDecoder
WASM_LDFLAGS += -sWASM_BIGINT=1          # 64-bit integers cross to JS as BigInt, no legalisation stubs
WASM_LDFLAGS += --js-library $(WASM)/js/memfd.js   # memfd_create(): a file on no file system (shim/syscall.c)

comma := ,

# --- link: the host-backed glue of the CLI, over the same .wasm -----------------
# Every open, stat, write and unlink reaches the host's file system through
# Node's fs, and stdout and stderr are the process's own descriptors, as for
# native bpftool. Only the JavaScript differs: build.sh checks that this link's
# .wasm is byte-identical to the one above.
HOST_LDFLAGS := $(filter-out -sENVIRONMENT=web$(comma)worker,$(WASM_LDFLAGS))
HOST_LDFLAGS += -sENVIRONMENT=node
HOST_LDFLAGS += -sNODERAWFS=1
HOST_LDFLAGS += --post-js $(WASM)/js/host-paths.js   # relative paths resolved by the host, as typed
