#!/usr/bin/env bash
# prepublishOnly: refuses to publish a dist/ that is not built from the
# current sources. The wasm must be up to date with every source and flag
# (make -q), dist/ must hold that very wasm, and the bundle must be built
# from the current TypeScript, glue and configuration.
#   scripts/check-fresh.sh [ROOT]   (default: this repository)
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"
fail() { echo "prepublish: $*; run ./build.sh" >&2; exit 1; }

[[ -f dist/bpftool.wasm && -f dist/versions.json && -f dist/.stamp ]] || fail "dist/ is not built"
make -q -C wasm >/dev/null 2>&1 || fail "build/wasm/bpftool.wasm is older than its sources"
cmp -s build/wasm/bpftool.wasm dist/bpftool.wasm || fail "dist/bpftool.wasm is not build/wasm/bpftool.wasm"
cmp -s build/wasm/bpftool.mjs src/generated/glue.mjs || fail "src/generated/glue.mjs is not the built glue"
cmp -s build/wasm/host/bpftool.mjs src/generated/host-glue.mjs || fail "src/generated/host-glue.mjs is not the built host glue"
cmp -s build/wasm/versions.json dist/versions.json || fail "dist/versions.json is stale"
[[ "$(scripts/dist-stamp.sh)" == "$(cat dist/.stamp)" ]] || fail "dist/ was bundled from other sources"
echo "prepublish: dist/ is fresh ($(node -p "require('./dist/versions.json').wasmSha256.slice(0, 16)"))"
