/**
 * An RPM package: a lead, a signature header and a header (neither of which
 * holds files), then the payload, a compressed cpio archive.
 */
import { KernelBtfError } from '../core/errors.js';
import { hasBytesAt, viewOf } from './bytes.js';

const LEAD_MAGIC = [0xed, 0xab, 0xee, 0xdb];
const HEADER_MAGIC = [0x8e, 0xad, 0xe8, 0x01];
const LEAD_LENGTH = 96;

export function isRpm(bytes: Uint8Array): boolean {
  return hasBytesAt(bytes, 0, LEAD_MAGIC);
}

/** The compressed cpio payload that follows the two headers. */
export function rpmPayload(bytes: Uint8Array, what: string): Uint8Array {
  const v = viewOf(bytes);
  let at = LEAD_LENGTH;
  for (const header of ['signature header', 'header']) {
    if (!hasBytesAt(bytes, at, HEADER_MAGIC) || at + 16 > bytes.length) {
      throw new KernelBtfError(`${what} is a damaged RPM package: its ${header} is missing`);
    }
    const entries = v.getUint32(at + 8);
    const dataLength = v.getUint32(at + 12);
    at += 16 + entries * 16 + dataLength;
    // The signature header is padded to 8 bytes; the header is not.
    if (header === 'signature header') at = Math.ceil(at / 8) * 8;
  }
  if (at >= bytes.length) throw new KernelBtfError(`${what} is an RPM package without a payload`);
  return bytes.subarray(at);
}
