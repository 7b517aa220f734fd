#!/usr/bin/env bash
# Fetch the pinned upstream sources listed in upstream.lock, verify every file
# by sha256, and extract only the subtrees the build needs into src/.
#
# Packages come through apt alone. deb-src entries are derived from the
# machine's own Debian source list, and apt runs on a private state folder
# (third_party/apt/), so the system's apt configuration is never touched.
#
#   third_party/fetch.sh           fetch, verify, extract, patch (idempotent)
#   third_party/fetch.sh --relock  download the versions named in the lock and
#                                  rewrite their sha256 (see README.md)
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

# Linux tree subtrees: libbpf, bpftool, their headers and build glue, the uapi
# headers, the verifier's disassembler, and the BPF selftests (the corpus).
linux_subtrees=(
  tools/lib tools/bpf/bpftool tools/include tools/build tools/scripts
  tools/arch/x86/include include/uapi kernel/bpf/disasm.c kernel/bpf/disasm.h
  tools/testing/selftests/bpf scripts/bpf_doc.py
)

lock_rows() { grep -v '^[[:space:]]*\(#\|$\)' "$lock"; }

stamp_value() {
  cat "$lock" "$here"/patches/*.patch "${BASH_SOURCE[0]}" 2>/dev/null | sha256sum | cut -d' ' -f1
}

if [[ $relock == 0 && -f "$src/.stamp" && "$(cat "$src/.stamp")" == "$(stamp_value)" ]]; then
  say "sources up to date ($(lock_rows | wc -l) pinned files)"
  exit 0
fi

# --- a private apt state that also knows the deb-src entries -----------------
apt_setup() {
  mkdir -p "$aptdir/parts" "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
  : > "$aptdir/parts/debian.sources"
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    grep -qi '^Types:.*deb' "$f" || continue
    # deb822: keep every stanza, and let each one serve sources as well.
    sed -E 's/^Types:.*$/Types: deb deb-src/' "$f" >> "$aptdir/parts/debian.sources"
    printf '\n' >> "$aptdir/parts/debian.sources"
  done
  : > "$aptdir/debian.list"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # one-line format: keep each deb line and add its deb-src twin.
    grep -E '^deb[[:space:]]' "$f" | tee -a "$aptdir/debian.list" \
      | sed -E 's/^deb([[:space:]])/deb-src\1/' >> "$aptdir/debian.list" || true
  done
  [[ -s "$aptdir/parts/debian.sources" || -s "$aptdir/debian.list" ]] \
    || die "no Debian source list found under /etc/apt to derive deb-src entries from"
  APT_OPTS=(
    -o "Dir::Etc::SourceList=$aptdir/debian.list"
    -o "Dir::Etc::SourceParts=$aptdir/parts"
    -o "Dir::State::Lists=$aptdir/lists"
    -o "Dir::Cache=$aptdir/cache"
    -o "APT::Sandbox::User=$(id -un)"
    -o "Debug::NoLocking=1"
  )
  say "apt update (private state in third_party/apt)"
  apt-get "${APT_OPTS[@]}" -qq update >/dev/null 2>"$aptdir/update.log" \
    || { cat "$aptdir/update.log" >&2; die "apt-get update failed"; }
}

not_served() {
  local pkg="$1" ver="$2"
  die "$pkg $ver is pinned in third_party/upstream.lock but is no longer served by this machine's Debian archive.
  Move the pin: edit the version in third_party/upstream.lock, then run
  third_party/fetch.sh --relock and review the new sha256 values
  (third_party/README.md, \"Moving a pin\")."
}

download() {
  local kind="$1" pkg="$2" ver="$3"
  if [[ "$kind" == binary ]]; then
    # Listings are captured whole: grep -q would close the pipe early, and
    # pipefail would then report apt-cache's SIGPIPE as "not served".
    local listing
    listing="$(apt-cache "${APT_OPTS[@]}" madison "$pkg" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}')"
    grep -qxF "$ver" <<<"$listing" || not_served "$pkg" "$ver"
    (cd "$dl" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >/dev/null 2>&1) \
      || not_served "$pkg" "$ver"
  else
    local listing
    listing="$(apt-cache "${APT_OPTS[@]}" showsrc "$pkg" 2>/dev/null)"
    grep -qxF "Version: $ver" <<<"$listing" || not_served "$pkg" "$ver"
    (cd "$dl" && apt-get "${APT_OPTS[@]}" -qq source --download-only "$pkg=$ver" >/dev/null 2>&1) \
      || not_served "$pkg" "$ver"
  fi
}

mkdir -p "$dl"
APT_OPTS=()
fetched=""
while read -r kind pkg ver file sum; do
  key="$kind $pkg $ver"
  if [[ $relock == 1 || ! -f "$dl/$file" ]] || ! echo "$sum  $dl/$file" | sha256sum -c --status; then
    [[ ${#APT_OPTS[@]} -gt 0 ]] || apt_setup
    if [[ " $fetched " != *" $pkg=$ver "* ]]; then
      say "download $kind $pkg $ver"
      rm -f "$dl/$file"
      download "$kind" "$pkg" "$ver"
      fetched="$fetched $pkg=$ver"
    fi
  fi
  [[ -f "$dl/$file" ]] || die "apt did not produce $file for $pkg $ver"
done < <(lock_rows)

if [[ $relock == 1 ]]; then
  tmp="$(mktemp)"
  while IFS= read -r line; do
    if [[ "$line" =~ ^(binary|source)[[:space:]] ]]; then
      read -r kind pkg ver file _ <<<"$line"
      printf '%s %s %s %s %s\n' "$kind" "$pkg" "$ver" "$file" "$(sha256sum "$dl/$file" | cut -d' ' -f1)"
    else
      printf '%s\n' "$line"
    fi
  done < "$lock" > "$tmp"
  mv "$tmp" "$lock"
  say "lock rewritten; review 'git diff third_party/upstream.lock' (file names may change with the version)"
  exit 0
fi

while read -r kind pkg ver file sum; do
  echo "$sum  $dl/$file" | sha256sum -c --status \
    || die "sha256 mismatch for $file (expected $sum); refusing to extract"
done < <(lock_rows)
say "verified $(lock_rows | wc -l) files by sha256"

rm -rf "$src"
mkdir -p "$src"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- linux-source: only the subtrees named above --------------------------------
deb="$(lock_rows | awk '$2 ~ /^linux-source/ {print $4; exit}')"
say "extract Linux subtrees from $deb"
dpkg-deb --fsys-tarfile "$dl/$deb" | tar -x -C "$work" --wildcards './usr/src/linux-source-*.tar.xz'
tarball="$(ls "$work"/usr/src/linux-source-*.tar.xz)"
top="$(basename "$tarball" .tar.xz)"
tar -xJf "$tarball" -C "$work" "${linux_subtrees[@]/#/$top/}"
mv "$work/$top" "$src/linux"

# --- Debian source packages: unpack with Debian's patches applied -------------
unpack_dsc() {
  local pkg="$1" dest="$2"; shift 2
  local dsc
  dsc="$(lock_rows | awk -v p="$pkg" '$2 == p && $4 ~ /\.dsc$/ {print $4; exit}')"
  say "unpack $dsc"
  dpkg-source --no-check -q -x "$dl/$dsc" "$work/$pkg" >/dev/null
  mkdir -p "$dest"
  local sub
  for sub in "$@"; do
    mkdir -p "$dest/$(dirname "$sub")"
    cp -a "$work/$pkg/$sub" "$dest/$sub"
  done
}
unpack_dsc elfutils "$src/elfutils" libelf lib COPYING-LGPLV3 COPYING-GPLV2
unpack_dsc zlib "$src/zlib" .
rm -rf "$src/zlib/debian" "$src/zlib/contrib" "$src/zlib/examples" "$src/zlib/test" "$src/zlib/doc" "$src/zlib/win32" "$src/zlib/amiga" "$src/zlib/msdos" "$src/zlib/nintendods" "$src/zlib/old" "$src/zlib/os400" "$src/zlib/qnx" "$src/zlib/watcom"

# --- our tiny patches, each with its reason at the top ---------------------------
shopt -s nullglob
for p in "$here"/patches/*.patch; do
  say "apply $(basename "$p")"
  patch -s -p1 -d "$src/linux" < "$p" || die "patch $(basename "$p") does not apply"
done

stamp_value > "$src/.stamp"
say "sources ready in third_party/src"
