/**
 * Global data: `.bss`, `.data`, `.rodata` (and custom `.data.*`/`.rodata.*`
 * sections) as views over the memory libbpf maps for them, plus access by
 * variable name through the object's BTF.
 */
import { BpftoolUsageError } from '../core/errors.js';
import { call, type NativeObject, type NativeVariable } from './addon.js';

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A variable of a global data section, from the object's BTF. */
export interface GlobalVariable {
  name: string;
  offset: number;
  size: number;
  /** How `get` reads it: integers of 8 bytes as bigint, other scalars as number, the rest as bytes. */
  kind: 'int' | 'uint' | 'float' | 'bytes';
}

export type GlobalValue = number | bigint | Uint8Array;

export class GlobalSection {
  readonly variables: readonly GlobalVariable[];
  private view: Uint8Array | undefined;

  /** @internal */
  constructor(
    private readonly native: NativeObject,
    private readonly index: number,
    /** The section, as in the ELF file: `.bss`, `.data`, `.rodata`, `.data.foo`, … */
    readonly section: string,
    /** The map libbpf made for it. */
    readonly mapName: string,
    private readonly readOnlyOnceLoaded: boolean,
  ) {
    this.variables = Object.freeze(call(() => native.globalVariables(index)).map((v: NativeVariable) => Object.freeze(v)));
  }

  /**
   * The section's bytes. For `.bss` and `.data` a live, zero-copy view of
   * the mapped memory the BPF programs read and write. `.rodata` is a live,
   * writable view until `load()`; then the kernel freezes it, the old view
   * is detached (length 0) and this gives a copy of the frozen contents.
   * Every view is detached by `close()`.
   */
  get bytes(): Uint8Array {
    if (!this.view || this.view.buffer.byteLength === 0) {
      this.view = new Uint8Array(call(() => this.native.globalView(this.index)));
    }
    return this.view;
  }

  /** Reads a variable: number, bigint (8-byte integers) or bytes (a live subarray). */
  get(name: string): GlobalValue {
    const v = this.variable(name);
    const bytes = this.bytes;
    if (v.kind === 'bytes') return bytes.subarray(v.offset, v.offset + v.size);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + v.offset, v.size);
    if (v.kind === 'float') return v.size === 4 ? dv.getFloat32(0, hostLittleEndian) : dv.getFloat64(0, hostLittleEndian);
    const signed = v.kind === 'int';
    switch (v.size) {
      case 1:
        return signed ? dv.getInt8(0) : dv.getUint8(0);
      case 2:
        return signed ? dv.getInt16(0, hostLittleEndian) : dv.getUint16(0, hostLittleEndian);
      case 4:
        return signed ? dv.getInt32(0, hostLittleEndian) : dv.getUint32(0, hostLittleEndian);
      case 8:
        return signed ? dv.getBigInt64(0, hostLittleEndian) : dv.getBigUint64(0, hostLittleEndian);
      default:
        return bytes.subarray(v.offset, v.offset + v.size);
    }
  }

  /** Writes a variable (numbers and bigints for scalars, bytes of its exact size otherwise). */
  set(name: string, value: GlobalValue): void {
    if (this.readOnlyOnceLoaded && this.native.loaded()) {
      throw new BpftoolUsageError(`${this.section} is read-only once the object is loaded: set '${name}' before load()`);
    }
    const v = this.variable(name);
    const bytes = this.bytes;
    if (value instanceof Uint8Array) {
      if (value.length !== v.size) throw new BpftoolUsageError(`'${name}' is ${v.size} bytes, ${value.length} given`);
      bytes.set(value, v.offset);
      return;
    }
    if (v.kind === 'bytes') throw new BpftoolUsageError(`'${name}' is not a scalar: give its ${v.size} bytes as a Uint8Array`);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + v.offset, v.size);
    if (v.kind === 'float') {
      if (v.size === 4) dv.setFloat32(0, Number(value), hostLittleEndian);
      else dv.setFloat64(0, Number(value), hostLittleEndian);
      return;
    }
    const signed = v.kind === 'int';
    switch (v.size) {
      case 1:
        return signed ? dv.setInt8(0, Number(value)) : dv.setUint8(0, Number(value));
      case 2:
        return signed ? dv.setInt16(0, Number(value), hostLittleEndian) : dv.setUint16(0, Number(value), hostLittleEndian);
      case 4:
        return signed ? dv.setInt32(0, Number(value), hostLittleEndian) : dv.setUint32(0, Number(value), hostLittleEndian);
      case 8:
        return signed
          ? dv.setBigInt64(0, BigInt(value), hostLittleEndian)
          : dv.setBigUint64(0, BigInt(value), hostLittleEndian);
    }
  }

  private variable(name: string): GlobalVariable {
    const v = this.variables.find((x) => x.name === name);
    if (!v) {
      const known = this.variables.map((x) => x.name).join(', ') || 'none';
      throw new BpftoolUsageError(`no variable '${name}' in ${this.section} (variables: ${known})`);
    }
    return v;
  }
}

/** The global data sections of an object, by section name. */
export class Globals {
  /** @internal */
  constructor(private readonly sections: ReadonlyMap<string, GlobalSection>) {}

  get bss(): GlobalSection | undefined {
    return this.sections.get('.bss');
  }
  get data(): GlobalSection | undefined {
    return this.sections.get('.data');
  }
  get rodata(): GlobalSection | undefined {
    return this.sections.get('.rodata');
  }
  /** The names of all global data sections of the object. */
  get names(): string[] {
    return [...this.sections.keys()];
  }
  /** Any section by its ELF name, such as `.data.counters`. */
  section(name: string): GlobalSection {
    const s = this.sections.get(name);
    if (!s) throw new BpftoolUsageError(`no global data section '${name}' (sections: ${this.names.join(', ') || 'none'})`);
    return s;
  }
}
