/**
 * Finds and loads the Node-API addon, lazily: importing the package never
 * touches it, so the import is safe in every runtime. Only Node.js and Deno
 * on Linux can load it; elsewhere calls throw UnsupportedPlatformError.
 */
import { BpftoolUsageError } from '../core/errors.js';
import { BpfError, UnsupportedPlatformError } from './errors.js';
import type { MapInfo } from './map.js';
import type { ProgramInfo } from './object.js';

export const ADDON_FILE = 'bpftool_native.node';

/** The addon hands back the public shapes as they are (plain data). */
export type NativeProgramInfo = ProgramInfo;
export type NativeMapInfo = MapInfo;

export interface NativeVariable {
  name: string;
  offset: number;
  size: number;
  kind: 'int' | 'uint' | 'float' | 'bytes';
}

export interface NativeObjectOptions {
  name?: string;
  kconfig?: string;
  btfCustomPath?: string;
  pinRootPath?: string;
}

/** The addon's object handle; see native/src/native-object.h. */
export interface NativeObject {
  name(): string;
  programs(): NativeProgramInfo[];
  maps(): NativeMapInfo[];
  load(): Promise<void>;
  loaded(): boolean;
  programFd(program: number): number;
  programId(program: number): number | null;
  mapFd(map: number): number;
  mapId(map: number): number | null;
  attach(program: number): number;
  detach(link: number): boolean;
  linkPin(link: number, path: string): void;
  linkUnpin(link: number): void;
  mapLookup(map: number, key: Uint8Array, flags?: number): Uint8Array | null;
  mapUpdate(map: number, key: Uint8Array, value: Uint8Array, flags?: number): void;
  mapDelete(map: number, key: Uint8Array, flags?: number): boolean;
  mapNextKey(map: number, key: Uint8Array | null): Uint8Array | null;
  mapPin(map: number, path: string): void;
  mapUnpin(map: number, path?: string): void;
  programPin(program: number, path: string): void;
  programUnpin(program: number, path: string): void;
  pin(path: string): void;
  unpin(path: string): void;
  globalView(map: number): ArrayBuffer;
  globalVariables(map: number): NativeVariable[];
  ringBufferOpen(map: number): number;
  ringBufferConsume(ring: number): Uint8Array[];
  ringBufferClose(ring: number): void;
  perfBufferOpen(map: number, pageCount: number): number;
  perfBufferConsume(perf: number): { events: Array<{ cpu: number; data: Uint8Array }>; lost: number };
  perfBufferClose(perf: number): void;
  close(): void;
}

export interface NativeAddon {
  NativeObject: new (source: Uint8Array | string, options: NativeObjectOptions) => NativeObject;
  possibleCpus(): number;
  libbpfVersion(): string;
}

interface HostGlobals {
  process?: { platform?: string; arch?: string; versions?: { node?: string } };
  Deno?: { build?: { os?: string; arch?: string } };
}

const host = globalThis as unknown as HostGlobals;

function hostPlatform(): { runtime: 'node' | 'deno' | undefined; os: string | undefined } {
  if (host.Deno) return { runtime: 'deno', os: host.Deno.build?.os };
  if (host.process?.versions?.node) return { runtime: 'node', os: host.process.platform };
  return { runtime: undefined, os: undefined };
}

let addon: Promise<NativeAddon> | undefined;

/** The addon, loaded once per realm; rejects with UnsupportedPlatformError. */
export function loadAddon(): Promise<NativeAddon> {
  addon ??= importAddon();
  return addon;
}

async function importAddon(): Promise<NativeAddon> {
  const { runtime, os } = hostPlatform();
  if (!runtime) {
    throw new UnsupportedPlatformError(
      'bpftool-wasm/native needs Node.js or Deno: loading BPF programs into a kernel is not possible from this runtime',
    );
  }
  if (os !== 'linux') {
    throw new UnsupportedPlatformError(`bpftool-wasm/native needs Linux: BPF is a Linux kernel facility, and this is ${os}`);
  }
  const { createRequire } = await import('node:module');
  const { fileURLToPath } = await import('node:url');
  const require = createRequire(import.meta.url);
  const denoArch = host.Deno?.build?.arch;
  const beside = fileURLToPath(new URL(`./${ADDON_FILE}`, import.meta.url));
  const found = locateAddon(require, beside, host.process?.arch ?? (denoArch === 'x86_64' ? 'x64' : denoArch));
  if ('missing' in found) throw new UnsupportedPlatformError(found.missing);
  try {
    return require(found.path) as NativeAddon;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const hint = runtime === 'deno' ? ' (Deno loads Node-API addons with --allow-ffi)' : '';
    throw new UnsupportedPlatformError(`bpftool-wasm/native: cannot load ${found.path}: ${why}${hint}`);
  }
}

/** The one platform with a prebuilt addon, and the optional package that carries it. */
export const PLATFORM_PACKAGE = 'bpftool-wasm-linux-x64-gnu';

/**
 * The addon ships in a package of its own per platform, an optional
 * dependency that npm installs only where it runs. A build from source
 * leaves it `beside` this module instead (dist/, made by build.sh).
 */
function locateAddon(require: NodeJS.Require, beside: string, arch: string | undefined): { path: string } | { missing: string } {
  for (const candidate of [`${PLATFORM_PACKAGE}/${ADDON_FILE}`, beside]) {
    try {
      return { path: require.resolve(candidate) };
    } catch {
      // not there: the next place, or what is missing
    }
  }
  const fromSource = `a build from source has it at ${beside} (./build.sh builds it; build/addon.log says why it did not)`;
  if (arch !== 'x64') {
    return { missing: `bpftool-wasm/native has no prebuilt addon for linux-${arch} (only linux-x64 with glibc has one, ${PLATFORM_PACKAGE}); ${fromSource}` };
  }
  return {
    missing:
      `bpftool-wasm/native: its addon, the optional package ${PLATFORM_PACKAGE}, is not installed. ` +
      'npm installs it with bpftool-wasm on Linux x86-64 with glibc, unless optional dependencies are left out ' +
      `(--omit=optional, --no-optional); musl (Alpine) has no prebuilt addon. Or ${fromSource}`,
  };
}

interface NativeThrown {
  message: string;
  errno?: number;
  code?: string | null;
  libbpfLog?: string;
  usage?: boolean;
}

/** The addon's thrown Error, as the package's typed error. */
export function translateError(e: unknown): Error {
  if (!(e instanceof Error)) return new Error(String(e));
  const t = e as Error & NativeThrown;
  if (t.usage) return new BpftoolUsageError(t.message);
  if (typeof t.errno === 'number') return new BpfError(t.message, t.errno, t.code ?? undefined, t.libbpfLog ?? '');
  return e;
}

/** Runs a call into the addon, throwing the package's typed errors. */
export function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw translateError(e);
  }
}
