#!/usr/bin/env bash
# Builds the Node-API bridge (bpftool-wasm/native): libbpf from the pinned
# tree, position-independent, into build/addon/libbpf/, then the addon with
# node-gyp into native/build/Release/bpftool_native.node. Incremental.
# Exit status non-zero on failure; build.sh reports it and carries on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
out="$root/build/addon/libbpf"
mkdir -p "$out"
# CFLAGS as libbpf's own default (-g -O2), plus -fPIC: the static library
# goes into a shared object.
make -s -C third_party/src/linux/tools/lib/bpf OUTPUT="$out/" DESTDIR="$out" prefix= \
  EXTRA_CFLAGS="-g -O2 -fPIC" -j"$(nproc)" "$out/libbpf.a" install_headers
addon=native/build/Release/bpftool_native.node
newest_input="$(find native/src native/binding.gyp "$out/libbpf.a" -newer "$addon" 2>/dev/null | head -1 || true)"
if [[ -f "$addon" && -z "$newest_input" ]]; then
  exit 0
fi
# The headers of the Node.js that runs the build, from its own prefix: node-gyp
# would otherwise try to download them.
prefix="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [[ ! -f "$prefix/include/node/node_api.h" ]]; then
  echo "build-addon: no Node.js headers in $prefix/include/node (node_api.h); install the ones of $(node -v)" >&2
  exit 1
fi
npx node-gyp rebuild --directory native --nodedir="$prefix" --jobs "$(nproc)"
