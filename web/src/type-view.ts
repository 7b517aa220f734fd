/**
 * The BTF type view: index the types of one input in the worker, search
 * them by name and kind, open one to see its members, and follow any
 * member's type to that type (Back returns).
 */
import type { TypeDetail } from './btf-index.js';
import { byId, element } from './dom.js';
import type { InputFiles } from './inputs.js';
import type { PageWorker } from './page-worker.js';
import type { Outcome, TypesLoaded } from './worker.js';

const SHOWN = 200;

export class TypeView {
  private readonly source = byId<HTMLSelectElement>('types-source');
  private readonly search = byId<HTMLInputElement>('type-search');
  private readonly kind = byId<HTMLSelectElement>('type-kind');
  private readonly count = byId('types-count');
  private readonly list = byId('type-list');
  private readonly back = byId<HTMLButtonElement>('type-back');
  private history: number[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly inputs: InputFiles,
    private readonly worker: () => PageWorker,
    private readonly busy: (what: string, work: (current: () => boolean) => Promise<void>) => Promise<void>,
  ) {
    byId('types-load').addEventListener('click', () => void this.load());
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.find(), 120);
    });
    this.kind.addEventListener('change', () => void this.find());
    this.back.addEventListener('click', () => {
      this.history.pop();
      const previous = this.history.pop();
      if (previous !== undefined) void this.open(previous);
    });
  }

  /** The inputs offered as the source, after they change. */
  inputsChanged(): void {
    const current = this.source.value;
    this.source.replaceChildren(...this.inputs.all().map((f) => element('option', { value: f.name, textContent: f.name })));
    if (this.inputs.all().some((f) => f.name === current)) this.source.value = current;
  }

  private async load(): Promise<void> {
    const file = this.source.value;
    if (!file) return;
    // Split BTF needs its base; the base itself and complete objects do not.
    const base = this.inputs.base && this.inputs.base.name !== file ? this.inputs.base.name : undefined;
    await this.busy(`Indexing the types of ${file}`, async (current) => {
      this.reset();
      const loaded = await this.worker().api.loadTypes(file, this.inputs.files(), base);
      if (!current()) return;
      if ('exitCode' in loaded) {
        this.failed(loaded);
        return;
      }
      this.indexed(loaded);
      await this.find();
    });
  }

  /**
   * Indexes `file`, which need not be one of the inputs (a kernel of the
   * CO-RE tab), offers it as the source, searches `query` and opens type
   * `id` when there is one.
   */
  async showIn(file: { name: string; bytes: Uint8Array }, query: string, id?: number): Promise<void> {
    if (![...this.source.options].some((o) => o.value === file.name)) {
      this.source.append(element('option', { value: file.name, textContent: file.name }));
    }
    this.source.value = file.name;
    await this.busy(`Indexing the types of ${file.name}`, async (current) => {
      this.reset();
      const loaded = await this.worker().api.loadTypes(file.name, { [file.name]: file.bytes });
      if (!current()) return;
      if ('exitCode' in loaded) {
        this.failed(loaded);
        return;
      }
      this.indexed(loaded);
      this.search.value = query;
      await this.find();
      if (id !== undefined) await this.open(id);
    });
  }

  private indexed(loaded: TypesLoaded): void {
    this.kind.replaceChildren(
      element('option', { value: '', textContent: `every kind (${loaded.count.toLocaleString('en-US')})` }),
      ...Object.entries(loaded.kinds)
        .sort()
        .map(([k, n]) => element('option', { value: k, textContent: `${k} (${n.toLocaleString('en-US')})` })),
    );
    this.search.disabled = this.kind.disabled = false;
    this.search.focus();
  }

  /** The worker holding the index was replaced (Cancel): the index is gone with it. */
  /** Drops the index, which the worker no longer has; `why` tells the visitor. */
  forget(why: string): void {
    if (this.search.disabled) return;
    this.reset();
    this.count.textContent = `Index again: ${why}.`;
  }

  private reset(): void {
    this.history = [];
    this.list.replaceChildren();
    byId('type-title').textContent = '';
    byId('type-summary').textContent = '';
    byId('type-fields').replaceChildren();
    this.back.hidden = true;
    this.count.textContent = '';
    // Until the new index is in, a search would ask the old one.
    this.search.disabled = this.kind.disabled = true;
  }

  private failed(outcome: Outcome): void {
    this.count.textContent = `bpftool exited with code ${outcome.exitCode}: ${outcome.crash ?? outcome.stderr.trim()}`;
    this.count.classList.add('error-text');
  }

  private async find(): Promise<void> {
    const { total, rows } = await this.worker().api.searchTypes(this.search.value, this.kind.value, SHOWN);
    this.count.classList.remove('error-text');
    this.count.textContent = `${total.toLocaleString('en-US')} type${total === 1 ? '' : 's'}${total > SHOWN ? `, first ${SHOWN} shown` : ''}`;
    this.list.replaceChildren(
      ...rows.map((t) =>
        element(
          'li',
          {},
          element(
            'button',
            { type: 'button', className: 'type-row', onclick: () => void this.open(t.id) },
            element('span', { className: 'type-id', textContent: `[${t.id}]` }),
            element('span', { className: 'type-kind', textContent: t.kind }),
            element('span', { className: 'type-name', textContent: t.name }),
          ),
        ),
      ),
    );
  }

  private async open(id: number): Promise<void> {
    const t = await this.worker().api.typeDetail(id);
    if (!t) return;
    this.history.push(id);
    this.back.hidden = this.history.length < 2;
    this.show(t);
  }

  private show(t: TypeDetail): void {
    const title = byId('type-title');
    title.textContent = `[${t.id}] ${t.kind} '${t.name}'`;
    title.dataset['typeId'] = String(t.id);
    byId('type-summary').textContent = t.summary;
    byId('type-fields').replaceChildren(
      ...t.fields.map((f) =>
        element(
          'tr',
          {},
          element('td', { className: 'field-role', textContent: f.role }),
          element('td', { className: 'field-name', textContent: f.name }),
          element(
            'td',
            {},
            f.typeId === undefined
              ? ''
              : element('button', {
                  type: 'button',
                  className: 'type-link',
                  textContent: f.typeText ?? '',
                  title: `type [${f.typeId}]`,
                  onclick: () => void this.open(f.typeId!),
                }),
          ),
          element('td', { className: 'field-extra', textContent: f.extra }),
        ),
      ),
    );
  }
}
