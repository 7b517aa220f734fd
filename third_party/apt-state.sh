# Sourced by fetch.sh and fetch-references.sh: apt on a private state folder
# ($aptdir), whose entries are the machine's own Debian source list with
# deb-src added and, for each suite named to apt_setup that the machine does
# not list, a copy of the machine's main archive entry with only the suite
# changed. The system's apt configuration is never touched and no archive
# host is written anywhere. Needs: $aptdir, say(), die().
#
#   apt_setup SUITE…   sets APT_OPTS for apt-get and apt-cache
apt_setup() {
  mkdir -p "$aptdir/parts" "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
  : > "$aptdir/parts/debian.sources"
  : > "$aptdir/debian.list"
  local f main_stanza="" known=" "
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    grep -qi '^Types:.*deb' "$f" || continue
    # deb822: keep every stanza, and let each one serve sources as well.
    sed -E 's/^Types:.*$/Types: deb deb-src/' "$f" >> "$aptdir/parts/debian.sources"
    printf '\n' >> "$aptdir/parts/debian.sources"
    known+="$(sed -nE 's/^Suites:[[:space:]]*//p' "$f" | tr '\n' ' ') "
    # The main archive's stanza: the one that serves a suite without a '-'.
    [[ -n "$main_stanza" ]] || main_stanza="$(awk 'BEGIN { RS = ""; ORS = "\n" }
      /(^|\n)Suites:[[:space:]]*[a-z]+([[:space:]]|$)/ { print; exit }' "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # one-line format: keep each deb line and add its deb-src twin.
    grep -E '^deb[[:space:]]' "$f" | tee -a "$aptdir/debian.list" \
      | sed -E 's/^deb([[:space:]])/deb-src\1/' >> "$aptdir/debian.list" || true
    known+="$(grep -E '^deb[[:space:]]' "$f" | awk '{ for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { print $(i + 1); break } }' | tr '\n' ' ') "
  done
  [[ -s "$aptdir/parts/debian.sources" || -s "$aptdir/debian.list" ]] \
    || die "no Debian source list found under /etc/apt to derive entries from"
  # Other suites: the main archive's entry with only its suite changed.
  local suite
  for suite in "$@"; do
    [[ "$known" == *" $suite "* ]] && continue
    if [[ -n "$main_stanza" ]]; then
      printf '%s\n\n' "$main_stanza" | sed -E "s/^Types:.*$/Types: deb deb-src/; s/^Suites:.*$/Suites: $suite/" \
        >> "$aptdir/parts/debian.sources"
    else
      local line
      line="$(grep -hE '^deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1)"
      [[ -n "$line" ]] || die "no main archive entry to derive the suite $suite from"
      awk -v s="$suite" '{ for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { $(i + 1) = s; break } print }' \
        <<<"$line" | tee -a "$aptdir/debian.list" | sed -E 's/^deb([[:space:]])/deb-src\1/' >> "$aptdir/debian.list"
    fi
  done
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

