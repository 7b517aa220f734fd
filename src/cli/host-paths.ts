/**
 * Mapping between host paths and the module's POSIX file system.
 *
 * On POSIX hosts the module mirrors the host layout: the same absolute paths
 * and the same working directory, so arguments pass through untouched and
 * bpftool's messages name the paths exactly as native bpftool would.
 *
 * On Windows, `C:\Users\me\x.o` lives at `/C/Users/me/x.o`, and arguments
 * that are paths are rewritten to that form (backslashes become slashes).
 */
import type { PlatformPath } from 'node:path';

export interface HostPaths {
  /** The module path for a host path (absolute or relative to the host cwd). */
  toWasm(hostPath: string): string;
  /** The host path for a module path (absolute, or relative to the module cwd). */
  toHost(wasmPath: string): string;
  /** An argument as bpftool inside the module should see it. */
  mapArg(arg: string): string;
  /** The module's working directory. */
  readonly wasmCwd: string;
}

export function hostPaths(path: PlatformPath, hostCwd: string): HostPaths {
  const windows = path.sep === '\\';

  const absToWasm = (abs: string): string => {
    if (!windows) return path.normalize(abs);
    const parsed = path.parse(abs);
    const drive = /^([A-Za-z]):/.exec(parsed.root)?.[1]?.toUpperCase();
    const rest = abs.slice(parsed.root.length).split(/[\\/]+/).filter(Boolean).join('/');
    if (drive) return `/${drive}/${rest}`.replace(/\/$/, '') || '/';
    // UNC paths (\\server\share\…) keep their server and share as folders.
    const unc = parsed.root.split(/[\\/]+/).filter(Boolean).join('/');
    return `/unc/${unc}/${rest}`.replace(/\/$/, '');
  };

  const wasmCwd = absToWasm(path.resolve(hostCwd));

  return {
    wasmCwd,
    toWasm(hostPath) {
      return absToWasm(path.resolve(hostCwd, hostPath));
    },
    toHost(wasmPath) {
      if (!wasmPath.startsWith('/')) return path.resolve(hostCwd, ...wasmPath.split('/'));
      if (!windows) return wasmPath;
      const [, first = '', ...rest] = wasmPath.split('/');
      if (first === 'unc') {
        const [server = '', share = '', ...tail] = rest;
        return `\\\\${server}\\${share}\\${tail.join('\\')}`;
      }
      return `${first}:\\${rest.join('\\')}`;
    },
    mapArg(arg) {
      if (!windows) return arg;
      // Absolute, with or without a drive (`\\objs\\a.o` is on the current drive).
      if (path.isAbsolute(arg)) return absToWasm(path.resolve(hostCwd, arg));
      return arg.includes('\\') ? arg.replace(/\\/g, '/') : arg;
    },
  };
}
