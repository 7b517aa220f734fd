#!/usr/bin/env bash
# Downloads the Debian kernel packages that test/kernel-btf.test.ts extracts
# BTF from, through apt on a private state folder in the cache
# (third_party/apt-state.sh: the machine's own Debian entries, other suites
# with only the suite changed; the system's apt configuration is never
# touched). Each package is the newest one its suite serves whose name
# matches the pattern; a folder that already holds one is left as it is.
#
#   fetch-kernel-packages.sh DIR     prints one line per package: KEY FILE
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="$1"
aptdir="$dest/apt"
say() { printf '[kernel-packages] %s\n' "$*" >&2; }
die() { printf '[kernel-packages] error: %s\n' "$*" >&2; exit 1; }

# key  suite  architecture  package name pattern (the smallest flavour with modules and BTF)
wanted=(
  "amd64-6.1   bookworm amd64 ^linux-image-6\\.1\\.0-[0-9]+-cloud-amd64-unsigned$"
  "amd64-6.12  trixie   amd64 ^linux-image-6\\.12\\.[0-9.+a-z]*-cloud-amd64-unsigned$"
  "arm64-6.1   bookworm arm64 ^linux-image-6\\.1\\.0-[0-9]+-cloud-arm64-unsigned$"
)

have() { ls "$dest/$1"/*.deb 2>/dev/null | head -1; }

missing=0
for row in "${wanted[@]}"; do
  read -r key _ <<<"$row"
  [[ -n "$(have "$key")" ]] || missing=1
done

if ((missing)); then
  mkdir -p "$aptdir"
  # arm64 packages are listed only where apt is told of that architecture:
  # a private configuration file, read in place of the system's apt.conf.
  printf 'APT::Architectures { "amd64"; "arm64"; };\n' > "$aptdir/apt.conf"
  export APT_CONFIG="$aptdir/apt.conf"
  source "$here/../../third_party/apt-state.sh"
  apt_setup bookworm trixie
  for row in "${wanted[@]}"; do
    read -r key suite arch pattern <<<"$row"
    [[ -z "$(have "$key")" ]] || continue
    # The newest matching package that the suite (or its -security or -updates) serves: names carry
    # the kernel's ABI, so they change over time.
    name="" version=""
    for candidate in $(apt-cache "${APT_OPTS[@]}" pkgnames linux-image- 2>/dev/null | grep -E "$pattern" | sort -rV || true); do
      version="$(apt-cache "${APT_OPTS[@]}" madison "$candidate:$arch" 2>/dev/null \
        | awk -F'|' -v s="$suite" '$3 ~ (" " s "[-/]") {gsub(/ /,"",$2); print $2}' | sort -V | tail -1)"
      [[ -z "$version" ]] || { name="$candidate"; break; }
    done
    [[ -n "$name" ]] || die "no package matching $pattern is served for $arch in $suite"
    say "$key: apt-get download $name:$arch=$version"
    mkdir -p "$dest/$key.partial"
    (cd "$dest/$key.partial" && apt-get "${APT_OPTS[@]}" -qq download "$name:$arch=$version" >/dev/null) \
      || die "apt-get download $name:$arch=$version failed"
    rm -rf "$dest/$key"
    mv "$dest/$key.partial" "$dest/$key"
  done
fi

for row in "${wanted[@]}"; do
  read -r key _ <<<"$row"
  printf '%s %s\n' "$key" "$(have "$key")"
done
