/**
 * One bpftool invocation in a fresh WebAssembly instance.
 *
 * Inputs are written into the instance's in-memory file system, bpftool's
 * main() runs with the caller's argv, and stdout, stderr, the exit code and
 * every file the command wrote are copied out before the instance is dropped.
 * Nothing survives from one call to the next.
 */
import { BpftoolCrashError, BpftoolUsageError } from './errors.js';
import type { BpftoolInstance, GlueFactory } from './glue.js';
import { ByteSink } from './sink.js';
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
   * The Linux kernel that uname() describes. Light skeletons (`-L`) bake its
   * release into the loader (LINUX_KERNEL_VERSION). Without it, such objects
   * fail with libbpf's "failed to get kernel version".
   */
  kernel?: KernelIdentity;
}

export interface KernelIdentity {
  /** `uname -r`, for example `6.12.117-amd64`. */
  release: string;
  /** `uname -v`. */
  version?: string;
  /** `uname -m`. Default `x86_64`. */
  machine?: string;
}

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
  const stdinBytes =
    typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;

  const stdout = new ByteSink();
  const stderr = new ByteSink();
  let aborted: unknown;

  // The glue waits for receive() forever if instantiation fails, so that
  // failure must end the wait itself.
  let failInstantiation: (err: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });

  let instance: BpftoolInstance;
  let memory: WebAssembly.Memory | undefined;
  try {
    instance = await Promise.race([
      instantiationFailed,
      factory({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(wasmModule, imports).then(
          (inst) => {
            memory = poisonNullPage(inst);
            receive(inst, wasmModule);
          },
          (err: unknown) => failInstantiation(err),
        );
        return {};
      },
      preRun: [
        (m) => {
          installStdStreams(m.FS, stdinBytes, stdout, stderr);
          if (options.kernel) {
            m.ENV['BPFTOOL_WASM_KERNEL_RELEASE'] = options.kernel.release;
            m.ENV['BPFTOOL_WASM_KERNEL_VERSION'] = options.kernel.version ?? '';
            m.ENV['BPFTOOL_WASM_KERNEL_MACHINE'] = options.kernel.machine ?? 'x86_64';
          }
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
      ],
      noFSInit: true,
      print: () => {},
      printErr: () => {},
      onAbort: (what) => {
        aborted = what;
      },
      }),
    ]);
  } catch (err) {
    throw new BpftoolCrashError(args, aborted ?? err, stderr.text());
  }

  let status: number;
  try {
    status = instance.callMain([...args]);
  } catch (err) {
    throw new BpftoolCrashError(args, aborted ?? err, stderr.text());
  }
  if (aborted !== undefined) {
    throw new BpftoolCrashError(args, aborted, stderr.text());
  }
  if (memory && !nullPageIntact(memory)) {
    throw new BpftoolCrashError(args, 'segmentation fault: a write through a NULL pointer', stderr.text());
  }

  const files: Record<string, Uint8Array> = {};
  for (const path of listFiles(instance, '/')) {
    const given = inputs.get(path);
    const written = instance.FS.stat(path).mtime.getTime() !== 0;
    if (given && !written) continue;
    files[relativeTo(path, cwd)] = instance.FS.readFile(path);
  }

  return {
    // A process exit status is 8 bits: main() returning -1 exits with 255.
    exitCode: status & 0xff,
    stdout: stdout.bytes(),
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

/**
 * Linux leaves the page at address 0 unmapped, so a NULL dereference kills
 * native bpftool with SIGSEGV. WebAssembly memory is readable from address 0
 * and emscripten keeps its first 1 KiB unused, where a NULL read would find
 * zeros and go on. Filled with 0xa5, a pointer read from there is
 * 0xa5a5a5a5, past the 2 GiB the memory can grow to, so its use traps as
 * native does; a count read from there is absurd. A write there is caught
 * when the run ends.
 */
const NULL_PAGE_BYTES = 1024;
const NULL_PAGE_POISON = 0xa5;

function poisonNullPage(inst: WebAssembly.Instance): WebAssembly.Memory {
  const memory = inst.exports['memory'] as WebAssembly.Memory;
  new Uint8Array(memory.buffer, 0, NULL_PAGE_BYTES).fill(NULL_PAGE_POISON);
  return memory;
}

/** A write there would have been SIGSEGV on Linux. */
function nullPageIntact(memory: WebAssembly.Memory): boolean {
  return new Uint8Array(memory.buffer, 0, NULL_PAGE_BYTES).every((b) => b === NULL_PAGE_POISON);
}
