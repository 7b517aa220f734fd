/** An opened BPF object: describe, load, attach, and reach its maps and data. */
import { BpftoolUsageError } from '../core/errors.js';
import { call, loadAddon, translateError, type NativeAddon, type NativeObject } from './addon.js';
import { BpfError, BpfVerifierError, verifierLogIn } from './errors.js';
import { GlobalSection, Globals } from './globals.js';
import { Link } from './link.js';
import { BpfMap, type MapInfo } from './map.js';
import { PerfBuffer, type PerfBufferOptions } from './perf-buffer.js';
import type { PolledEvents } from './polled-events.js';
import { RingBuffer, type RingBufferOptions } from './ring-buffer.js';

/** How a program is declared. Plain data. */
export interface ProgramInfo {
  name: string;
  /** libbpf's name for the type: `tracepoint`, `kprobe`, `xdp`, … */
  type: string;
  /** Its ELF section, which tells libbpf how to attach it (`tp/syscalls/sys_enter_getpid`, …). */
  section: string;
  /** Whether `load()` loads it. */
  autoload: boolean;
}

export interface OpenOptions {
  /**
   * The object's name (libbpf prefixes the maps of global data with it).
   * Default: the file's name for a path, `bpf_object` for bytes.
   */
  name?: string;
  /** Extra Kconfig values for `extern` Kconfig variables (`CONFIG_X=y` lines). */
  kconfig?: string;
  /** A BTF file to use for CO-RE relocations instead of the kernel's. */
  btfCustomPath?: string;
  /** Where maps declared with `LIBBPF_PIN_BY_NAME` are pinned (default `/sys/fs/bpf`). */
  pinRootPath?: string;
}

/** A program of an object. */
export class BpfProgram {
  readonly info: ProgramInfo;

  /** @internal */
  constructor(
    private readonly object: BpfObject,
    private readonly native: NativeObject,
    private readonly index: number,
    info: ProgramInfo,
  ) {
    this.info = Object.freeze({ ...info });
  }

  get name(): string {
    return this.info.name;
  }
  /** Its file descriptor once loaded (owned by the object). */
  get fd(): number {
    return call(() => this.native.programFd(this.index));
  }
  /** The kernel's id for it, as `bpftool prog list` shows it; null if not loaded. */
  get id(): number | null {
    return call(() => this.native.programId(this.index));
  }
  /** Attaches it where its section says. */
  attach(): Link {
    return this.object.attach(this.name);
  }
  pin(path: string): void {
    call(() => this.native.programPin(this.index, path));
  }
  unpin(path: string): void {
    call(() => this.native.programUnpin(this.index, path));
  }
  /** @internal */
  get position(): number {
    return this.index;
  }
}

export class BpfObject {
  readonly name: string;
  /** The programs, as declared. */
  readonly programs: readonly ProgramInfo[];
  /** The maps, as declared (global data sections included). */
  readonly maps: readonly MapInfo[];
  /** `.bss`, `.data`, `.rodata` and other global data sections. */
  readonly globals: Globals;

  private readonly programHandles: Map<string, BpfProgram>;
  private readonly mapHandles: Map<string, BpfMap>;
  private readonly links = new Set<Link>();
  private readonly readers = new Set<PolledEvents<unknown>>();
  private closed = false;

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    addon: NativeAddon,
  ) {
    this.name = native.name();
    const programs = native.programs();
    const maps = native.maps();
    this.programs = Object.freeze(programs.map((p) => Object.freeze({ ...p })));
    this.programHandles = new Map(programs.map((p, i) => [p.name, new BpfProgram(this, native, i, p)]));
    this.mapHandles = new Map(maps.map((m, i) => [m.name, new BpfMap(native, i, m, () => addon.possibleCpus())]));
    this.maps = Object.freeze([...this.mapHandles.values()].map((m) => m.info));
    const sections = new Map<string, GlobalSection>();
    maps.forEach((m, i) => {
      if (m.section !== null && m.type === 'array') {
        const readOnly = (m.flags & BPF_F_RDONLY_PROG) !== 0;
        sections.set(m.section, new GlobalSection(native, i, m.section, m.name, readOnly));
      }
    });
    this.globals = new Globals(sections);
  }

  /** True once `load()` has succeeded. */
  get loaded(): boolean {
    return !this.closed && this.native.loaded();
  }

  /**
   * Loads every program and creates every map in the kernel. Runs off the
   * main thread. When the verifier rejects a program the error is a
   * BpfVerifierError carrying its full log.
   */
  async load(): Promise<void> {
    try {
      await call(() => this.native.load());
    } catch (e) {
      const err = translateError(e);
      if (err instanceof BpfError) {
        const verifier = verifierLogIn(err.libbpfLog);
        if (verifier) {
          throw new BpfVerifierError(
            `${err.message.split('\n')[0]}: the verifier rejected program '${verifier.programName}'`,
            err.errno,
            err.code,
            err.libbpfLog,
            verifier.programName,
            verifier.log,
          );
        }
      }
      throw err;
    }
  }

  /**
   * Attaches one program where its section says, or, without a name, every
   * program libbpf knows how to attach by itself (as a skeleton's `attach()`
   * does). The Link detaches them.
   */
  attach(programName?: string): Link {
    if (programName !== undefined) {
      const p = this.program(programName);
      const id = call(() => this.native.attach(p.position));
      return this.track(new Link(this.native, [id], [p.name]));
    }
    const ids: number[] = [];
    const names: string[] = [];
    try {
      for (const p of this.programHandles.values()) {
        if (!p.info.autoload) continue;
        try {
          ids.push(call(() => this.native.attach(p.position)));
          names.push(p.name);
        } catch (e) {
          // Programs libbpf cannot attach by section alone are skipped, as skeletons do.
          if (e instanceof BpfError && e.code === 'EOPNOTSUPP') continue;
          throw e;
        }
      }
    } catch (e) {
      for (const id of ids) this.native.detach(id);
      throw e;
    }
    if (ids.length === 0) throw new BpftoolUsageError(`no program of '${this.name}' can be attached by its section alone`);
    return this.track(new Link(this.native, ids, names));
  }

  program(name: string): BpfProgram {
    const p = this.programHandles.get(name);
    if (!p) throw new BpftoolUsageError(`no program '${name}' in '${this.name}' (programs: ${[...this.programHandles.keys()].join(', ')})`);
    return p;
  }

  map(name: string): BpfMap {
    const m = this.mapHandles.get(name) ?? [...this.mapHandles.values()].find((x) => x.info.section === name);
    if (!m) throw new BpftoolUsageError(`no map '${name}' in '${this.name}' (maps: ${[...this.mapHandles.keys()].join(', ')})`);
    return m;
  }

  /** The ring buffer map `name`, as an async iterator of its events. */
  ringbuf(name: string, options?: RingBufferOptions): RingBuffer {
    const m = this.map(name);
    const index = this.maps.indexOf(m.info);
    const id = call(() => this.native.ringBufferOpen(index));
    const rb = new RingBuffer(this.native, id, name, options);
    this.readers.add(rb);
    return rb;
  }

  /** The perf event array `name`, as an async iterator of its samples. */
  perfbuf(name: string, options: PerfBufferOptions = {}): PerfBuffer {
    const m = this.map(name);
    const index = this.maps.indexOf(m.info);
    const pages = options.pageCount ?? 8;
    if (!Number.isInteger(pages) || pages <= 0 || (pages & (pages - 1)) !== 0) {
      throw new BpftoolUsageError(`pageCount must be a power of two, not ${pages}`);
    }
    const id = call(() => this.native.perfBufferOpen(index, pages));
    const pb = new PerfBuffer(this.native, id, name, options);
    this.readers.add(pb);
    return pb;
  }

  /** Pins every map and program under the directory `path` of a BPF file system. */
  pin(path: string): void {
    call(() => this.native.pin(path));
  }

  /** Removes the pins `pin(path)` made. */
  unpin(path: string): void {
    call(() => this.native.unpin(path));
  }

  /**
   * Detaches every link, stops every ring and perf buffer reader, detaches the views
   * of global data and releases the programs and maps. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const reader of this.readers) reader.close();
    for (const link of this.links) link.detach();
    this.native.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private track(link: Link): Link {
    this.links.add(link);
    return link;
  }
}

const BPF_F_RDONLY_PROG = 1 << 7;

/**
 * Opens a BPF object file (a path) or image (bytes). Nothing reaches the
 * kernel until `load()`.
 */
export async function openObject(source: Uint8Array | string, options: OpenOptions = {}): Promise<BpfObject> {
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
    throw new BpftoolUsageError('openObject: the object must be a Uint8Array or a path');
  }
  const addon = await loadAddon();
  const opts = { ...options };
  if (typeof source !== 'string' && opts.name === undefined) opts.name = 'bpf_object';
  const native = call(() => new addon.NativeObject(source, opts));
  return new BpfObject(native, addon);
}
