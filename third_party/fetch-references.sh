#!/usr/bin/env bash
# Fetch Debian's own bpftool binaries named in references.lock, verify them by
# sha256, and unpack them into references/<version>/ (never installed), with
# a `bpftool` launcher each. A binary built for a newer Debian runs through
# that release's own ld-linux and libraries, unpacked beside it.
#
#   third_party/fetch-references.sh           fetch, verify, unpack (idempotent)
#   third_party/fetch-references.sh --relock  rewrite the sha256 of the versions named
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock="$here/references.lock"
dl="$here/downloads/references"
out="$here/references"
aptdir="$here/apt"
relock=0
[[ "${1:-}" == "--relock" ]] && relock=1

say() { printf '[references] %s\n' "$*"; }
die() { printf '[references] error: %s\n' "$*" >&2; exit 1; }
source "$here/apt-state.sh"

binary_rows() { grep -E '^[0-9.]+[[:space:]]+bpftool[[:space:]]' "$lock"; }
runtime_rows() { grep -E '^[0-9.]+[[:space:]]+runtime[[:space:]]' "$lock"; }
stamp_value() { cat "$lock" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1; }

if [[ $relock == 0 && -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$(stamp_value)" ]]; then
  say "Debian's bpftool $(binary_rows | awk '{print $1}' | tr '\n' ' ')up to date"
  exit 0
fi

mkdir -p "$dl"
APT_OPTS=()
suites() { { binary_rows | awk '{print $4}'; runtime_rows | awk '{print $3}'; } | sort -u; }
while read -r tree pkg ver suite file sum; do
  if [[ $relock == 1 || ! -f "$dl/$file" ]] || ! echo "$sum  $dl/$file" | sha256sum -c --status; then
    [[ ${#APT_OPTS[@]} -gt 0 ]] || apt_setup $(suites)
    say "download $pkg $ver ($suite)"
    rm -f "$dl/$file"
    (cd "$dl" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >/dev/null 2>&1) \
      || die "$pkg $ver is no longer served; move its pin in third_party/references.lock, then run $0 --relock"
  fi
  [[ $relock == 1 ]] || echo "$sum  $dl/$file" | sha256sum -c --status \
    || die "sha256 mismatch for $file (expected $sum); refusing to unpack"
done < <(binary_rows)

if [[ $relock == 1 ]]; then
  tmp="$(mktemp)"
  while IFS= read -r line; do
    if [[ "$line" =~ ^[0-9.]+[[:space:]]+bpftool[[:space:]] ]]; then
      read -r tree pkg ver suite file _ <<<"$line"
      printf '%s %s %s %s %s %s\n' "$tree" "$pkg" "$ver" "$suite" "$file" "$(sha256sum "$dl/$file" | cut -d' ' -f1)"
    else
      printf '%s\n' "$line"
    fi
  done < "$lock" > "$tmp"
  mv "$tmp" "$lock"
  say "lock rewritten; review 'git diff third_party/references.lock'"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out"
while read -r tree pkg ver suite file sum; do
  dpkg-deb -x "$dl/$file" "$out/$tree"
  printf '#!/bin/bash\n# Debian'"'"'s bpftool %s (%s), as `bpftool`.\nexec -a bpftool "$(dirname "$0")/usr/sbin/bpftool" "$@"\n' "$ver" "$suite" > "$out/$tree/bpftool"
  chmod +x "$out/$tree/bpftool"
  say "bpftool $tree: Debian's $ver -> third_party/references/$tree/bpftool"
done < <(binary_rows)

while read -r tree _ suite pkgs; do
  [[ ${#APT_OPTS[@]} -gt 0 ]] || apt_setup $(suites)
  rt="$out/$tree/runtime"
  mkdir -p "$rt" "$dl/$suite"
  for pkg in $pkgs; do
    ver="$(apt-cache "${APT_OPTS[@]}" madison "$pkg" 2>/dev/null | awk -F'|' -v s="$suite/" '$3 ~ s && $3 ~ /Packages/ {gsub(/ /, "", $2); print $2; exit}')"
    [[ -n "$ver" ]] || die "$suite serves no $pkg"
    (cd "$dl/$suite" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >/dev/null 2>&1) || die "cannot download $pkg $ver ($suite)"
    dpkg-deb -x "$(ls "$dl/$suite/${pkg}_"*.deb | tail -1)" "$rt"
    say "  runtime of $tree: $pkg $ver ($suite)"
  done
  loader="$(cd "$rt" && ls usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 lib64/ld-linux-x86-64.so.2 2>/dev/null | head -1 || true)"
  [[ -n "$loader" ]] || die "no ld-linux-x86-64.so.2 in $suite's libc6"
  printf '#!/bin/sh\n# Debian'"'"'s bpftool for %s, through %s'"'"'s own dynamic loader and libraries.\nd="$(dirname "$0")"\nexec "$d/runtime/%s" --argv0 bpftool --library-path "$d/runtime/usr/lib/x86_64-linux-gnu:$d/runtime/lib/x86_64-linux-gnu" "$d/usr/sbin/bpftool" "$@"\n' \
    "$tree" "$suite" "$loader" > "$out/$tree/bpftool"
done < <(runtime_rows)

stamp_value > "$out/.stamp"
say "Debian's bpftool ready in third_party/references"
