/**
 * Kernel module files and their names: `kernel/fs/ext4/ext4.ko.xz` is the
 * module `ext4`; in a name, `-` and `_` are the same character, as modprobe
 * treats them.
 */
const MODULE_FILE = /(?:^|\/)([^/]+)\.ko(?:\.(?:xz|zst|gz))?$/;

/** The module name of a path, or undefined when it is no module file. */
export function moduleNameOf(path: string): string | undefined {
  return MODULE_FILE.exec(path)?.[1];
}

export function sameModuleName(a: string, b: string): boolean {
  return a.replaceAll('-', '_') === b.replaceAll('-', '_');
}
