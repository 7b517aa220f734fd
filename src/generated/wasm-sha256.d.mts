// Types for wasm-sha256.mjs, which build.sh writes from build/wasm/versions.json
// (a build output, never committed): each shipped module's sha256, in hex.
import type { UpstreamVersion } from '../core/upstreams.js';

export declare const WASM_SHA256: Record<UpstreamVersion, string>;
