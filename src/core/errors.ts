/**
 * Errors thrown by bpftool-wasm. Each carries a distinct `name`, so that it
 * can be told apart after crossing a worker boundary, where classes are lost
 * and only plain fields survive.
 */

/** bpftool ran and exited non-zero. `stderr` is bpftool's own message. */
export class BpftoolError extends Error {
  override readonly name = 'BpftoolError';
  readonly exitCode: number;
  readonly stderr: string;
  readonly stdout: string;

  /**
   * `namedBy`: file names the API chose where the caller gave none, each
   * with what the caller passed there (`input0.bpf.o` -> `objects[0]`), so
   * that a message naming the file can be traced to the argument.
   */
  constructor(args: readonly string[], exitCode: number, stdout: string, stderr: string, namedBy: Record<string, string> = {}) {
    const firstLine = stderr.split('\n').find((line) => line.trim() !== '') ?? '';
    const named = Object.entries(namedBy).map(([file, what]) => `${file} is ${what}`);
    super(
      `bpftool ${args.join(' ')} exited with code ${exitCode}${firstLine ? `: ${firstLine}` : ''}` +
        (named.length ? ` (no file names were given: ${named.join(', ')})` : ''),
    );
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

/**
 * The WebAssembly instance trapped or aborted (for example on memory
 * exhaustion). The instance is discarded; the next call gets a fresh one.
 */
export class BpftoolCrashError extends Error {
  override readonly name = 'BpftoolCrashError';
  readonly exitCode: number;
  readonly stderr: string;

  constructor(args: readonly string[], cause: unknown, stderr: string) {
    // The shims say what stopped the run (a bus error, a NULL string) on
    // stderr before they abort(), which itself carries no message.
    const said = stderr.split('\n').reverse().find((line) => line.startsWith(SHIM_PREFIX));
    const message = cause instanceof Error ? cause.message : cause === undefined ? '' : String(cause);
    const reason = said ? said.slice(SHIM_PREFIX.length) : message || 'abort() was called';
    super(`bpftool ${args.join(' ')} crashed in WebAssembly: ${reason}`, { cause });
    this.exitCode = 134; // what a native process killed by SIGABRT reports
    this.stderr = stderr;
  }
}

const SHIM_PREFIX = 'bpftool-wasm: ';

/**
 * A run's stdout and stderr grew past RunOptions.maxOutputBytes (default
 * 256 MiB), the most a result is held in memory. The run is stopped there;
 * pass `onStdout` to take any amount of output as it is written.
 */
export class BpftoolOutputLimitError extends Error {
  override readonly name = 'BpftoolOutputLimitError';
  readonly exitCode = 1;
  readonly stderr: string;
  readonly limit: number;

  constructor(args: readonly string[], limit: number, stderr: string) {
    super(
      `bpftool ${args.join(' ')} wrote more than ${limit} bytes of output, the most a result holds; ` +
        'pass onStdout to take the output as it is written',
    );
    this.limit = limit;
    this.stderr = stderr;
  }
}

/** The .wasm could not be found, fetched or compiled. */
export class BpftoolLoadError extends Error {
  override readonly name = 'BpftoolLoadError';
  readonly exitCode = 1;
  readonly stderr = '';
}

/** The caller passed something bpftool-wasm cannot use (not bpftool's verdict). */
export class BpftoolUsageError extends Error {
  override readonly name = 'BpftoolUsageError';
  readonly exitCode = 2;
  readonly stderr = '';
}

/** The worker that served the calls failed to start or died; its calls fail with this. */
export class BpftoolWorkerError extends Error {
  override readonly name = 'BpftoolWorkerError';
  readonly exitCode = 1;
  readonly stderr = '';
}

/**
 * No kernel BTF could be taken out of the bytes given to extractKernelBtf()
 * (or to a command that extracts on the fly). The message names what was
 * found and what is missing ("this bzImage's payload is compressed with lzo,
 * which is not supported"); `stderr` is the same line, as the CLI prints it.
 */
export class KernelBtfError extends Error {
  override readonly name = 'KernelBtfError';
  readonly exitCode = 1;
  readonly stderr: string;

  constructor(message: string) {
    super(message);
    this.stderr = `Error: ${message}\n`;
  }
}
