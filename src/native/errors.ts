/**
 * Errors of the native bridge. Like the rest of the package, each has its
 * own `name`, so that it survives a structured clone.
 */

/** The native bridge cannot run here; `message` says why. */
export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError';
}

/** A libbpf or kernel call failed. */
export class BpfError extends Error {
  override readonly name: string = 'BpfError';
  /** The positive errno the call failed with (EPERM = 1, …). */
  readonly errno: number;
  /** Its symbolic name: `EPERM`, `EINVAL`, … or libbpf's own (`LIBBPF_ERRNO__FORMAT`, …). */
  readonly code: string | undefined;
  /** What libbpf printed during the call, as a C program would see it on stderr. */
  readonly libbpfLog: string;

  constructor(message: string, errno: number, code: string | undefined, libbpfLog: string) {
    const detail = libbpfLog.split('\n').find((l) => l.trim() !== '' && !l.includes('-- BEGIN PROG LOAD LOG --'));
    super(detail ? `${message}\n${detail.trim()}` : message);
    this.errno = errno;
    this.code = code;
    this.libbpfLog = libbpfLog;
  }
}

/** The kernel's verifier rejected a program during `load()`. */
export class BpfVerifierError extends BpfError {
  override readonly name = 'BpfVerifierError';
  /** The program the verifier rejected. */
  readonly programName: string;
  /** The verifier's full log for that program. */
  readonly verifierLog: string;

  constructor(message: string, errno: number, code: string | undefined, libbpfLog: string, programName: string, verifierLog: string) {
    super(message, errno, code, libbpfLog);
    this.programName = programName;
    this.verifierLog = verifierLog;
  }
}

/**
 * A value for an integer global variable that its C type cannot hold, or a
 * number that is not an integer. A RangeError, as JavaScript's own.
 */
export class GlobalRangeError extends RangeError {
  override readonly name = 'GlobalRangeError';
  /** The variable, and the section it is in (`.data`, …). */
  readonly variable: string;
  readonly section: string;
  /** The values its type holds, inclusive. */
  readonly min: bigint;
  readonly max: bigint;

  constructor(variable: string, section: string, min: bigint, max: bigint, value: number | bigint) {
    // Numbers in full (2 ** 64 reads 18446744073709552000 otherwise), so the message shows why they do not fit.
    const why = typeof value === 'number' && !Number.isInteger(value) ? `${value} is not an integer` : `${BigInt(value)} is out of range`;
    super(`'${variable}' in ${section} takes integers from ${min} to ${max}: ${why}`);
    this.variable = variable;
    this.section = section;
    this.min = min;
    this.max = max;
  }
}

const LOG_START = /prog '([^']*)': -- BEGIN PROG LOAD LOG --\n/;
const LOG_END = '-- END PROG LOAD LOG --\n';

/** The verifier log libbpf printed on a failed load, if it printed one. */
export function verifierLogIn(libbpfLog: string): { programName: string; log: string } | undefined {
  const start = LOG_START.exec(libbpfLog);
  if (!start) return undefined;
  const from = start.index + start[0].length;
  const end = libbpfLog.indexOf(LOG_END, from);
  return { programName: start[1]!, log: libbpfLog.slice(from, end < 0 ? undefined : end) };
}
