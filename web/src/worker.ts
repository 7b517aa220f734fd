/**
 * The page's Web Worker: bpftool-wasm runs here, never on the page's
 * thread, and the page calls it through Comlink. It also keeps the BTF type
 * index of the last file opened in the type view, so that a kernel's
 * hundred thousand types never cross to the page at once.
 */
import * as Comlink from 'comlink';
import { createBpftool, DEFAULT_UPSTREAM, UPSTREAM_VERSIONS, type Bpftool, type CoreCheckResult, type UpstreamVersion } from 'bpftool-wasm';
import { BtfIndex, type JsonType, type SearchResult, type TypeDetail } from './btf-index.js';
import { OUT_DIR } from './commands.js';

export interface Outcome {
  exitCode: number;
  stdout: Uint8Array;
  stderr: string;
  /** Files the run wrote, by path. */
  files: Record<string, Uint8Array>;
  /** Set when the module trapped: bpftool-wasm's message for it. */
  crash?: string;
}

export interface TypesLoaded {
  count: number;
  kinds: Record<string, number>;
}

let upstream: UpstreamVersion = DEFAULT_UPSTREAM;
let bpftool: Promise<Bpftool> | undefined;
// Created on first use: only the chosen version's module is fetched.
const instance = () => (bpftool ??= createBpftool({ upstream }));
let index: BtfIndex | undefined;

const decoder = new TextDecoder();

async function run(args: string[], files: Record<string, Uint8Array>): Promise<Outcome> {
  try {
    // runRaw() copies the inputs in, and gives back only the files the run wrote.
    const r = await (await instance()).runRaw(args, { files, directories: [OUT_DIR] });
    const outcome: Outcome = { exitCode: r.exitCode, stdout: r.stdout, stderr: decoder.decode(r.stderr), files: r.files };
    return Comlink.transfer(outcome, [outcome.stdout.buffer, ...Object.values(r.files).map((b) => b.buffer)]);
  } catch (err) {
    const e = err as { name?: string; message?: string; exitCode?: number; stderr?: string };
    if (e.name !== 'BpftoolCrashError') throw err;
    return { exitCode: e.exitCode ?? 134, stdout: new Uint8Array(0), stderr: e.stderr ?? '', files: {}, crash: e.message ?? '' };
  }
}

const api = {
  /** The versions the page offers, and the one it starts with. */
  upstreams(): { versions: readonly UpstreamVersion[]; default: UpstreamVersion } {
    return { versions: UPSTREAM_VERSIONS, default: DEFAULT_UPSTREAM };
  },

  /** Runs `version` from now on; the type index of the other version is dropped. */
  setUpstream(v: UpstreamVersion): void {
    if (v === upstream) return;
    upstream = v;
    bpftool = undefined;
    index = undefined;
  },

  async version(): Promise<string> {
    return (await instance()).version();
  },

  run,

  /**
   * Indexes the types of `file` (an object or raw BTF), from `btf dump file
   * … -j`. Split BTF only parses over its base: when `file` alone does not
   * and a `base` is given, the base's types come first, as their ids do. A
   * dump that fails comes back as its outcome.
   */
  async loadTypes(file: string, files: Record<string, Uint8Array>, base?: string): Promise<TypesLoaded | Outcome> {
    index = undefined;
    const dump = (args: string[]) => run(args, files);
    const types = (o: Outcome) => (JSON.parse(decoder.decode(o.stdout)) as { types: JsonType[] }).types;
    const failed = (o: Outcome) => o.exitCode !== 0 || o.crash !== undefined;

    const alone = await dump(['btf', 'dump', 'file', file, '-j']);
    if (!failed(alone)) index = new BtfIndex(types(alone));
    else if (!base) return alone;
    else {
      const split = await dump(['btf', 'dump', 'file', file, '-B', base, '-j']);
      if (failed(split)) return split;
      const baseTypes = await dump(['btf', 'dump', 'file', base, '-j']);
      if (failed(baseTypes)) return baseTypes;
      index = new BtfIndex([...types(baseTypes), ...types(split)]);
    }
    return { count: index.count, kinds: index.kinds() };
  },

  /**
   * `coreCheck()` of the objects against the kernels, each under its own
   * name; bad input comes back as bpftool's error rather than as a throw.
   */
  async coreCheck(
    objects: { name: string; bytes: Uint8Array }[],
    kernels: { name: string; bytes: Uint8Array }[],
  ): Promise<{ results: CoreCheckResult[] } | { error: string; stderr: string }> {
    try {
      const results = await (await instance()).coreCheck(objects.map((o) => o.bytes), kernels.map((k) => k.bytes), {
        objectNames: objects.map((o) => o.name),
        targetNames: kernels.map((k) => k.name),
      });
      return { results };
    } catch (err) {
      const e = err as { message?: string; stderr?: string };
      return { error: e.message ?? String(err), stderr: e.stderr ?? '' };
    }
  },

  searchTypes(query: string, kind: string, limit: number): SearchResult {
    return index ? index.search(query, kind, limit) : { total: 0, rows: [] };
  },

  typeDetail(id: number): TypeDetail | undefined {
    return index?.detail(id);
  },
};

export type PageWorkerApi = typeof api;

Comlink.expose(api);
