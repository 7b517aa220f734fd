/**
 * The upstream bpftool versions the package ships, one .wasm each, built
 * from its own pinned Linux tree (third_party/upstream.lock), and each
 * byte-identical to that version's native bpftool.
 */
import { BpftoolUsageError } from './errors.js';

export const UPSTREAM_VERSIONS = ['7.1', '7.5', '7.8'] as const;
export type UpstreamVersion = (typeof UPSTREAM_VERSIONS)[number];

/** What createBpftool() and the CLI run unless told otherwise. */
export const DEFAULT_UPSTREAM: UpstreamVersion = '7.5';

/** The file name of a version's module, as the package ships it and locateFile() is asked for. */
export function wasmFileOf(upstream: UpstreamVersion): string {
  return `bpftool-${upstream}.wasm`;
}

/** `value` as a shipped version, or a BpftoolUsageError naming the ones there are. */
export function toUpstream(value: unknown): UpstreamVersion {
  if (value === undefined) return DEFAULT_UPSTREAM;
  if ((UPSTREAM_VERSIONS as readonly unknown[]).includes(value)) return value as UpstreamVersion;
  throw new BpftoolUsageError(
    `bpftool-wasm has no upstream bpftool ${JSON.stringify(value)}; it ships ${UPSTREAM_VERSIONS.join(', ')}`,
  );
}
