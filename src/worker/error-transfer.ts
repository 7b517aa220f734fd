/**
 * Errors across a worker boundary. Structured cloning keeps an Error's
 * message but drops its class and its own fields, so bpftool's errors are
 * sent as plain data and rebuilt as the same classes on the other side, with
 * `name`, `message`, `exitCode`, `stderr` (and `stdout`) intact.
 *
 * The wire shape is Comlink's own for thrown errors, with the extra fields
 * in `value`: a caller using plain Comlink (without this handler) still gets
 * an Error carrying `exitCode` and `stderr`.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import {
  BpftoolCrashError,
  BpftoolError,
  BpftoolLoadError,
  BpftoolOutputLimitError,
  BpftoolUsageError,
  BpftoolWorkerError,
} from '../core/errors.js';

/** What crosses the boundary for a thrown value. */
export interface SerializedThrow {
  isError: boolean;
  value: unknown;
}

const ERROR_CLASSES: Record<string, { prototype: Error }> = {
  BpftoolError,
  BpftoolCrashError,
  BpftoolLoadError,
  BpftoolOutputLimitError,
  BpftoolUsageError,
  BpftoolWorkerError,
};

/** An Error as plain data: its name, message, stack and every primitive own field. */
export function serializeError(err: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack };
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  return plain;
}

/** The error serializeError() describes, as an instance of its own class where it is one of ours. */
export function reviveError(plain: Record<string, unknown>): Error {
  const name = typeof plain['name'] === 'string' ? plain['name'] : 'Error';
  const cls = ERROR_CLASSES[name];
  const err: Error = cls ? (Object.create(cls.prototype) as Error) : new Error(String(plain['message'] ?? ''));
  for (const [key, value] of Object.entries(plain)) {
    Object.defineProperty(err, key, { value, writable: true, configurable: true, enumerable: key !== 'stack' && key !== 'message' });
  }
  return err;
}

let registered = false;

/** Replaces Comlink's handler for thrown values; both ends of a channel call it. */
export function registerErrorTransfer(): void {
  if (registered) return;
  // Which values are "thrown" is Comlink's own business (a private marker).
  const builtin = transferHandlers.get('throw')!;
  const handler: TransferHandler<{ value: unknown }, SerializedThrow> = {
    canHandle: (value): value is { value: unknown } => builtin.canHandle(value),
    serialize({ value }) {
      const serialized: SerializedThrow =
        value instanceof Error ? { isError: true, value: serializeError(value) } : { isError: false, value };
      return [serialized, []];
    },
    deserialize(serialized) {
      if (serialized.isError) throw reviveError(serialized.value as Record<string, unknown>);
      throw serialized.value;
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  registered = true;
}
