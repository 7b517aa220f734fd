#!/usr/bin/env bash
# Fetch the pinned upstream sources listed in upstream.lock, verify every file
# by sha256 and every extracted libbpf and bpftool subtree by its content
# hash, and extract only what the build needs into src/.
#
# One Linux tree per shipped bpftool version (src/<version>/linux), each from
# its own Debian suite; libelf and zlib are shared (src/elfutils, src/zlib).
# src/linux is the default version's tree, which also holds the BPF
# selftests (the test corpus).
#
# Packages come through apt alone, on a private state folder (third_party/apt/).
# Its entries are the machine's own Debian source list, with deb-src added,
# and, for each other suite the lock names, a copy of the machine's main
# archive entry with only the suite changed. The system's apt configuration
# is never touched and no archive host is written anywhere.
#
#   third_party/fetch.sh           fetch, verify, extract, patch (idempotent)
#   third_party/fetch.sh --relock  download the versions named in the lock and
#                                  rewrite their sha256 and content hashes (see README.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock="$here/upstream.lock"
dl="$here/downloads"
src="$here/src"
aptdir="$here/apt"
relock=0
[[ "${1:-}" == "--relock" ]] && relock=1

say() { printf '[fetch] %s\n' "$*"; }
die() { printf '[fetch] error: %s\n' "$*" >&2; exit 1; }

# The version whose tree is src/linux and carries the test corpus.
default_tree=7.5

# Linux tree subtrees: libbpf, bpftool, their headers and build glue, the uapi
# headers, the verifier's disassembler and the license texts; the default tree
# adds the BPF selftests (the corpus).
linux_subtrees=(
  tools/lib tools/bpf/bpftool tools/include tools/build tools/scripts
  tools/arch/x86/include include/uapi kernel/bpf/disasm.c kernel/bpf/disasm.h
  scripts/bpf_doc.py
  # The license texts that THIRD_PARTY_LICENSES carries (scripts/third-party-licenses.mjs).
  LICENSES/preferred/GPL-2.0 LICENSES/preferred/LGPL-2.1 LICENSES/preferred/BSD-2-Clause
  LICENSES/preferred/BSD-3-Clause LICENSES/exceptions/Linux-syscall-note
)
corpus_subtrees=(tools/testing/selftests/bpf)
# The kernel's own decompressors, for kernel images whose payload only they decode here
# (xz with a BCJ filter, lzma): wasm/kernel-decompress/ builds them from the default tree.
decompress_subtrees=(lib/xz include/linux/xz.h lib/decompress_unlzma.c include/linux/decompress
  LICENSES/deprecated/0BSD)
# What byte-identity is a property of: pinned by content as well as by package.
content_subtrees=(tools/lib/bpf tools/bpf/bpftool)

# Rows: "<tree> binary|source <package> <version> <suite> <file> <sha256>"
# and "content <tree> <subtree> <sha256>".
file_rows() { grep -E '^[^#[:space:]]+[[:space:]]+(binary|source)[[:space:]]' "$lock"; }
content_rows() { grep -E '^content[[:space:]]' "$lock"; }
trees() { file_rows | awk '$2 == "binary" {print $1}'; }

stamp_value() {
  cat "$lock" "${BASH_SOURCE[0]}" $(find "$here/patches" -name '*.patch' | LC_ALL=C sort) 2>/dev/null | sha256sum | cut -d' ' -f1
}

if [[ $relock == 0 && -f "$src/.stamp" && "$(cat "$src/.stamp")" == "$(stamp_value)" ]]; then
  say "sources up to date ($(trees | tr '\n' ' ')and $(file_rows | wc -l) pinned files)"
  exit 0
fi

# --- a private apt state (apt-state.sh) ---------------------------------------------
source "$here/apt-state.sh"

served_versions() {
  local kind="$1" pkg="$2"
  if [[ "$kind" == binary ]]; then
    apt-cache "${APT_OPTS[@]}" madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}'
  else
    apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p'
  fi
}

# Downloads pkg=ver into the current folder; fails when it is not served.
download() {
  local kind="$1" pkg="$2" ver="$3" listing
  # Listings are captured whole: grep -q would close the pipe early, and
  # pipefail would then report apt-cache's SIGPIPE as "not served".
  listing="$(served_versions "$kind" "$pkg")"
  grep -qxF "$ver" <<<"$listing" || return 1
  if [[ "$kind" == binary ]]; then
    apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >/dev/null 2>&1
  else
    apt-get "${APT_OPTS[@]}" -qq source --download-only "$pkg=$ver" >/dev/null 2>&1
  fi
}

# The content hash of a subtree: every file's path and bytes, in a fixed order.
content_hash() {
  (cd "$1" && find "$2" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# Extracts the Linux subtrees (and the corpus and decompressors, for the default tree) of a
# linux-source .deb into dest.
extract_linux() {
  local deb="$1" dest="$2" tree="$3" work top tarball
  work="$(mktemp -d)"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './usr/src/linux-source-*.tar.*'
  tarball="$(ls "$work"/usr/src/linux-source-*.tar.*)"
  top="$(basename "$tarball" | sed -E 's/\.tar\.[a-z0-9]+$//')"
  local subtrees=("${linux_subtrees[@]}")
  [[ "$tree" == "$default_tree" ]] && subtrees+=("${corpus_subtrees[@]}" "${decompress_subtrees[@]}")
  tar -xaf "$tarball" -C "$work" "${subtrees[@]/#/$top/}"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$work/$top" "$dest"
  rm -rf "$work"
}

# The tree's content rows hold for the Linux tree at dir; prints what differs.
content_mismatch() {
  local tree="$1" dir="$2" sub sum
  while read -r _ t sub sum; do
    [[ "$t" == "$tree" ]] || continue
    [[ "$(content_hash "$dir" "$sub")" == "$sum" ]] || echo "$sub"
  done < <(content_rows)
}

not_served() {
  local pkg="$1" ver="$2"
  die "$pkg $ver is pinned in third_party/upstream.lock but is no longer served by this machine's Debian archive,
  and no served version of it has the same libbpf and bpftool (by content).
  Move the pin: edit the version in third_party/upstream.lock, then run
  third_party/fetch.sh --relock and review the new sha256 and content values
  (third_party/README.md, \"Moving a pin\")."
}

# A pinned linux-source that is no longer served may be replaced by another
# served version of the same package whose libbpf and bpftool are the same
# bytes: byte-identity is a property of that code, not of a package version.
substitute_by_content() {
  local tree="$1" pkg="$2" ver="$3" file="$4" other cand check
  for other in $(served_versions binary "$pkg"); do
    [[ "$other" == "$ver" ]] && continue
    say "  $pkg $ver is not served; trying $other by content"
    rm -rf "$dl/.candidate" && mkdir -p "$dl/.candidate"
    (cd "$dl/.candidate" && download binary "$pkg" "$other") || continue
    cand="$(ls "$dl/.candidate/"*.deb)"
    check="$(mktemp -d)"
    extract_linux "$cand" "$check/linux" "$tree"
    if [[ -z "$(content_mismatch "$tree" "$check/linux")" ]]; then
      rm -rf "$check"
      mv "$cand" "$dl/$file.substitute"
      rm -rf "$dl/.candidate"
      say "  $pkg $other has the same libbpf and bpftool as the pinned $ver: using it"
      return 0
    fi
    rm -rf "$check" "$dl/.candidate"
  done
  return 1
}

mkdir -p "$dl"
APT_OPTS=()
fetched=" "
while read -r tree kind pkg ver suite file sum; do
  [[ -f "$dl/$file.substitute" && $relock == 0 ]] && continue
  if [[ $relock == 1 || ! -f "$dl/$file" ]] || ! echo "$sum  $dl/$file" | sha256sum -c --status; then
    [[ ${#APT_OPTS[@]} -gt 0 ]] || apt_setup $(file_rows | awk '{print $5}' | sort -u)
    if [[ "$fetched" != *" $pkg=$ver "* ]]; then
      say "download $kind $pkg $ver ($suite)"
      rm -f "$dl/$file"
      if ! (cd "$dl" && download "$kind" "$pkg" "$ver"); then
        [[ $relock == 0 && "$kind" == binary ]] && substitute_by_content "$tree" "$pkg" "$ver" "$file" && continue
        not_served "$pkg" "$ver"
      fi
      fetched+="$pkg=$ver "
    fi
  fi
  [[ -f "$dl/$file" ]] || die "apt did not produce $file for $pkg $ver"
done < <(file_rows)

if [[ $relock == 0 ]]; then
  while read -r tree kind pkg ver suite file sum; do
    [[ -f "$dl/$file.substitute" ]] && continue
    echo "$sum  $dl/$file" | sha256sum -c --status \
      || die "sha256 mismatch for $file (expected $sum); refusing to extract"
  done < <(file_rows)
  say "verified $(file_rows | wc -l) files by sha256"
fi

rm -rf "$src"
mkdir -p "$src"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- linux-source: one tree per version, only the subtrees named above -----------
declare -A content_now=()
for tree in $(trees); do
  read -r _ _ pkg ver _ file _ < <(file_rows | awk -v t="$tree" '$1 == t && $2 == "binary"')
  deb="$dl/$file"
  [[ -f "$deb.substitute" ]] && deb="$deb.substitute"
  say "extract bpftool $tree: Linux subtrees from $(basename "$deb")"
  extract_linux "$deb" "$src/$tree/linux" "$tree"
  for sub in "${content_subtrees[@]}"; do content_now["$tree $sub"]="$(content_hash "$src/$tree/linux" "$sub")"; done
  if [[ $relock == 0 ]]; then
    bad="$(content_mismatch "$tree" "$src/$tree/linux")"
    [[ -z "$bad" ]] || die "bpftool $tree: the content of $(echo $bad) differs from upstream.lock; refusing to build"
  fi
done
ln -s "$default_tree/linux" "$src/linux"

if [[ $relock == 1 ]]; then
  tmp="$(mktemp)"
  while IFS= read -r line; do
    if [[ "$line" =~ ^[^#[:space:]]+[[:space:]]+(binary|source)[[:space:]] ]]; then
      read -r tree kind pkg ver suite file _ <<<"$line"
      printf '%s %s %s %s %s %s %s\n' "$tree" "$kind" "$pkg" "$ver" "$suite" "$file" "$(sha256sum "$dl/$file" | cut -d' ' -f1)"
    elif [[ ! "$line" =~ ^content[[:space:]] ]]; then
      printf '%s\n' "$line"
    fi
  done < "$lock" > "$tmp"
  for tree in $(trees); do
    for sub in "${content_subtrees[@]}"; do printf 'content %s %s %s\n' "$tree" "$sub" "${content_now["$tree $sub"]}"; done
  done >> "$tmp"
  mv "$tmp" "$lock"
  say "lock rewritten; review 'git diff third_party/upstream.lock' (file names may change with the version)"
  exit 0
fi

# --- Debian source packages: unpack with Debian's patches applied -------------
unpack_dsc() {
  local pkg="$1" dest="$2"; shift 2
  local dsc
  dsc="$(file_rows | awk -v p="$pkg" '$3 == p && $6 ~ /\.dsc$/ {print $6; exit}')"
  say "unpack $dsc"
  dpkg-source --no-check -q -x "$dl/$dsc" "$work/$pkg" >/dev/null
  mkdir -p "$dest"
  local sub
  for sub in "$@"; do
    mkdir -p "$dest/$(dirname "$sub")"
    cp -a "$work/$pkg/$sub" "$dest/$sub"
  done
}
# COPYING (GPL-3.0, which LGPL-3.0 builds on) and configure.ac (the version)
# are for THIRD_PARTY_LICENSES.
unpack_dsc elfutils "$src/elfutils" libelf lib COPYING-LGPLV3 COPYING-GPLV2 COPYING configure.ac
unpack_dsc zlib "$src/zlib" .
rm -rf "$src/zlib/debian" "$src/zlib/contrib" "$src/zlib/examples" "$src/zlib/test" "$src/zlib/doc" "$src/zlib/win32" "$src/zlib/amiga" "$src/zlib/msdos" "$src/zlib/nintendods" "$src/zlib/old" "$src/zlib/os400" "$src/zlib/qnx" "$src/zlib/watcom"

# --- our tiny patches, per version, each with its reason at the top ---------------
shopt -s nullglob
for tree in $(trees); do
  for p in "$here/patches/$tree"/*.patch; do
    say "apply $tree/$(basename "$p")"
    patch -s -p1 -d "$src/$tree/linux" < "$p" || die "patch $tree/$(basename "$p") does not apply"
  done
done

stamp_value > "$src/.stamp"
say "sources ready in third_party/src ($(trees | tr '\n' ' ' | sed 's/ $//'))"
