export { createBpftool } from './core/bpftool.js';
export type { Bpftool, BtfDumpOptions, CreateBpftoolOptions, InputNames, MinCoreBtfOptions, SkeletonOptions } from './core/bpftool.js';
export type { DistilledBtf, DistillOptions } from './core/btf-reconcile.js';
export type { CoreCheckOptions, CoreCheckResult, CoreRelocation } from './core/core-check.js';
export type { KernelIdentity, RunOptions, RunResult, RawRunResult } from './core/run.js';
export { DEFAULT_MAX_OUTPUT_BYTES } from './core/run.js';
export { STANDARD_BPFFS } from './core/host-facts.js';
export { DEFAULT_UPSTREAM, UPSTREAM_VERSIONS } from './core/upstreams.js';
export type { UpstreamVersion } from './core/upstreams.js';
export type { LoadOptions } from './load/wasm-module.js';
export { extractKernelBtf } from './kernel-btf/extract.js';
export { needsKernelExtraction } from './kernel-btf/kernel-sniff.js';
export type { ExtractKernelBtfOptions, KernelBtf, ModuleBtf } from './kernel-btf/extract.js';
export {
  KernelBtfError,
  BpftoolCrashError,
  BpftoolError,
  BpftoolLoadError,
  BpftoolOutputLimitError,
  BpftoolUsageError,
  BpftoolWorkerError,
} from './core/errors.js';
export {
  btfDump,
  coreCheck,
  distillBase,
  genMinCoreBtf,
  genObject,
  genSkeleton,
  genSubskeleton,
  relocate,
} from './core/default-instance.js';
export { createWorkerBpftool } from './worker/client.js';
export type { WorkerBpftool, WorkerBpftoolOptions } from './worker/client.js';
export type { BpftoolWorkerApi, WorkerLoadOptions } from './worker/api.js';
