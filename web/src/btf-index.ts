/**
 * A searchable index of BTF types, built from bpftool's own JSON
 * (`btf dump file … -j`), so every name, kind and number is bpftool's.
 * It lives in the worker: a kernel's BTF has over 100,000 types, and the
 * page only ever asks for a screenful of them.
 */

/** One type as `bpftool btf dump -j` prints it: the fields vary by kind. */
export interface JsonType {
  id: number;
  kind: string;
  name: string;
  [field: string]: unknown;
}

interface JsonMember {
  name?: string;
  type_id: number;
  [field: string]: unknown;
}

export interface TypeRow {
  id: number;
  kind: string;
  name: string;
}

/** A line of a type's detail: a member, parameter, value or reference. */
export interface TypeField {
  /** What the line is: `member`, `param`, `returns`, `type`, `value`, `var`… */
  role: string;
  name: string;
  /** The type it refers to, if any, and that type written as C. */
  typeId?: number;
  typeText?: string;
  /** The rest of bpftool's fields for the line (offsets, values, sizes), as text. */
  extra: string;
}

export interface TypeDetail extends TypeRow {
  /** bpftool's fields of the type itself other than its members (size, vlen, …), as text. */
  summary: string;
  fields: TypeField[];
}

export interface SearchResult {
  total: number;
  rows: TypeRow[];
}

const QUALIFIERS: Record<string, string> = { CONST: 'const', VOLATILE: 'volatile', RESTRICT: 'restrict' };
const TAGGED = new Set(['STRUCT', 'UNION', 'ENUM', 'ENUM64', 'FWD']);
const HIDDEN = new Set(['id', 'kind', 'name', 'members', 'params', 'values', 'vars', 'type_id', 'ret_type_id', 'index_type_id']);

export class BtfIndex {
  private readonly byId = new Map<number, JsonType>();
  private readonly all: JsonType[];

  constructor(types: JsonType[]) {
    this.all = types;
    for (const t of types) this.byId.set(t.id, t);
  }

  get count(): number {
    return this.all.length;
  }

  /** How many types of each kind. */
  kinds(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.all) out[t.kind] = (out[t.kind] ?? 0) + 1;
    return out;
  }

  /**
   * Types whose name contains `query` (case-insensitive), optionally of one
   * kind: exact names first, then names that start with it, then the rest,
   * each in id order.
   */
  search(query: string, kind: string, limit: number): SearchResult {
    const q = query.trim().toLowerCase();
    const ranked: [number, JsonType][] = [];
    for (const t of this.all) {
      if (kind && t.kind !== kind) continue;
      const name = t.name.toLowerCase();
      if (!q) ranked.push([2, t]);
      else if (name === q) ranked.push([0, t]);
      else if (name.startsWith(q)) ranked.push([1, t]);
      else if (name.includes(q)) ranked.push([2, t]);
    }
    ranked.sort((a, b) => a[0] - b[0] || a[1].id - b[1].id);
    return { total: ranked.length, rows: ranked.slice(0, limit).map(([, t]) => ({ id: t.id, kind: t.kind, name: t.name })) };
  }

  /** A type with every line that refers to another type resolved to C. */
  detail(id: number): TypeDetail | undefined {
    const t = this.byId.get(id);
    if (!t) return undefined;
    const fields: TypeField[] = [];
    const ref = (role: string, name: string, typeId: number, extra = '') =>
      fields.push({ role, name, typeId, typeText: this.cType(typeId), extra });
    const rest = (o: Record<string, unknown>, skip: string[]) =>
      Object.entries(o)
        .filter(([k]) => !skip.includes(k))
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');

    if (typeof t['ret_type_id'] === 'number') ref('returns', '', t['ret_type_id']);
    if (typeof t['type_id'] === 'number') ref('type', '', t['type_id']);
    if (typeof t['index_type_id'] === 'number') ref('index', '', t['index_type_id']);
    for (const m of (t['members'] as JsonMember[] | undefined) ?? []) ref('member', m.name ?? '', m.type_id, rest(m, ['name', 'type_id']));
    for (const p of (t['params'] as JsonMember[] | undefined) ?? []) ref('param', p.name ?? '', p.type_id);
    for (const v of (t['vars'] as JsonMember[] | undefined) ?? []) {
      ref('var', this.byId.get(v.type_id)?.name ?? '', v.type_id, rest(v, ['type_id']));
    }
    for (const v of (t['values'] as { name: string; val: unknown }[] | undefined) ?? []) {
      fields.push({ role: 'value', name: v.name, extra: `val=${String(v.val)}` });
    }
    return { id: t.id, kind: t.kind, name: t.name, summary: rest(t, [...HIDDEN]), fields };
  }

  /** A type as C would name it, for the reader: `struct list_head *`, `char[16]`. */
  cType(id: number, depth = 0): string {
    if (id === 0) return 'void';
    const t = this.byId.get(id);
    if (!t) return `[${id}]`;
    if (depth > 8) return '…';
    const named = t.name && t.name !== '(anon)';
    const inner = (field: string) => this.cType(t[field] as number, depth + 1);
    switch (t.kind) {
      case 'PTR':
        return `${inner('type_id')} *`;
      case 'CONST':
      case 'VOLATILE':
      case 'RESTRICT':
        return `${QUALIFIERS[t.kind]} ${inner('type_id')}`;
      case 'ARRAY':
        return `${inner('type_id')}[${String(t['nr_elems'])}]`;
      case 'TYPE_TAG':
        return `${inner('type_id')} __attribute__((btf_type_tag("${t.name}")))`;
      case 'FUNC_PROTO':
        return `${inner('ret_type_id')} (*)(${((t['params'] as JsonMember[] | undefined) ?? [])
          .map((p) => (p.type_id === 0 ? '...' : this.cType(p.type_id, depth + 1)))
          .join(', ')})`;
      default: {
        const kind = t.kind === 'ENUM64' ? 'enum' : t.kind === 'FWD' ? String(t['fwd_kind']) : t.kind.toLowerCase();
        if (TAGGED.has(t.kind)) return named ? `${kind} ${t.name}` : `${kind} (anon) [${id}]`;
        return named ? t.name : `${kind} [${id}]`;
      }
    }
  }
}
