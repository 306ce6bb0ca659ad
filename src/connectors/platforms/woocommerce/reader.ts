import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { Page, RejectedRecord } from '../types';
import { fromWooCategory } from './categories';
import type { QueryParams, WooClient } from './client';
import { fromWooCustomer } from './customers';
import { fromWooOrder } from './orders-read';
import { fromWooProduct } from './products';
import { MAX_PER_PAGE, chunks, listAll, routes } from './routes';
import type { StoreSettings } from './store-settings';
import type { WooCategory, WooCustomer, WooOrder, WooProduct, WooVariation } from './wire';

type Mapped<T extends EntityType> = { items: EntityOf[T][]; rejected: RejectedRecord[] };

/** WooCommerce compares `modified_after` strictly; one second earlier makes it "at or after" at its precision. */
function modifiedAfter(since: string): string {
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new PlatformError(`"${since}" is not an ISO date`, false);
  return new Date(at - 1000).toISOString().slice(0, 19);
}

function pageOf(cursor: string | null): number {
  const page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new PlatformError(`invalid WooCommerce page cursor "${cursor}"`, false);
  return page;
}

/** Reads the store page by page (page number as cursor, ids ascending so pages stay put while the store grows). */
export class WooReader {
  constructor(private readonly client: WooClient, private readonly settings: StoreSettings) {}

  async probe(): Promise<string> {
    const { data } = await this.client.get<{ environment?: { version?: string; home_url?: string } }>('system_status');
    return `WooCommerce ${data.environment?.version ?? '?'} at ${data.environment?.home_url ?? '?'}`;
  }

  async count(type: EntityType): Promise<number> {
    const { total, data } = await this.client.get<unknown[]>(routes[type], { per_page: 1 });
    return total ?? data.length;
  }

  listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    return this.page(type, cursor, pageSize, {});
  }

  async listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    if (type === 'products' || type === 'orders') return this.page(type, cursor, pageSize, { modified_after: modifiedAfter(since), dates_are_gmt: true });
    const page = await this.page(type, cursor, pageSize, {});
    // Terms carry no dates: every category counts as changed. The customers route has no date filter, so
    // customers are filtered here on date_modified.
    if (type === 'categories') return page;
    // WooCommerce keeps whole seconds: a customer modified in the second the last run started is still a change.
    const from = Date.parse(`${modifiedAfter(since)}Z`);
    return { ...page, items: page.items.filter((c) => Date.parse((c as EntityOf['customers']).updatedAt ?? since) >= from) };
  }

  async get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null> {
    if (!/^\d+$/.test(id)) return null;
    let record: unknown;
    try {
      record = (await this.client.get<unknown>(`${routes[type]}/${id}`)).data;
    } catch (err) {
      if (err instanceof PlatformError && (err.status === 404 || err.status === 410)) return null;
      throw err;
    }
    const mapped = await this.map(type, [record]);
    if (mapped.rejected[0]) throw new PlatformError(`WooCommerce ${type} ${id} cannot be read: ${mapped.rejected[0].reason}`, false);
    const item = mapped.items[0] ?? null;
    // A trashed product or order is deleted as far as a migration is concerned.
    return item && type !== 'categories' && type !== 'customers' && (record as { status?: string }).status === 'trash' ? null : item;
  }

  private async page<T extends EntityType>(type: T, cursor: string | null, pageSize: number, filters: QueryParams): Promise<Page<EntityOf[T]>> {
    const page = pageOf(cursor);
    const perPage = Math.min(Math.max(1, pageSize), MAX_PER_PAGE);
    const { data, totalPages } = await this.client.get<unknown[]>(routes[type], { ...filters, page, per_page: perPage, orderby: 'id', order: 'asc' });
    const mapped = await this.map(type, data);
    return { ...mapped, nextCursor: totalPages !== null && page < totalPages ? String(page + 1) : null };
  }

  /** Maps records one by one: a record that cannot be mapped is rejected with its reason, never dropped. */
  private async map<T extends EntityType>(type: T, records: unknown[]): Promise<Mapped<T>> {
    const context = await this.readContext(type, records);
    const items: EntityOf[T][] = [];
    const rejected: RejectedRecord[] = [];
    for (const record of records) {
      const sourceId = String((record as { id?: unknown })?.id ?? '?');
      try {
        items.push(this.mapOne(type, record, context) as EntityOf[T]);
      } catch (err) {
        rejected.push({ entityType: type, sourceId, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    return { items, rejected };
  }

  private mapOne(type: EntityType, record: unknown, context: ReadContext): EntityOf[EntityType] {
    switch (type) {
      case 'categories': return fromWooCategory(record as WooCategory);
      case 'customers': return fromWooCustomer(record as WooCustomer);
      case 'orders': return fromWooOrder(record as WooOrder, context.existingProducts);
      case 'products': {
        const product = record as WooProduct;
        return fromWooProduct(product, context.variations.get(product.id) ?? [], context.unit);
      }
    }
  }

  /** What mapping a page needs beyond the page: variations of variable products, which ordered products still exist. */
  private async readContext(type: EntityType, records: unknown[]): Promise<ReadContext> {
    const context: ReadContext = { variations: new Map(), existingProducts: new Set(), unit: 'kg' };
    if (type === 'products') {
      context.unit = await this.settings.unit();
      for (const product of records as WooProduct[]) {
        if (product?.type !== 'variable') continue;
        context.variations.set(product.id, await listAll((page) => this.client.get<WooVariation[]>(`products/${product.id}/variations`, { per_page: MAX_PER_PAGE, page, orderby: 'id', order: 'asc' })));
      }
    }
    if (type === 'orders') {
      const ids = [...new Set((records as WooOrder[]).flatMap((o) => (Array.isArray(o?.line_items) ? o.line_items.map((l) => l.product_id) : [])).filter((id) => id > 0))];
      for (const chunk of chunks(ids, MAX_PER_PAGE)) {
        const { data } = await this.client.get<{ id: number }[]>('products', { include: chunk.join(','), per_page: MAX_PER_PAGE, status: 'any' });
        for (const product of data) context.existingProducts.add(product.id);
      }
    }
    return context;
  }
}

interface ReadContext {
  variations: Map<number, WooVariation[]>;
  existingProducts: Set<number>;
  unit: Awaited<ReturnType<StoreSettings['unit']>>;
}
