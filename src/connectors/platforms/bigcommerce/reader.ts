import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { Page, RejectedRecord } from '../types';
import { type BcClient, type QueryParams, type V3Page, listAllV2 } from './client';
import { fromBcCategory, fromBcCustomer, fromBcOrder, fromBcProduct } from './mapping';
import type { BcCategory, BcCustomer, BcOrder, BcOrderAddress, BcOrderProduct, BcProduct, BcShipment } from './wire';

/** v3 and v2 both take at most 250 a page. */
export const MAX_PAGE = 250;

/** Where each type is listed and how it is read whole. */
const V3_LISTS: Record<Exclude<EntityType, 'orders'>, { path: string; query: QueryParams }> = {
  categories: { path: '/v3/catalog/trees/categories', query: { 'tree_id:in': 1 } },
  products: { path: '/v3/catalog/products', query: { include: 'variants,images', sort: 'id', direction: 'asc' } },
  customers: { path: '/v3/customers', query: { include: 'addresses' } },
};

/** BigCommerce keeps whole seconds: one second earlier makes "at or after" hold at its precision. */
function changedFrom(since: string): string {
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new PlatformError(`"${since}" is not an ISO date`, false);
  return new Date(at - 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function pageOf(cursor: string | null): number {
  const page = cursor === null ? 1 : Number(cursor);
  if (!Number.isInteger(page) || page < 1) throw new PlatformError(`invalid BigCommerce page cursor "${cursor}"`, false);
  return page;
}

export class BcReader {
  constructor(private readonly client: BcClient) {}

  async probe(): Promise<string> {
    await this.client.get('/v3/catalog/trees');
    const quota = this.client.quota;
    return `BigCommerce store API${quota ? ` (quota ${quota.quota} requests per ${quota.windowMs / 1000} s, ${quota.left} left)` : ''}`;
  }

  async count(type: EntityType): Promise<number> {
    if (type === 'orders') return (await this.client.get<{ count: number }>('/v2/orders/count')).data?.count ?? 0;
    const list = V3_LISTS[type];
    const { data } = await this.client.get<V3Page<unknown>>(list.path, { ...(type === 'categories' ? list.query : {}), limit: 1 });
    return data?.meta.pagination.total ?? 0;
  }

  listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    return this.page(type, cursor, pageSize, null);
  }

  /** Products and customers by date_modified:min, orders by min_date_modified; categories carry no date (all count). */
  listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    return this.page(type, cursor, pageSize, type === 'categories' ? null : changedFrom(since));
  }

  async get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null> {
    if (!/^\d+$/.test(id)) return null;
    let records: unknown[];
    try {
      if (type === 'orders') {
        const { data } = await this.client.get<BcOrder>(`/v2/orders/${id}`);
        records = data ? [data] : [];
      } else if (type === 'products') {
        const { data } = await this.client.get<{ data: BcProduct }>(`/v3/catalog/products/${id}`, { include: 'variants,images' });
        records = data ? [data.data] : [];
      } else {
        const list = V3_LISTS[type as 'categories' | 'customers'];
        const { data } = await this.client.get<V3Page<unknown>>(list.path, { ...list.query, [type === 'categories' ? 'category_id:in' : 'id:in']: id });
        records = data?.data ?? [];
      }
    } catch (err) {
      if (err instanceof PlatformError && err.status === 404) return null;
      throw err;
    }
    const mapped = await this.map(type, records);
    if (mapped.rejected[0]) throw new PlatformError(`BigCommerce ${type} ${id} cannot be read: ${mapped.rejected[0].reason}`, false);
    return mapped.items[0] ?? null;
  }

  private async page<T extends EntityType>(type: T, cursor: string | null, pageSize: number, changedSince: string | null): Promise<Page<EntityOf[T]>> {
    const page = pageOf(cursor);
    const limit = Math.min(Math.max(1, pageSize), MAX_PAGE);
    if (type === 'orders') {
      const { data } = await this.client.get<BcOrder[]>('/v2/orders', { page, limit, sort: 'id:asc', ...(changedSince ? { min_date_modified: changedSince } : {}) });
      const records = data ?? [];
      // v2 answers 204 past the last page: a full page may have a next one.
      return { ...(await this.map(type, records)), nextCursor: records.length === limit ? String(page + 1) : null };
    }
    const list = V3_LISTS[type as Exclude<EntityType, 'orders'>];
    const { data } = await this.client.get<V3Page<unknown>>(list.path, { ...list.query, page, limit, ...(changedSince ? { 'date_modified:min': changedSince } : {}) });
    const totalPages = data?.meta.pagination.total_pages ?? 1;
    return { ...(await this.map(type, data?.data ?? [])), nextCursor: page < totalPages ? String(page + 1) : null };
  }

  /** Maps records one by one: one that cannot be read is rejected with its reason, never dropped. */
  private async map<T extends EntityType>(type: T, records: unknown[]): Promise<{ items: EntityOf[T][]; rejected: RejectedRecord[] }> {
    const items: EntityOf[T][] = [];
    const rejected: RejectedRecord[] = [];
    for (const record of records) {
      const sourceId = String((record as { id?: unknown; category_id?: unknown })?.id ?? (record as { category_id?: unknown })?.category_id ?? '?');
      let mapped: EntityOf[EntityType];
      try {
        mapped = type === 'orders' ? await this.order(record as BcOrder) : this.mapOne(type, record);
      } catch (err) {
        if (err instanceof PlatformError) throw err;
        rejected.push({ entityType: type, sourceId, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      items.push(mapped as EntityOf[T]);
    }
    return { items, rejected };
  }

  private mapOne(type: EntityType, record: unknown): EntityOf[EntityType] {
    switch (type) {
      case 'categories': return fromBcCategory(record as BcCategory);
      case 'products': return fromBcProduct(record as BcProduct);
      case 'customers': return fromBcCustomer(record as BcCustomer);
      default: throw new Error(`not a v3 type: ${type}`);
    }
  }

  /** An order with its lines, shipping addresses and (once anything shipped) its shipments: v2 lists them apart. */
  private async order(o: BcOrder): Promise<EntityOf['orders']> {
    const lines = await listAllV2<BcOrderProduct>(this.client, `/v2/orders/${o.id}/products`);
    const addresses = await listAllV2<BcOrderAddress>(this.client, `/v2/orders/${o.id}/shipping_addresses`);
    const shipments = o.items_shipped > 0 ? await listAllV2<BcShipment>(this.client, `/v2/orders/${o.id}/shipments`) : [];
    return fromBcOrder(o, lines, addresses, shipments);
  }
}
