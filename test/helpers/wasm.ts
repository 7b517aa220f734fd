/** The wasm side, through the built package exactly as users import it. */
import { createBpftool, DEFAULT_UPSTREAM, type Bpftool, type KernelIdentity, type UpstreamVersion } from '../../dist/index.js';
import type { Outcome } from './native.js';

const shared = new Map<UpstreamVersion, Promise<Bpftool>>();
export function bpftool(upstream: UpstreamVersion = DEFAULT_UPSTREAM): Promise<Bpftool> {
  let b = shared.get(upstream);
  if (!b) shared.set(upstream, (b = createBpftool({ upstream })));
  return b;
}

export async function runWasm(
  args: readonly string[],
  files: Record<string, Uint8Array> = {},
  kernel?: KernelIdentity,
  upstream: UpstreamVersion = DEFAULT_UPSTREAM,
): Promise<Outcome> {
  const r = await (await bpftool(upstream)).runRaw(args, { files, ...(kernel ? { kernel } : {}) });
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(r.files)) out[k] = Buffer.from(v);
  return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout), stderr: Buffer.from(r.stderr), files: out };
}
