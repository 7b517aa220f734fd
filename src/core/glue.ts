/**
 * The slice of emscripten's generated glue (build/wasm/bpftool.mjs) that the
 * facade uses. The glue is built with MODULARIZE, so each call of the factory
 * makes a fresh instance with its own memory and file system.
 */

/** An open file of the glue's file system, as device operations see it. */
export interface EmscriptenStream {
  seekable: boolean;
}

/** Operations of a stream that is no file of the file system (a device, a host descriptor). */
export interface EmscriptenStreamOps {
  read?(stream: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number): number;
  write?(stream: EmscriptenStream, buffer: ArrayBufferView, offset: number, length: number): number;
}

export interface EmscriptenFS {
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: object): void;
  mkdev(path: string, dev: number): void;
  open(path: string, flags: number | string, mode?: number, fdStart?: number): EmscriptenStream;
  /** Installs a stream at the lowest free descriptor from `fdStart` to `fdEnd`. */
  createStream(stream: object, fdStart?: number, fdEnd?: number): EmscriptenStream & { fd: number };
  /** Emscripten's file-system error: `errno` is the C library's number. */
  ErrnoError: new (errno: number) => Error;
  mkdir(path: string): void;
  mkdirTree(path: string): void;
  chdir(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  stat(path: string, dontFollow?: boolean): { mode: number; size: number; mtime: Date };
  lstat(path: string): { mode: number; size: number; mtime: Date };
  utime(path: string, atime: number, mtime: number): void;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  analyzePath(path: string): { exists: boolean };
}

export interface BpftoolInstance {
  FS: EmscriptenFS;
  /** Environment variables that the C side's getenv() sees. */
  ENV: Record<string, string>;
  callMain(args: string[]): number;
}

export interface GlueOptions {
  instantiateWasm(
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object;
  preRun: Array<(module: BpftoolInstance) => void>;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  onAbort?: (what: unknown) => void;
  /** Called by exit() in place of ending the process (Node glue) or throwing (web glue). */
  quit?: (status: number, toThrow: unknown) => void;
  /** argv[0]. */
  thisProgram?: string;
  noExitRuntime?: boolean;
  /** Leaves the standard streams to the caller (FS.init is not called). */
  noFSInit?: boolean;
}

export type GlueFactory = (options: GlueOptions) => Promise<BpftoolInstance>;
