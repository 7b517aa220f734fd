/** POSIX path arithmetic for the module's file system (never the host's). */

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Resolves `path` against `cwd` and removes `.`, `..` and repeated slashes. */
export function normalizeWasmPath(path: string, cwd: string): string {
  const full = path.startsWith('/') ? path : joinPath(cwd, path);
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `path` relative to `dir` when it lies inside it, else `path` unchanged. */
export function relativeTo(path: string, dir: string): string {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
