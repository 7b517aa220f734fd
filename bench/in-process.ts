/**
 * bpftool-wasm inside the bench's own process, as a library user runs it:
 * the module compiled once by createBpftool(), one fresh instance per call.
 * The inputs of a workload are read from disk once, before timing, as a
 * caller that already holds them in memory would pass them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostKernelFiles, hostKernelIdentity } from '../src/cli/host-kernel.js';
import type { KernelIdentity, RawRunResult, RunOptions } from '../dist/index.js';
import { sha256, type Outcome } from './processes.js';
import type { Workload } from './workloads.js';

/** Anything that runs bpftool calls: the library in this thread, or a worker. */
export interface Runner {
  runRaw(args: readonly string[], options: RunOptions): Promise<RawRunResult>;
  close(): Promise<void>;
}

/** The options run() needs for a workload: its input files and, for -L, the host kernel. */
export function runOptionsFor(w: Workload): RunOptions {
  const files: Record<string, Uint8Array> = {};
  const addIfFile = (p: string) => {
    if (p.startsWith('/') && existsSync(p) && statSync(p).isFile()) files[p] = readFileSync(p);
  };
  w.args.forEach(addIfFile);
  w.inputs?.forEach(addIfFile);
  let kernel: KernelIdentity | undefined;
  if (w.args.includes('-L')) {
    // What the CLI gives a light skeleton on Linux: libbpf reads these by itself.
    kernel = hostKernelIdentity();
    hostKernelFiles(kernel).forEach(addIfFile);
  }
  return { files, ...(kernel ? { kernel } : {}) };
}

export function outcomeOf(r: RawRunResult): Outcome {
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(r.files)) files[name] = sha256(bytes);
  return { exitCode: r.exitCode, stdoutSha256: sha256(r.stdout), stderr: new TextDecoder().decode(r.stderr), files };
}

/**
 * Watches WebAssembly.instantiate, which run() calls once per call: how long
 * the engine takes to instantiate, and how large the instance's linear memory
 * was when it was dropped (it only grows, so that is its peak).
 */
export class InstanceProbe {
  private readonly original = WebAssembly.instantiate;
  private last: WebAssembly.Instance | undefined;
  readonly instantiateMs: number[] = [];

  install(): void {
    const original = this.original as (...a: unknown[]) => Promise<unknown>;
    const patched = async (...args: unknown[]) => {
      const start = performance.now();
      const result = await original.apply(WebAssembly, args);
      this.instantiateMs.push(performance.now() - start);
      if (result instanceof WebAssembly.Instance) this.last = result;
      return result;
    };
    WebAssembly.instantiate = patched as typeof WebAssembly.instantiate;
  }

  uninstall(): void {
    WebAssembly.instantiate = this.original;
  }

  /** Bytes of linear memory of the latest instance. */
  lastMemoryBytes(): number {
    const memory = this.last?.exports['memory'];
    return memory instanceof WebAssembly.Memory ? memory.buffer.byteLength : 0;
  }
}
