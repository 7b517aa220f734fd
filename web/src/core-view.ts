/**
 * The CO-RE view: the page's objects against several kernels' BTF, checked
 * in the worker by `coreCheck()` (libbpf's own relocation code), shown as a
 * matrix of object x kernel whose failing cells are red; a click on a cell
 * lists its relocations that do not resolve, with libbpf's local spec and
 * reason.
 */
import type { CoreCheckResult } from 'bpftool-wasm';
import { byId, element, formatBytes } from './dom.js';
import type { InputFile, InputFiles } from './inputs.js';
import type { PageWorker } from './page-worker.js';

/** "[5] struct core_reloc_arrays.a[2] (0:0:2 @ offset 8)" -> "core_reloc_arrays" (without a ___flavor) */
const rootName = (spec: string) => /^\[\d+\] \S+ ([A-Za-z0-9_]+)/.exec(spec)?.[1]?.replace(/___.*$/, '');
/** "[126701] struct s.f (...)" -> 126701 */
const typeId = (spec: string) => Number(/^\[(\d+)\]/.exec(spec)?.[1]);

const unresolved = (n: number) =>
  n === 0 ? 'every relocation resolves' : n === 1 ? '1 relocation does not resolve' : `${n} relocations do not resolve`;

export class CoreView {
  private kernels: InputFile[] = [];
  private readonly matrix = byId('core-matrix');
  private readonly detail = byId('core-detail');
  private readonly message = byId('core-message');

  constructor(
    private readonly inputs: InputFiles,
    private readonly worker: () => PageWorker,
    private readonly busy: (what: string, work: (current: () => boolean) => Promise<void>) => Promise<void>,
    /** Shows a kernel's types in the type view: those named like `query`, and type `id` when given. */
    private readonly showTypes: (kernel: InputFile, query: string, id?: number) => void,
  ) {
    const picker = byId<HTMLInputElement>('kernels-input');
    picker.addEventListener('change', () => void this.take(picker.files).then(() => (picker.value = '')));
    const zone = byId('kernels-drop');
    zone.addEventListener('dragover', (e) => e.preventDefault());
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      void this.take(e.dataTransfer?.files ?? null);
    });
    byId('core-run').addEventListener('click', () => void this.check());
  }

  private async take(files: FileList | null): Promise<void> {
    for (const f of Array.from(files ?? [])) {
      // every kernel keeps a name of its own: the matrix and bpftool's messages show it
      let name = f.name.replace(/[/\\]/g, '_') || 'kernel.btf';
      for (let i = 2; this.kernels.some((k) => k.name === name); i++) name = `${f.name}-${i}`;
      this.kernels.push({ name, bytes: new Uint8Array(await f.arrayBuffer()) });
    }
    this.render();
  }

  private render(): void {
    byId('kernels-list').replaceChildren(
      ...this.kernels.map((k) =>
        element(
          'li',
          {},
          element('span', { className: 'file-name', textContent: k.name }),
          element('span', { className: 'file-size', textContent: formatBytes(k.bytes.length) }),
          element('button', {
            type: 'button',
            className: 'remove',
            textContent: 'Remove',
            onclick: () => {
              this.kernels = this.kernels.filter((x) => x !== k);
              this.render();
            },
          }),
        ),
      ),
    );
  }

  private async check(): Promise<void> {
    const objects = this.inputs.objects;
    if (!objects.length || !this.kernels.length) {
      this.message.textContent = 'Give one or more objects (above) and one or more kernels\' BTF.';
      return;
    }
    await this.busy(`core check of ${objects.length} objects against ${this.kernels.length} kernels`, async (current) => {
      const r = await this.worker().api.coreCheck(objects, this.kernels);
      if (!current()) return;
      this.detail.replaceChildren();
      if ('error' in r) {
        this.matrix.replaceChildren();
        this.message.textContent = `${r.error}\n${r.stderr}`;
        this.message.dataset['state'] = 'error';
        return;
      }
      this.message.textContent = '';
      delete this.message.dataset['state'];
      this.show(r.results, objects.map((o) => o.name), [...this.kernels]);
    });
  }

  private show(results: CoreCheckResult[], objects: string[], files: InputFile[]): void {
    const kernels = files.map((f) => f.name);
    const cell = (o: string, k: string) => results.find((r) => r.object === o && r.target === k)!;
    const failing = (r: CoreCheckResult) => r.relocations.filter((x) => x.result === 'poisoned' || x.result === 'error');
    const head = element('tr', {}, element('th', { textContent: 'object' }), ...kernels.map((k) => element('th', { textContent: k })));
    const rows = objects.map((o) =>
      element(
        'tr',
        {},
        element('th', { textContent: o }),
        ...kernels.map((k) => {
          const r = cell(o, k);
          const n = failing(r).length;
          const td = element('td', {
            className: r.ok ? 'ok' : 'fail',
            textContent: r.ok ? `ok (${r.relocations.length})` : `${n} of ${r.relocations.length} fail`,
            title: `${o} against ${k}`,
            onclick: () => this.open(r, files.find((f) => f.name === k)!),
          });
          td.dataset['object'] = o;
          td.dataset['target'] = k;
          return td;
        }),
      ),
    );
    this.matrix.replaceChildren(element('table', {}, element('thead', {}, head), element('tbody', {}, ...rows)));
  }

  /** A button that shows, in the type view, the kernel's types named as the local root type (and the target, if one matched). */
  private typeLink(local: string | null, target: string | null, kernel: InputFile): HTMLElement[] {
    const name = local ? rootName(local) : undefined;
    if (!name) return [];
    return [
      element('button', {
        type: 'button',
        className: 'core-types',
        textContent: `${name} in ${kernel.name}`,
        onclick: () => this.showTypes(kernel, name, target ? typeId(target) : undefined),
      }),
    ];
  }

  private open(r: CoreCheckResult, kernel: InputFile): void {
    const failing = r.relocations.filter((x) => x.result === 'poisoned' || x.result === 'error');
    this.detail.replaceChildren(
      element('h3', { textContent: `${r.object} against ${r.target}: ${unresolved(failing.length)}` }),
      element(
        'ul',
        {},
        ...failing.map((x) =>
          element(
            'li',
            {},
            element('code', { textContent: `${x.program} relo #${x.relo} insn #${x.insn} ${x.kind}` }),
            ' ',
            element('span', { className: 'spec', textContent: x.local ?? '(local spec unparsed)' }),
            ': ',
            element('strong', { textContent: x.result }),
            ` (${x.reason ?? ''}) `,
            ...this.typeLink(x.local, x.target, kernel),
          ),
        ),
      ),
    );
  }
}
