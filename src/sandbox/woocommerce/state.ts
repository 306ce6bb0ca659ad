import type { CustomerRecord, OrderRecord, ProductRecord, TermRecord, VariationRecord } from './types';

export interface StoreCollections {
  categories: Map<number, TermRecord>;
  tags: Map<number, TermRecord>;
  products: Map<number, ProductRecord>;
  variations: Map<number, VariationRecord>;
  customers: Map<number, CustomerRecord>;
  orders: Map<number, OrderRecord>;
}

export type EntityKind = keyof StoreCollections;
export type RecordOf<K extends EntityKind> = StoreCollections[K] extends Map<number, infer R extends { id: number }> ? R : never;

/**
 * The columns WooCommerce answers from indexed tables rather than by reading every row: a product's or
 * variation's SKU (wc_product_meta_lookup), a post's slug (post_name) and parent (post_parent), a user's email
 * (user_email), a term's slug, a product's terms (term_relationships). Keyed lookups here cost what they cost
 * there: the store's size does not enter into them.
 */
const indexedColumns: { [K in EntityKind]?: (record: RecordOf<K>) => Record<string, readonly (string | number)[]> } = {
  products: (p) => ({ sku: p.sku ? [p.sku] : [], slug: [p.slug], categories: p.categories, tags: p.tags }),
  variations: (v) => ({ sku: v.sku ? [v.sku] : [], parent: [v.parent_id] }),
  customers: (c) => ({ email: [c.email.toLowerCase()], username: [c.username] }),
  categories: (t) => ({ slug: [t.slug] }),
  tags: (t) => ({ slug: [t.slug] }),
};

/** Time in WooCommerce's GMT form: seconds precision, no zone suffix ("2026-01-31T09:15:00"). */
export function gmt(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/**
 * The simulated store's memory, and the inspection API tests use to look behind the HTTP surface.
 * Products, variations and orders share one id sequence as WordPress posts do; terms and users have theirs.
 */
export class SimulatorState {
  readonly collections: StoreCollections = {
    categories: new Map(), tags: new Map(), products: new Map(), variations: new Map(), customers: new Map(), orders: new Map(),
  };

  private postId = 10;
  private termId = 14;
  private userId = 1;
  private metaId = 100;
  private itemId = 1;
  private readonly requests = new Map<string, number>();
  /** kind.column → value → ids. Entries may go stale (a record deleted or changed in place): lookup checks each. */
  private readonly indexes = new Map<string, Map<string, Set<number>>>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  now(): string {
    return gmt(this.clock());
  }

  nextPostId(): number { return ++this.postId; }
  nextTermId(): number { return ++this.termId; }
  nextUserId(): number { return ++this.userId; }
  nextMetaId(): number { return ++this.metaId; }
  nextItemId(): number { return ++this.itemId; }

  /** The collection of one kind, typed by its record (TypeScript cannot narrow a union of maps by key). */
  private map<K extends EntityKind>(kind: K): Map<number, RecordOf<K>> {
    return this.collections[kind] as unknown as Map<number, RecordOf<K>>;
  }

  list<K extends EntityKind>(kind: K): RecordOf<K>[] {
    return [...this.map(kind).values()];
  }

  get<K extends EntityKind>(kind: K, id: number): RecordOf<K> | undefined {
    return this.map(kind).get(id);
  }

  count(kind: EntityKind): number {
    return this.collections[kind].size;
  }

  put<K extends EntityKind>(kind: K, record: RecordOf<K>): RecordOf<K> {
    const columns = indexedColumns[kind] as ((r: RecordOf<K>) => Record<string, readonly (string | number)[]>) | undefined;
    const previous = this.map(kind).get(record.id);
    if (columns && previous && previous !== record) {
      for (const [column, values] of Object.entries(columns(previous))) for (const value of values) this.column(kind, column).get(String(value))?.delete(record.id);
    }
    this.map(kind).set(record.id, record);
    if (columns) {
      for (const [column, values] of Object.entries(columns(record))) {
        const index = this.column(kind, column);
        for (const value of values) {
          const ids = index.get(String(value));
          if (ids) ids.add(record.id);
          else index.set(String(value), new Set([record.id]));
        }
      }
    }
    return record;
  }

  private column(kind: EntityKind, column: string): Map<string, Set<number>> {
    const key = `${kind}.${column}`;
    let index = this.indexes.get(key);
    if (!index) this.indexes.set(key, (index = new Map()));
    return index;
  }

  /**
   * The records whose indexed `column` holds `value` (a SKU, slug, parent id, lower-cased email, term id), in id
   * order, without reading the whole collection. Each candidate is checked against the record as it is now.
   */
  lookup<K extends EntityKind>(kind: K, column: string, value: string | number): RecordOf<K>[] {
    const columns = indexedColumns[kind] as ((r: RecordOf<K>) => Record<string, readonly (string | number)[]>) | undefined;
    if (!columns) throw new Error(`${kind} has no indexed columns`);
    const ids = this.indexes.get(`${kind}.${column}`)?.get(String(value));
    if (!ids) return [];
    const found: RecordOf<K>[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const record = this.map(kind).get(id);
      if (record && (columns(record)[column] ?? []).map(String).includes(String(value))) found.push(record);
      else ids.delete(id);
    }
    return found;
  }

  /** Plants a record exactly as given, bypassing validation: how tests get a malformed record to read. */
  plant<K extends EntityKind>(kind: K, record: RecordOf<K>): RecordOf<K> {
    return this.put(kind, record);
  }

  /** Changes a stored record without the API (and without touching date_modified unless asked). */
  patch<K extends EntityKind>(kind: K, id: number, change: Partial<RecordOf<K>>): RecordOf<K> {
    const record = this.get(kind, id);
    if (!record) throw new Error(`no ${kind} ${id}`);
    return this.put(kind, { ...record, ...change });
  }

  recordRequest(method: string, path: string): void {
    const key = `${method} ${path}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /** Requests received, by "METHOD /path" below /wp-json/wc/v3. */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.requests);
  }

  /** How many requests matched a method and/or a path pattern. */
  requestCount(filter: { method?: string; path?: string | RegExp } = {}): number {
    let total = 0;
    for (const [key, count] of this.requests) {
      const [method, path = ''] = key.split(' ');
      if (filter.method && filter.method.toUpperCase() !== method) continue;
      if (typeof filter.path === 'string' && filter.path !== path) continue;
      if (filter.path instanceof RegExp && !filter.path.test(path)) continue;
      total += count;
    }
    return total;
  }

  resetRequestCounts(): void {
    this.requests.clear();
  }
}
