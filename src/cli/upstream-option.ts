/**
 * bpftool-wasm's own option, which comes before bpftool's arguments so that
 * bpftool's grammar is untouched: `--upstream 7.1` or `--upstream=7.1`, or
 * else the environment variable BPFTOOL_WASM_UPSTREAM; by default 7.5.
 */
import { toUpstream, type UpstreamVersion } from '../core/upstreams.js';

export const UPSTREAM_ENV = 'BPFTOOL_WASM_UPSTREAM';

/** The version asked for and the arguments after the option; throws BpftoolUsageError for a version not shipped. */
export function takeUpstreamOption(argv: readonly string[], env: NodeJS.ProcessEnv): { upstream: UpstreamVersion; rest: string[] } {
  const [first, second] = argv;
  if (first === '--upstream') {
    return { upstream: toUpstream(second), rest: argv.slice(2) };
  }
  if (first?.startsWith('--upstream=')) {
    return { upstream: toUpstream(first.slice('--upstream='.length)), rest: argv.slice(1) };
  }
  const fromEnv = env[UPSTREAM_ENV];
  return { upstream: toUpstream(fromEnv === '' ? undefined : fromEnv), rest: [...argv] };
}
