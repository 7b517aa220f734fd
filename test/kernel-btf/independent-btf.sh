#!/usr/bin/env bash
# The independent extraction that test/kernel-btf.test.ts holds extractKernelBtf()
# to, with the system's own tools only: the kernel tree's scripts/extract-vmlinux
# way (find a compression's magic bytes in the image, decompress from there,
# keep the first result that is an ELF file), then llvm-objcopy's .BTF section.
#
#   independent-btf.sh VMLINUZ OUT.btf
set -euo pipefail
image="$1"
out="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

try() { # MAGIC(printf format) DECOMPRESSOR...
  local magic="$1" offset
  shift
  for offset in $(LC_ALL=C grep -aboF "$(printf "$magic")" "$image" | cut -d: -f1); do
    # Decoders complain of the bytes after their stream (the kernel's size word): the ELF check decides.
    tail -c "+$((offset + 1))" "$image" | "$@" > "$work/vmlinux" 2>/dev/null || true
    if readelf -h "$work/vmlinux" >/dev/null 2>&1; then
      llvm-objcopy-19 --dump-section ".BTF=$out" "$work/vmlinux"
      exit 0
    fi
  done
}

try '\037\213\010' gzip -dc
try '\3757zXZ' xz -dc
try '\002!L\030' lz4 -dc
try '(\265/\375' zstd -dc
echo "independent-btf.sh: no ELF vmlinux found in $image" >&2
exit 1
