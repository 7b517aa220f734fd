#!/usr/bin/env bash
# prepublishOnly: refuses to publish a dist/ that is not built from the
# current sources. Every upstream version's wasm must be up to date with
# every source and flag (make -q), dist/ must hold those very wasms, and the
# bundle must be built from the current TypeScript, glue and configuration.
#   scripts/check-fresh.sh [ROOT]   (default: this repository)
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"
fail() { echo "prepublish: $*; run ./build.sh" >&2; exit 1; }

[[ -f dist/versions.json && -f dist/.stamp ]] || fail "dist/ is not built"
for v in $(awk '$2 == "binary" {print $1}' third_party/upstream.lock); do
  [[ -f "dist/bpftool-$v.wasm" ]] || fail "dist/bpftool-$v.wasm is missing"
  make -q -C wasm UPSTREAM="$v" >/dev/null 2>&1 || fail "build/wasm/$v/bpftool.wasm is older than its sources"
  cmp -s "build/wasm/$v/bpftool.wasm" "dist/bpftool-$v.wasm" || fail "dist/bpftool-$v.wasm is not build/wasm/$v/bpftool.wasm"
done
default="$(node -p "require('./build/wasm/versions.json').default")"
cmp -s "build/wasm/$default/bpftool.mjs" src/generated/glue.mjs || fail "src/generated/glue.mjs is not the built glue"
cmp -s "build/wasm/$default/host/bpftool.mjs" src/generated/host-glue.mjs || fail "src/generated/host-glue.mjs is not the built host glue"
cmp -s build/wasm/versions.json dist/versions.json || fail "dist/versions.json is stale"
cmp -s build/THIRD_PARTY_LICENSES dist/THIRD_PARTY_LICENSES || fail "dist/THIRD_PARTY_LICENSES is not build/THIRD_PARTY_LICENSES"
[[ "$(scripts/dist-stamp.sh)" == "$(cat dist/.stamp)" ]] || fail "dist/ was bundled from other sources"
echo "prepublish: dist/ is fresh ($(node -p "Object.entries(require('./dist/versions.json').upstreams).map(([v, u]) => v + ' ' + u.wasmSha256.slice(0, 16)).join(', ')"))"
