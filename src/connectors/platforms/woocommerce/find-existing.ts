import type { EntityOf, EntityType, Product } from '../../../domain/catalog/entities';
import type { QueryParams, WooClient } from './client';
import { metaString, metaKeys } from './meta';
import { MAX_PER_PAGE, listAll } from './routes';
import type { WooOrder, WooProduct, WooVariation } from './wire';

export type Found = { targetId: string; childIds?: Record<string, string> } | null;

/** How far back findExisting looks for an order of a guest without email (newest first). */
const GUEST_ORDER_SCAN_PAGES = 10;

/** Pairs source variants with target variations: by SKU, else by option values. */
export function matchVariants(product: Product, variations: WooVariation[]): Record<string, string> {
  const ids: Record<string, string> = {};
  const free = [...variations];
  for (const variant of product.variants) {
    const bySku = variant.sku ? free.findIndex((v) => v.sku === variant.sku) : -1;
    const byOptions = bySku >= 0 ? bySku : free.findIndex((v) => product.options.every((o, i) => v.attributes.find((a) => a.name.toLowerCase() === o.name.toLowerCase())?.option === variant.optionValues[i]));
    const match = free[byOptions];
    if (match) {
      ids[variant.sourceId] = String(match.id);
      free.splice(byOptions, 1);
    }
  }
  return ids;
}

export async function productChildIds(client: WooClient, product: Product, target: WooProduct): Promise<Record<string, string>> {
  if (target.type !== 'variable') return Object.fromEntries(product.variants.slice(0, 1).map((v) => [v.sourceId, String(target.id)]));
  const variations = await listAll((page) => client.get<WooVariation[]>(`products/${target.id}/variations`, { per_page: MAX_PER_PAGE, page }));
  return matchVariants(product, variations);
}

async function findProduct(client: WooClient, product: Product): Promise<Found> {
  const bySlug = await client.get<WooProduct[]>('products', { slug: product.handle, status: 'any' });
  let found = bySlug.data[0];
  for (const sku of product.variants.map((v) => v.sku).filter((s): s is string => !!s)) {
    if (found) break;
    found = (await client.get<WooProduct[]>('products', { sku, status: 'any' })).data[0];
  }
  return found ? { targetId: String(found.id), childIds: await productChildIds(client, product, found) } : null;
}

/**
 * Orders have no unique field of their own on WooCommerce: Cutover keeps the source number in meta. The
 * order search covers the billing email, so candidates are the orders found by email (or, for a guest
 * without one, the most recent orders), checked for that meta.
 */
async function findOrder(client: WooClient, order: EntityOf['orders']): Promise<Found> {
  const isIt = (o: WooOrder) => metaString(o.meta_data, metaKeys.sourceNumber) === order.number;
  const pages = order.email ? Infinity : GUEST_ORDER_SCAN_PAGES;
  for (let page = 1; page <= pages; page += 1) {
    const params: QueryParams = order.email ? { search: order.email, per_page: MAX_PER_PAGE, page } : { per_page: MAX_PER_PAGE, page, orderby: 'id', order: 'desc' };
    const { data, totalPages } = await client.get<WooOrder[]>('orders', params);
    const match = data.find(isIt);
    if (match) return { targetId: String(match.id) };
    if (data.length === 0 || page >= (totalPages ?? page)) return null;
  }
  return null;
}

export async function findExisting<T extends EntityType>(client: WooClient, type: T, entity: EntityOf[T]): Promise<Found> {
  switch (type) {
    case 'categories': {
      const { data } = await client.get<{ id: number }[]>('products/categories', { slug: (entity as EntityOf['categories']).handle });
      return data[0] ? { targetId: String(data[0].id) } : null;
    }
    case 'products':
      return findProduct(client, entity as Product);
    case 'customers': {
      const email = (entity as EntityOf['customers']).email;
      if (!email) return null;
      const { data } = await client.get<{ id: number }[]>('customers', { email, role: 'all' });
      return data[0] ? { targetId: String(data[0].id) } : null;
    }
    case 'orders':
      return findOrder(client, entity as EntityOf['orders']);
  }
  return null;
}
