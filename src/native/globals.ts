/**
 * Global data: `.bss`, `.data`, `.rodata` (and custom `.data.*`/`.rodata.*`
 * sections) as views over the memory libbpf maps for them, plus access by
 * variable name through the object's BTF.
 */
import { BpftoolUsageError } from '../core/errors.js';
import { call, type NativeObject, type NativeVariable } from './addon.js';
import { isScalar, readScalar, writeValue } from './global-scalars.js';

/** A variable of a global data section, from the object's BTF. */
export interface GlobalVariable {
  name: string;
  offset: number;
  size: number;
  /**
   * Its type, from BTF. `get` reads integers of 1, 2 and 4 bytes and floats
   * of 4 and 8 as a number, integers of 8 bytes as a bigint, the rest as bytes.
   */
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
   * The section's bytes. For `.bss` and `.data`, a live, zero-copy view of
   * the mapped memory the BPF programs read and write; for `.rodata` (and
   * `.rodata.*`) the same, until `load()`. The kernel then freezes it: the
   * view taken before is detached (length 0), and each read of `bytes`
   * gives a new copy of the frozen contents, which the caller may change
   * without changing the section or what `get` returns. `close()` detaches
   * every view, and `bytes` then throws.
   */
  get bytes(): Uint8Array {
    // A copy is never cached: a cached copy would be writable by whoever got it.
    if (this.frozen) return new Uint8Array(call(() => this.native.globalView(this.index)));
    if (!this.view || this.view.buffer.byteLength === 0) {
      this.view = new Uint8Array(call(() => this.native.globalView(this.index)));
    }
    return this.view;
  }

  /**
   * Reads a variable: a number, a bigint for 8-byte integers, or its bytes
   * (a live subarray of `bytes`; of a new copy, for a frozen `.rodata`).
   */
  get(name: string): GlobalValue {
    const v = this.variable(name);
    const bytes = this.bytes;
    return isScalar(v) ? readScalar(bytes, v) : bytes.subarray(v.offset, v.offset + v.size);
  }

  /**
   * Writes a variable: its exact bytes as a Uint8Array, or for a scalar a
   * number (integers also a bigint). A value of another type throws
   * BpftoolUsageError; an integer the variable's type cannot hold, or a
   * number that is not an integer, GlobalRangeError. Nothing is written then.
   */
  set(name: string, value: GlobalValue): void {
    if (this.frozen) {
      throw new BpftoolUsageError(`${this.section} is read-only once the object is loaded: set '${name}' before load()`);
    }
    writeValue(this.bytes, this.section, this.variable(name), value);
  }

  /** Loaded, the kernel has frozen a read-only section and holds its contents. */
  private get frozen(): boolean {
    return this.readOnlyOnceLoaded && this.native.loaded();
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
