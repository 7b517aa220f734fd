/**
 * One bpftool invocation in a fresh WebAssembly instance.
 *
 * Inputs are written into the instance's in-memory file system, bpftool's
 * main() runs with the caller's argv, and stdout, stderr, the exit code and
 * every file the command wrote are copied out before the instance is dropped.
 * Nothing survives from one call to the next.
 */
import { BpftoolOutputLimitError, BpftoolUsageError } from './errors.js';
import type { BpftoolInstance, GlueFactory } from './glue.js';
import { runMain } from './instance.js';
import { hostFactsEnvironment, STANDARD_BPFFS, type KernelIdentity } from './host-facts.js';
import { ByteSink, ChunkSink, OutputBudget } from './sink.js';
import { installStdStreams } from './std-streams.js';
import { joinPath, normalizeWasmPath, relativeTo } from './wasm-path.js';

export interface RunOptions {
  /** Input files, by path. Relative paths are taken from `cwd`. */
  files?: Record<string, Uint8Array>;
  /** Working directory inside the module's file system (absolute, POSIX). Default `/work`. */
  cwd?: string;
  /** Bytes for bpftool's standard input (`batch file -`). */
  stdin?: Uint8Array | string;
  /** Extra empty directories to create, for output paths inside them. */
  directories?: readonly string[];
  /**
   * The Linux host to describe (see KernelIdentity): what uname() says, and
   * where BPF file systems are mounted. Light skeletons (`-L`) bake the
   * release into the loader (LINUX_KERNEL_VERSION).
   */
  kernel?: KernelIdentity;
  /**
   * Takes stdout as it is written, in chunks the callee may keep; the
   * result's `stdout` is then empty. Memory stays bounded by what the
   * command itself needs, whatever the size of its output. An exception it
   * throws stops the run and is thrown by run().
   */
  onStdout?: (chunk: Uint8Array) => void;
  /**
   * The most bytes of stdout and stderr a result holds (without `onStdout`,
   * stdout counts too). Past it the run stops with BpftoolOutputLimitError.
   * Default 256 MiB.
   */
  maxOutputBytes?: number;
}

/** RunOptions.maxOutputBytes by default: a result is held in memory, and decoded as one string by run(). */
export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Files the command created or changed, by path (relative to `cwd` when inside it). */
  files: Record<string, Uint8Array>;
}

/** What a run produced, as bytes: the CLI writes these without any decoding. */
export interface RawRunResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  files: Record<string, Uint8Array>;
}

export type { KernelIdentity };

export const DEFAULT_CWD = '/work';

/** Folders of the module's own that never hold user files. */
const SYSTEM_DIRS = new Set(['/dev', '/proc']);

export async function runRaw(
  factory: GlueFactory,
  wasmModule: WebAssembly.Module,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RawRunResult> {
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) {
    throw new BpftoolUsageError('args must be an array of strings');
  }
  const cwd = normalizeWasmPath(options.cwd ?? DEFAULT_CWD, '/');
  const inputs = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(options.files ?? {})) {
    if (!(bytes instanceof Uint8Array)) {
      throw new BpftoolUsageError(`files['${name}'] must be a Uint8Array`);
    }
    inputs.set(normalizeWasmPath(name, cwd), bytes);
  }
  let environment: Record<string, string>;
  try {
    environment = hostFactsEnvironment(options.kernel);
  } catch (err) {
    throw new BpftoolUsageError((err as Error).message);
  }
  const stdinBytes =
    typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;

  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (!(limit >= 0)) throw new BpftoolUsageError('maxOutputBytes must be a number of bytes');
  if (options.onStdout !== undefined && typeof options.onStdout !== 'function') {
    throw new BpftoolUsageError('onStdout must be a function');
  }
  const budget = new OutputBudget(limit, () => new BpftoolOutputLimitError(args, limit, stderr.text()));
  const stderr: ByteSink = new ByteSink(budget);
  const stdout = options.onStdout ? new ChunkSink(options.onStdout) : new ByteSink(budget);
  const { instance, status } = await runMain(factory, wasmModule, args, {
    stderrText: () => stderr.text(),
    preRun(m) {
      installStdStreams(m.FS, stdinBytes, stdout, stderr);
      Object.assign(m.ENV, environment);
      // As on Linux, /sys/fs/bpf exists whether or not a BPF file system is mounted there.
      for (const dir of [...STANDARD_BPFFS, ...(options.kernel?.bpffs ?? [])]) m.FS.mkdirTree(dir);
      m.FS.mkdirTree(cwd);
      for (const dir of options.directories ?? []) m.FS.mkdirTree(normalizeWasmPath(dir, cwd));
      for (const [path, bytes] of inputs) {
        const dir = path.slice(0, path.lastIndexOf('/')) || '/';
        m.FS.mkdirTree(dir);
        m.FS.writeFile(path, bytes);
        // A zero mtime marks the file as given; any write by bpftool moves it.
        m.FS.utime(path, 0, 0);
      }
      m.FS.chdir(cwd);
    },
  });

  const files: Record<string, Uint8Array> = {};
  for (const path of listFiles(instance, '/')) {
    const given = inputs.get(path);
    const written = instance.FS.stat(path).mtime.getTime() !== 0;
    if (given && !written) continue;
    files[relativeTo(path, cwd)] = instance.FS.readFile(path);
  }

  return {
    exitCode: status,
    stdout: stdout instanceof ByteSink ? stdout.bytes() : new Uint8Array(0),
    stderr: stderr.bytes(),
    files,
  };
}

function listFiles(instance: BpftoolInstance, dir: string): string[] {
  const out: string[] = [];
  for (const name of instance.FS.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const path = joinPath(dir, name);
    if (SYSTEM_DIRS.has(path)) continue;
    const { mode } = instance.FS.stat(path);
    if (instance.FS.isDir(mode)) out.push(...listFiles(instance, path));
    else if (instance.FS.isFile(mode)) out.push(path);
  }
  return out;
}

const decoder = new TextDecoder();

export function decodeResult(raw: RawRunResult): RunResult {
  return {
    exitCode: raw.exitCode,
    stdout: decoder.decode(raw.stdout),
    stderr: decoder.decode(raw.stderr),
    files: raw.files,
  };
}
