/** The wasm side, through the built package exactly as users import it. */
import { createBpftool, type Bpftool, type KernelIdentity } from '../../dist/index.js';
import type { Outcome } from './native.js';

let shared: Promise<Bpftool> | undefined;
export function bpftool(): Promise<Bpftool> {
  shared ??= createBpftool();
  return shared;
}

export async function runWasm(
  args: readonly string[],
  files: Record<string, Uint8Array> = {},
  kernel?: KernelIdentity,
): Promise<Outcome> {
  const r = await (await bpftool()).runRaw(args, { files, ...(kernel ? { kernel } : {}) });
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(r.files)) out[k] = Buffer.from(v);
  return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr), files: out };
}
