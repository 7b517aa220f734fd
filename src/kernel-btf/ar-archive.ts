/** The members of an `ar` archive (a Debian package: debian-binary, control.tar.*, data.tar.*). */
import { KernelBtfError } from '../core/errors.js';
import { asciiAt, hasTextAt } from './bytes.js';

export function isArArchive(bytes: Uint8Array): boolean {
  return hasTextAt(bytes, 0, '!<arch>\n');
}

export function arMembers(bytes: Uint8Array, what: string): Map<string, Uint8Array> {
  const members = new Map<string, Uint8Array>();
  let at = 8;
  while (at + 60 <= bytes.length) {
    // GNU ar ends short names with '/'; BSD ar pads with spaces.
    const name = asciiAt(bytes, at, 16).trimEnd().replace(/\/$/, '');
    const size = Number.parseInt(asciiAt(bytes, at + 48, 10).trim(), 10);
    if (!Number.isFinite(size) || size < 0 || !hasTextAt(bytes, at + 58, '`\n')) {
      throw new KernelBtfError(`${what} is a damaged ar archive: a member header at byte ${at} is not valid`);
    }
    if (at + 60 + size > bytes.length) throw new KernelBtfError(`${what} is cut short: its member ${name} ends past the end of the file`);
    members.set(name, bytes.subarray(at + 60, at + 60 + size));
    at += 60 + size + (size & 1);
  }
  return members;
}
