// Types for emscripten's glue, which build.sh copies here as glue.mjs from
// build/wasm/bpftool.mjs. The glue itself is a build output, never committed.
import type { GlueFactory } from '../core/glue.js';

declare const createBpftoolModule: GlueFactory;
export default createBpftoolModule;
