/** A map of a loaded BPF object: lookups, updates, deletes and iteration. */
import { BpftoolUsageError } from '../core/errors.js';
import { call, type NativeMapInfo, type NativeObject } from './addon.js';

/** Flags of `update()`, as in the kernel's `BPF_ANY`, `BPF_NOEXIST`, … */
export const UpdateFlags = {
  /** Create the element or replace it. */
  ANY: 0,
  /** Create the element only if it does not exist. */
  NOEXIST: 1,
  /** Replace the element only if it exists. */
  EXIST: 2,
  /** Take the value's spin lock (maps whose value holds a `bpf_spin_lock`). */
  LOCK: 4,
} as const;

/** How a map is declared. Plain data. */
export interface MapInfo {
  name: string;
  /** libbpf's name for the type: `hash`, `array`, `percpu_hash`, `ringbuf`, … */
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  /** One value per possible CPU (`percpu_hash`, `percpu_array`, …). */
  perCpu: boolean;
  /** For global data maps, the section they hold (`.bss`, `.data`, `.rodata`, …). */
  section: string | null;
}

export class BpfMap {
  /** How the map is declared. */
  readonly info: MapInfo;

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    private readonly index: number,
    info: NativeMapInfo,
    private readonly possibleCpus: () => number,
  ) {
    this.info = Object.freeze({ ...info });
  }

  get name(): string {
    return this.info.name;
  }

  /** The map's file descriptor (owned by the object). */
  get fd(): number {
    return call(() => this.native.mapFd(this.index));
  }

  /** The kernel's id for the map, as `bpftool map list` shows it. */
  get id(): number | null {
    return call(() => this.native.mapId(this.index));
  }

  /**
   * The value stored under `key`, or undefined. For a per-CPU map, the
   * kernel's layout: one slot per possible CPU, each rounded up to 8 bytes
   * (see `lookupPerCpu`).
   */
  lookup(key: Uint8Array, flags = 0): Uint8Array | undefined {
    return call(() => this.native.mapLookup(this.index, key, flags)) ?? undefined;
  }

  /** A per-CPU map's values under `key`, one per possible CPU, or undefined. */
  lookupPerCpu(key: Uint8Array, flags = 0): Uint8Array[] | undefined {
    this.requirePerCpu();
    const all = this.lookup(key, flags);
    if (!all) return undefined;
    const slot = this.slotSize();
    return Array.from({ length: all.length / slot }, (_, cpu) =>
      all.slice(cpu * slot, cpu * slot + this.info.valueSize),
    );
  }

  /**
   * Stores `value` under `key`. For a per-CPU map, `value` is either the
   * kernel's layout (as `lookup` gives it) or one value per possible CPU.
   */
  update(key: Uint8Array, value: Uint8Array | readonly Uint8Array[], flags: number = UpdateFlags.ANY): void {
    const bytes = value instanceof Uint8Array ? value : this.packPerCpu(value);
    call(() => this.native.mapUpdate(this.index, key, bytes, flags));
  }

  /** Removes `key`; false when it was not there. */
  delete(key: Uint8Array): boolean {
    return call(() => this.native.mapDelete(this.index, key));
  }

  /** The keys, in the kernel's order. */
  async *keys(): AsyncGenerator<Uint8Array, void, undefined> {
    let key: Uint8Array | null = null;
    for (;;) {
      const previous: Uint8Array | null = key;
      key = call(() => this.native.mapNextKey(this.index, previous));
      if (!key) return;
      yield key;
    }
  }

  /** `[key, value]` pairs; keys removed meanwhile are skipped. */
  async *entries(): AsyncGenerator<[Uint8Array, Uint8Array], void, undefined> {
    for await (const key of this.keys()) {
      const value = this.lookup(key);
      if (value) yield [key, value];
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<[Uint8Array, Uint8Array], void, undefined> {
    return this.entries();
  }

  /** Pins the map at `path` on a BPF file system (`/sys/fs/bpf/…`). */
  pin(path: string): void {
    call(() => this.native.mapPin(this.index, path));
  }

  /** Removes the pin at `path` (by default where `pin` put it). */
  unpin(path?: string): void {
    call(() => this.native.mapUnpin(this.index, path));
  }

  private slotSize(): number {
    return Math.ceil(this.info.valueSize / 8) * 8;
  }

  private requirePerCpu(): void {
    if (!this.info.perCpu) throw new BpftoolUsageError(`map '${this.name}' is not a per-CPU map`);
  }

  private packPerCpu(values: readonly Uint8Array[]): Uint8Array {
    this.requirePerCpu();
    const cpus = this.possibleCpus();
    if (values.length !== cpus) {
      throw new BpftoolUsageError(`map '${this.name}': ${values.length} values given, one per possible CPU (${cpus}) needed`);
    }
    const slot = this.slotSize();
    const out = new Uint8Array(slot * cpus);
    values.forEach((v, cpu) => {
      if (v.length !== this.info.valueSize) {
        throw new BpftoolUsageError(`map '${this.name}': value of CPU ${cpu} has ${v.length} bytes, not ${this.info.valueSize}`);
      }
      out.set(v, cpu * slot);
    });
    return out;
  }
}
