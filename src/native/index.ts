/**
 * bpftool-wasm/native: load, attach and use BPF objects in the running Linux
 * kernel, through libbpf built from the same pinned sources as the wasm.
 * Importing this module is safe anywhere; calls need Linux and Node.js or
 * Deno, and throw UnsupportedPlatformError elsewhere.
 */
import { loadAddon } from './addon.js';

export { openObject, BpfObject, BpfProgram } from './object.js';
export type { OpenOptions, ProgramInfo } from './object.js';
export { BpfMap, UpdateFlags } from './map.js';
export type { MapInfo } from './map.js';
export { Globals, GlobalSection } from './globals.js';
export type { GlobalValue, GlobalVariable } from './globals.js';
export { Link } from './link.js';
export { RingBuffer } from './ring-buffer.js';
export type { RingBufferOptions } from './ring-buffer.js';
export { PerfBuffer } from './perf-buffer.js';
export type { PerfBufferOptions, PerfSample } from './perf-buffer.js';
export type { EventReaderOptions } from './polled-events.js';
export { BpfError, BpfVerifierError, GlobalRangeError, UnsupportedPlatformError } from './errors.js';
export { BpftoolUsageError } from '../core/errors.js';

export type NativeSupport =
  | { supported: true; libbpfVersion: string; possibleCpus: number }
  | { supported: false; reason: string };

/** Whether the bridge can run here, and if not, why. Never throws. */
export async function nativeSupport(): Promise<NativeSupport> {
  try {
    const addon = await loadAddon();
    return { supported: true, libbpfVersion: addon.libbpfVersion(), possibleCpus: addon.possibleCpus() };
  } catch (e) {
    return { supported: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
