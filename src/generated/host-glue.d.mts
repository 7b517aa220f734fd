// Types for the CLI's host-backed glue (NODERAWFS), which build.sh copies
// here as host-glue.mjs from build/wasm/host/bpftool.mjs. It drives the same
// bpftool.wasm as glue.mjs; the glue itself is a build output, never committed.
import type { GlueFactory } from '../core/glue.js';

declare const createBpftoolModule: GlueFactory;
export default createBpftoolModule;
