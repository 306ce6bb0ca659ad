import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { Page, PlannedWrite, PlatformAdapter, WriteContext, WriteItem, WriteResult } from '../types';
import { BcClient } from './client';
import { heldCustomer, heldOrder, heldProduct } from './mapping';
import { bigcommerceWriteRate } from './rate';
import { BcReader } from './reader';
import type { BcWebhook } from './wire';
import { BcWriter } from './writer';

export { bigcommerceOrderStatuses } from './order-statuses';

/** BigCommerce's API host; a connection's endpoint replaces it (a simulator, a proxy). */
export const BIGCOMMERCE_API_ROOT = 'https://api.bigcommerce.com';

export interface BigCommerceConnectionFields {
  storeHash: string;
  endpoint?: string;
}

export interface BigCommerceAdapterOptions {
  /** Per-request timeout; a request that takes longer fails retryably. Default 30 s. */
  timeoutMs?: number;
}

/**
 * The BigCommerce platform adapter: Catalog v3, Customers v3 and Orders v2 under
 * `<endpoint>/stores/<store hash>/`, with an API account's access token (X-Auth-Token).
 */
export function createBigCommerceAdapter(connection: BigCommerceConnectionFields, secrets: { accessToken?: string }, options: BigCommerceAdapterOptions = {}): PlatformAdapter {
  if (!secrets.accessToken) throw new PlatformError(`BigCommerce connection for store ${connection.storeHash} has no access token`, false);
  const root = `${(connection.endpoint ?? BIGCOMMERCE_API_ROOT).replace(/\/+$/, '')}/stores/${encodeURIComponent(connection.storeHash)}`;
  const client = new BcClient(root, secrets.accessToken, options.timeoutMs ?? 30_000);
  const reader = new BcReader(client);
  const writer = new BcWriter(client);
  return {
    platform: 'bigcommerce',
    probe: () => reader.probe(),
    count: (type: EntityType) => reader.count(type),
    listPage: <T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> => reader.listPage(type, cursor, pageSize),
    listChangedSince: <T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> => reader.listChangedSince(type, since, cursor, pageSize),
    get: <T extends EntityType>(type: T, id: string) => reader.get(type, id),
    upsertBatch: <T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> => writer.upsertBatch(type, items, context),
    planWrite: <T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> => writer.planWrite(type, item, context),
    findExisting: <T extends EntityType>(type: T, entity: EntityOf[T]) => writer.findExisting(type, entity),
    delete: (type: EntityType, targetIds: string[]) => writer.delete(type, targetIds),
    heldAs: <T extends EntityType>(type: T, entity: EntityOf[T]): EntityOf[T] => {
      switch (type) {
        case 'products': return heldProduct(entity as EntityOf['products']) as EntityOf[T];
        case 'customers': return heldCustomer(entity as EntityOf['customers']) as EntityOf[T];
        case 'orders': return heldOrder(entity as EntityOf['orders']) as EntityOf[T];
        default: return entity;
      }
    },
    writeRate: async () => {
      // The quota comes with every answer: one cheap call when this adapter has made none yet.
      if (!client.quota) await reader.probe();
      return bigcommerceWriteRate(client.quota);
    },
    listWebhooks: async () => {
      const hooks: BcWebhook[] = [];
      for (let page = 1; ; page += 1) {
        const { data } = await client.get<{ data: BcWebhook[]; meta: { pagination?: { total_pages: number } } }>('/v3/hooks', { page, limit: 250 });
        hooks.push(...(data?.data ?? []));
        if (!data || page >= (data.meta.pagination?.total_pages ?? 1)) break;
      }
      return hooks.map((h) => ({ id: String(h.id), topic: h.scope, address: h.destination, status: h.is_active ? 'active' : 'inactive' }));
    },
    deleteWebhook: async (id: string) => {
      try {
        await client.delete(`/v3/hooks/${encodeURIComponent(id)}`);
        return 'deleted';
      } catch (err) {
        if (err instanceof PlatformError && err.status === 404) return 'not-found';
        throw err;
      }
    },
  };
}
