#!/usr/bin/env bash
# Compiles the pinned tree's BPF selftests (tools/testing/selftests/bpf/progs)
# with clang-19, using the selftests' own flags as far as they apply, into a
# cache folder keyed by the lock file's hash (and the kernel's BTF). Objects
# that do not compile are listed with their first error line; pahole makes
# split BTF from the ones that do.
#
#   test/corpus/build-corpus.sh [--only NAME,NAME,…]     prints the cache folder
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
linux="$root/third_party/src/linux"
selftests="$linux/tools/testing/selftests/bpf"
bpftool="$root/build/native/7.5/bpftool"
clang="${CLANG:-clang-19}"
only=""
[[ "${1:-}" == "--only" ]] && only="$2"

# The cache key: the pinned sources, the recipe below (the lines between its
# two markers), the compiler and pahole, and the running kernel's BTF, which
# vmlinux.h and the split BTF come from.
recipe="$(sed -n '/^# --- recipe/,/^# --- end of recipe/p' "$0")"
key="$({ cat "$root/third_party/upstream.lock"; echo "$recipe"; "$clang" --version | head -1; pahole --version 2>/dev/null || true
  cat /sys/kernel/btf/vmlinux 2>/dev/null; } | sha256sum | cut -c1-16)"
cache="${BPFTOOL_WASM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpftool-wasm}/corpus-$key"
mkdir -p "$cache/obj" "$cache/err" "$cache/include"
# One builder at a time per cache: test runs from several checkouts share it.
exec 9>"$cache/.lock"
flock 9

[[ -x "$bpftool" ]] || { echo "build-corpus: native reference missing; run ./build.sh" >&2; exit 1; }
if [[ ! -s "$cache/include/vmlinux.h" ]]; then
  "$bpftool" btf dump file /sys/kernel/btf/vmlinux format c > "$cache/include/vmlinux.h.tmp"
  mv "$cache/include/vmlinux.h.tmp" "$cache/include/vmlinux.h"
fi

# --- recipe ----------------------------------------------------------------------
# The selftests' CLANG_SYS_INCLUDES: the host's include dirs, searched last.
sys_includes="$("$clang" -v -E - </dev/null 2>&1 \
  | sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }' | tr '\n' ' ')"
# The selftests declare the kfuncs they call themselves, as the kernel of their
# own tree defines them; vmlinux.h from the running kernel (maybe a newer one)
# would declare them too, sometimes with other types, so its prototypes are
# left out (bpftool guards them with BPF_NO_KFUNC_PROTOTYPES).
export CFLAGS_BPF="-g -Wall -Werror -D__TARGET_ARCH_x86 -DBPF_NO_KFUNC_PROTOTYPES -mlittle-endian \
  -I$cache/include -I$root/build/native/7.5/libbpf/include -I$selftests -I$selftests/progs \
  -I$linux/tools/include/uapi -std=gnu11 -fno-strict-aliasing \
  -Wno-compare-distinct-pointer-types $sys_includes \
  -ffile-prefix-map=$root=/bpftool-wasm -ffile-prefix-map=$cache=/corpus"
# (The prefix maps keep the checkout's and the cache's paths out of the
# objects' DWARF and BTF strings: the same sources give the same bytes in
# every clone, so seeded mutations hit the same bytes on every machine.)
export cache clang

compile_one() {
  local src="$1" name
  name="$(basename "$src" .c)"
  [[ -f "$cache/obj/$name.bpf.o" || -f "$cache/err/$name.txt" ]] && return 0
  local extra=""
  case "$name" in test_l4lb_noinline|test_xdp_noinline) extra="-fno-inline";; esac
  # shellcheck disable=SC2086
  if "$clang" $CFLAGS_BPF $extra -O2 --target=bpf -mcpu=v3 -c "$src" -o "$cache/obj/$name.bpf.o.tmp" 2>"$cache/err/$name.log"; then
    mv "$cache/obj/$name.bpf.o.tmp" "$cache/obj/$name.bpf.o"
    rm -f "$cache/err/$name.log"
  else
    rm -f "$cache/obj/$name.bpf.o.tmp"
    grep -m1 'error' "$cache/err/$name.log" > "$cache/err/$name.txt" || echo "clang failed" > "$cache/err/$name.txt"
    rm -f "$cache/err/$name.log"
  fi
}
export -f compile_one

if [[ -n "$only" ]]; then
  tr ',' '\n' <<<"$only" | sed "s|^|$selftests/progs/|; s|\$|.c|"
else
  ls "$selftests"/progs/*.c
fi | xargs -P "$(nproc)" -I{} bash -c 'compile_one "$@"' _ {}

# Split BTF on the running kernel's BTF, which pahole encodes from each
# object's DWARF: the input of `btf dump file X -B vmlinux`.
split_one() {
  local obj="$1" name
  name="$(basename "$obj" .bpf.o)"
  [[ -f "$cache/split/$name.btf" || -f "$cache/split/$name.failed" ]] && return 0
  if pahole -J --btf_base /sys/kernel/btf/vmlinux --btf_encode_detached="$cache/split/$name.btf.tmp" "$obj" \
      >/dev/null 2>"$cache/split/$name.failed" && [[ -s "$cache/split/$name.btf.tmp" ]]; then
    mv "$cache/split/$name.btf.tmp" "$cache/split/$name.btf"
    rm -f "$cache/split/$name.failed"
  else
    rm -f "$cache/split/$name.btf.tmp"
  fi
}
export -f split_one
if [[ -r /sys/kernel/btf/vmlinux ]] && command -v pahole >/dev/null; then
  mkdir -p "$cache/split"
  ls "$cache"/obj/*.bpf.o | xargs -P "$(nproc)" -I{} bash -c 'split_one "$@"' _ {}
fi

# --- end of recipe ---------------------------------------------------------------

ok=$(ls "$cache/obj" | grep -c '\.bpf\.o$' || true)
failed=$(ls "$cache/err" | grep -c '\.txt$' || true)
echo "$ok compiled, $failed failed" > "$cache/summary.txt"
echo "$cache"
