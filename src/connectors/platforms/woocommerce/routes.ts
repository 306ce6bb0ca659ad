import type { EntityType } from '../../../domain/catalog/entities';

export const routes: Record<EntityType, string> = {
  categories: 'products/categories',
  products: 'products',
  customers: 'customers',
  orders: 'orders',
};

/** WooCommerce's page size limit, and its limit on objects in one batch request. */
export const MAX_PER_PAGE = 100;
export const BATCH_LIMIT = 100;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Walks every page of a list route. */
export async function listAll<T>(get: (page: number) => Promise<{ data: T[]; totalPages: number | null }>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page += 1) {
    const { data, totalPages } = await get(page);
    all.push(...data);
    if (data.length === 0 || page >= (totalPages ?? page)) return all;
  }
}
