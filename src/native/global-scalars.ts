/**
 * One variable of global data as a JavaScript value, in the host's byte
 * order (the BPF programs' own). Writes are checked against the variable's
 * C type before a byte changes: a value it cannot hold is refused, never
 * wrapped.
 */
import { BpftoolUsageError } from '../core/errors.js';
import { GlobalRangeError } from './errors.js';
import type { GlobalValue, GlobalVariable } from './globals.js';

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether `get` gives a number or bigint for it, rather than its bytes. */
export function isScalar(v: GlobalVariable): boolean {
  if (v.kind === 'float') return v.size === 4 || v.size === 8;
  if (v.kind === 'int' || v.kind === 'uint') return v.size === 1 || v.size === 2 || v.size === 4 || v.size === 8;
  return false;
}

/** Reads a scalar variable (see isScalar) from the section's bytes. */
export function readScalar(section: Uint8Array, v: GlobalVariable): number | bigint {
  const dv = new DataView(section.buffer, section.byteOffset + v.offset, v.size);
  if (v.kind === 'float') return v.size === 4 ? dv.getFloat32(0, hostLittleEndian) : dv.getFloat64(0, hostLittleEndian);
  const signed = v.kind === 'int';
  switch (v.size) {
    case 1:
      return signed ? dv.getInt8(0) : dv.getUint8(0);
    case 2:
      return signed ? dv.getInt16(0, hostLittleEndian) : dv.getUint16(0, hostLittleEndian);
    case 4:
      return signed ? dv.getInt32(0, hostLittleEndian) : dv.getUint32(0, hostLittleEndian);
    default:
      return signed ? dv.getBigInt64(0, hostLittleEndian) : dv.getBigUint64(0, hostLittleEndian);
  }
}

/**
 * Writes `value` into the variable in the section's bytes: its exact bytes
 * as a Uint8Array, or for a scalar a number (or a bigint, for an integer).
 * Throws BpftoolUsageError for a value of another type, GlobalRangeError for
 * an integer its type cannot hold, and then writes nothing.
 */
export function writeValue(section: Uint8Array, sectionName: string, v: GlobalVariable, value: GlobalValue): void {
  if (value instanceof Uint8Array && value.length === v.size) {
    section.set(value, v.offset);
    return;
  }
  const accepted = !isScalar(v) ? '' : v.kind === 'float' ? 'a number or ' : 'a number, a bigint or ';
  const wrongType = () =>
    new BpftoolUsageError(`'${v.name}' in ${sectionName} takes ${accepted}its ${v.size} bytes as a Uint8Array, not ${describe(value)}`);
  if (!isScalar(v) || value instanceof Uint8Array) throw wrongType();
  const dv = new DataView(section.buffer, section.byteOffset + v.offset, v.size);
  if (v.kind === 'float') {
    if (typeof value !== 'number') throw wrongType();
    if (v.size === 4) dv.setFloat32(0, value, hostLittleEndian);
    else dv.setFloat64(0, value, hostLittleEndian);
    return;
  }
  if (typeof value !== 'number' && typeof value !== 'bigint') throw wrongType();
  // In range, a signed value and its two's complement are the same bytes.
  const bits = BigInt.asUintN(v.size * 8, integerIn(v, sectionName, value));
  switch (v.size) {
    case 1:
      return dv.setUint8(0, Number(bits));
    case 2:
      return dv.setUint16(0, Number(bits), hostLittleEndian);
    case 4:
      return dv.setUint32(0, Number(bits), hostLittleEndian);
    default:
      return dv.setBigUint64(0, bits, hostLittleEndian);
  }
}

/** `value` as a bigint, if the variable's integer type holds it. */
function integerIn(v: GlobalVariable, sectionName: string, value: number | bigint): bigint {
  const bits = BigInt(v.size * 8);
  const [min, max] = v.kind === 'int' ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
  const n = typeof value === 'bigint' ? value : Number.isInteger(value) ? BigInt(value) : undefined;
  if (n === undefined || n < min || n > max) throw new GlobalRangeError(v.name, sectionName, min, max, value);
  return n;
}

/** What was given instead, for the message: `a string`, `null`, `an object (Array)`, `3 bytes`. */
function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
}
