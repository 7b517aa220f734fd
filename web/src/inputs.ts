/**
 * The files the visitor gave: objects (or split BTF), a base BTF and a
 * distilled base. Each keeps its own name, made unique, because bpftool's
 * messages name it. Its bytes are never changed: the worker gets a
 * structured clone of them for each run.
 */
import { OUT_DIR } from './commands.js';
import { byId, element, formatBytes } from './dom.js';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export type Role = 'objects' | 'base' | 'distilled';

export class InputFiles {
  objects: InputFile[] = [];
  base: InputFile | undefined;
  distilled: InputFile | undefined;

  constructor(private readonly changed: () => void) {}

  /** A name no other input has (and not the output folder's). */
  private unique(name: string): string {
    const taken = new Set([...this.objects, this.base, this.distilled].flatMap((f) => (f ? [f.name] : [])));
    taken.add(OUT_DIR);
    const clean = name.replace(/[/\\]/g, '_') || 'input';
    if (!taken.has(clean)) return clean;
    const dot = clean.indexOf('.', 1);
    const [stem, ext] = dot < 0 ? [clean, ''] : [clean.slice(0, dot), clean.slice(dot)];
    for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}${ext}`)) return `${stem}-${i}${ext}`;
  }

  add(role: Role, name: string, bytes: Uint8Array): void {
    // A base or distilled base replaces the one before, whose name is then free.
    if (role !== 'objects') this[role] = undefined;
    const file = { name: this.unique(name), bytes };
    if (role === 'objects') this.objects.push(file);
    else this[role] = file;
    this.render();
  }

  remove(role: Role, name: string): void {
    if (role === 'objects') this.objects = this.objects.filter((f) => f.name !== name);
    else this[role] = undefined;
    this.render();
  }

  clear(): void {
    this.objects = [];
    this.base = undefined;
    this.distilled = undefined;
    this.render();
  }

  /** Every input, by name. */
  files(): Record<string, Uint8Array> {
    return Object.fromEntries(this.all().map((f) => [f.name, f.bytes]));
  }

  all(): InputFile[] {
    return [...this.objects, ...(this.base ? [this.base] : []), ...(this.distilled ? [this.distilled] : [])];
  }

  private render(): void {
    const list = (role: Role, files: InputFile[]) =>
      byId(`${role}-list`).replaceChildren(
        ...files.map((f) =>
          element(
            'li',
            {},
            element('span', { className: 'file-name', textContent: f.name }),
            element('span', { className: 'file-size', textContent: formatBytes(f.bytes.length) }),
            element('button', { type: 'button', className: 'remove', textContent: 'Remove', onclick: () => this.remove(role, f.name) }),
          ),
        ),
      );
    list('objects', this.objects);
    list('base', this.base ? [this.base] : []);
    list('distilled', this.distilled ? [this.distilled] : []);
    this.changed();
  }
}

/** Wires a drop zone and its file picker to a role. */
export function acceptFiles(inputs: InputFiles, role: Role, zone: HTMLElement, picker: HTMLInputElement): void {
  const take = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) inputs.add(role, file.name, new Uint8Array(await file.arrayBuffer()));
  };
  picker.addEventListener('change', () => {
    void take(picker.files).then(() => (picker.value = ''));
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    void take(e.dataTransfer?.files ?? null);
  });
}
