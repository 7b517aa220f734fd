#!/usr/bin/env bash
# The fingerprint of everything dist/ is bundled from. build.sh stores it in
# dist/.stamp; scripts/check-fresh.sh compares it before publishing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cat build/wasm/*/bpftool.wasm build/wasm/versions.json build/THIRD_PARTY_LICENSES src/generated/glue.mjs src/generated/host-glue.mjs src/generated/wasm-sha256.mjs package.json tsup.config.ts \
  $(ls native/build/Release/bpftool_native.node 2>/dev/null) \
  $(find src -name '*.ts' | LC_ALL=C sort) | sha256sum | cut -c1-16
