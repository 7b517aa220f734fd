/**
 * The page's Web Worker: bpftool-wasm runs here, never on the page's
 * thread, and the page calls it through Comlink. It also keeps the BTF type
 * index of the last file opened in the type view, so that a kernel's
 * hundred thousand types never cross to the page at once.
 */
import * as Comlink from 'comlink';
import {
  createBpftool,
  DEFAULT_UPSTREAM,
  extractKernelBtf,
  needsKernelExtraction,
  UPSTREAM_VERSIONS,
  type Bpftool,
  type CoreCheckResult,
  type UpstreamVersion,
} from 'bpftool-wasm';
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

/** Kernel BTF taken out of the visitor's packages and images, by name and content: a package is decoded once. */
const extracted = new Map<string, { btf: Uint8Array; note: string }>();

async function contentKey(name: string, bytes: Uint8Array): Promise<string> {
  // The page's inputs are never shared memory.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return `${name}\0${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The inputs as bpftool is to read them: a kernel package or image becomes
 * its vmlinux BTF (as the command line does), with a note saying so.
 */
async function kernelBtfOf(files: Record<string, Uint8Array>): Promise<{ files: Record<string, Uint8Array>; notes: string }> {
  const out = { ...files };
  let notes = '';
  for (const [name, bytes] of Object.entries(files)) {
    if (!needsKernelExtraction(bytes.subarray(0, 4096))) continue;
    const key = await contentKey(name, bytes);
    let hit = extracted.get(key);
    if (!hit) {
      const btf = await extractKernelBtf(bytes, {}, name);
      hit = { btf: btf.vmlinux ?? btf.modules[0]!.btf, note: `bpftool-wasm: kernel BTF from ${name}: ${btf.found.join(' > ')}\n` };
      extracted.set(key, hit);
    }
    out[name] = hit.btf;
    notes += hit.note;
  }
  return { files: out, notes };
}

async function run(args: string[], given: Record<string, Uint8Array>): Promise<Outcome> {
  try {
    const { files, notes } = await kernelBtfOf(given);
    // runRaw() copies the inputs in, and gives back only the files the run wrote.
    const r = await (await instance()).runRaw(args, { files, directories: [OUT_DIR] });
    const outcome: Outcome = { exitCode: r.exitCode, stdout: r.stdout, stderr: notes + decoder.decode(r.stderr), files: r.files };
    return Comlink.transfer(outcome, [outcome.stdout.buffer, ...Object.values(r.files).map((b) => b.buffer)]);
  } catch (err) {
    const e = err as { name?: string; message?: string; exitCode?: number; stderr?: string };
    // A package or image without BTF: its message, as the command line prints it.
    if (e.name === 'KernelBtfError') return { exitCode: e.exitCode ?? 1, stdout: new Uint8Array(0), stderr: e.stderr ?? '', files: {} };
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
