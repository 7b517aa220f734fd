/**
 * One bpftool run on the host, for the CLI: the same bpftool.wasm behind
 * emscripten's host-backed glue (NODERAWFS). Every open, stat, write and
 * unlink of the module is the host's own, relative paths resolve against the
 * process's working directory, and stdout and stderr are the process's, so
 * the command behaves as native bpftool does on this host: files named
 * anywhere (a `batch file`, `--base-btf=F`) are found, outputs are written
 * where and as the host allows, and nothing is copied.
 */
import type { KernelIdentity } from '../core/host-facts.js';
import { hostFactsEnvironment } from '../core/host-facts.js';
import { runMain } from '../core/instance.js';
import createHostModule from '../generated/host-glue.mjs';
import type { HeldOutput } from './held-output.js';
import { installHostStdStreams } from './host-streams.js';
import { aliasedPath } from './kernel-inputs.js';

export interface HostRunOptions {
  /** The host to describe; on Linux the CLI passes this host's own facts. */
  kernel?: KernelIdentity;
  /** Environment variables that libbpf reads, passed through from the process. */
  env?: Record<string, string>;
  /**
   * Files that bpftool opens under another name: a kernel package or image named on the command line
   * opens as the BTF extracted from it (kernel-inputs.ts).
   */
  aliases?: Record<string, string>;
}

/** How a run on the main thread keeps the means to start again elsewhere (main-thread-run.ts). */
export interface Retractable {
  /** Where stdout and stderr are held. */
  held: HeldOutput;
  /**
   * Called when bpftool opens a host file to change what it holds (for writing, and neither
   * truncated nor new): from then on, a second run would not find the files the first one found.
   */
  onLastingWrite(): void;
}

/** The C library's open() flags (Linux's numbers). */
const O_ACCMODE = 3;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;

/**
 * An open that a run from the start would undo: not for writing, or truncating (`gen object`'s
 * output, fopen()'s "w"), so that the second run writes the whole file again, as one run would.
 */
function undoneByRerun(flags: number | string): boolean {
  if (typeof flags === 'string') return !/[a+]/.test(flags);
  return (flags & O_ACCMODE) === 0 || ((flags & O_TRUNC) !== 0 && (flags & O_APPEND) === 0);
}

/** Runs bpftool with `args`; returns its exit status. Its output has gone to the process's stdout and stderr. */
export async function runOnHost(
  wasmModule: WebAssembly.Module,
  args: readonly string[],
  options: HostRunOptions = {},
  retractable?: Retractable,
): Promise<number> {
  const environment = { ...options.env, ...hostFactsEnvironment(options.kernel) };
  const { status } = await runMain(createHostModule, wasmModule, args, {
    // stderr went to the process as it was written; the crash message adds what stopped the run.
    stderrText: () => '',
    preRun(m) {
      installHostStdStreams(m.FS, [0, 1, 2], retractable?.held);
      // Every open and stat of a path reaches the host through these (NODERAWFS).
      const aliases = options.aliases ?? {};
      const { open, stat, lstat } = m.FS;
      m.FS.open = (path, flags, ...rest) => {
        // The C library passes numbers; the glue's own calls may pass fopen()-style strings ("w" truncates).
        if (retractable && !undoneByRerun(flags)) retractable.onLastingWrite();
        return open.call(m.FS, aliasedPath(aliases, path), flags, ...rest);
      };
      m.FS.stat = (path, ...rest) => stat.call(m.FS, aliasedPath(aliases, path), ...rest);
      m.FS.lstat = (path, ...rest) => lstat.call(m.FS, aliasedPath(aliases, path), ...rest);
      Object.assign(m.ENV, environment);
    },
  });
  return status;
}
