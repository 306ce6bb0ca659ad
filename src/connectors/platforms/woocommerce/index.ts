import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import type { ConnectionOf } from '../../../domain/connections';
import { PlatformError } from '../errors';
import type { Page, PlannedWrite, PlatformAdapter, WriteContext, WriteItem, WriteResult } from '../types';
import { WooClient } from './client';
import { WooReader } from './reader';
import { StoreSettings } from './store-settings';
import { wooWebhooks } from './webhooks';
import { WooWriter } from './writer';

export { metaKeys } from './meta';

export interface WooCommerceAdapterOptions {
  /** Per-request timeout; a request that takes longer fails retryably. Default 30 s. */
  timeoutMs?: number;
}

/**
 * The WooCommerce platform adapter (REST API wc/v3 through the official client). `connection.url` is the
 * store's URL; the consumer key and secret come resolved in `secrets`.
 */
export function createWooCommerceAdapter(
  connection: ConnectionOf<'woocommerce'>,
  secrets: { consumerKey?: string; consumerSecret?: string },
  options: WooCommerceAdapterOptions = {},
): PlatformAdapter {
  if (!secrets.consumerKey || !secrets.consumerSecret) {
    throw new PlatformError('the WooCommerce connection needs a consumer key and a consumer secret', false);
  }
  const client = new WooClient(connection.url.replace(/\/+$/, ''), secrets.consumerKey, secrets.consumerSecret, options.timeoutMs ?? 30_000);
  const settings = new StoreSettings(client);
  const reader = new WooReader(client, settings);
  const writer = new WooWriter(client, settings);
  const webhooks = wooWebhooks(client);
  return {
    platform: 'woocommerce',
    probe: () => reader.probe(),
    count: (type: EntityType) => reader.count(type),
    listPage: <T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> => reader.listPage(type, cursor, pageSize),
    listChangedSince: <T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> =>
      reader.listChangedSince(type, since, cursor, pageSize),
    get: <T extends EntityType>(type: T, id: string) => reader.get(type, id),
    upsertBatch: <T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> => writer.upsertBatch(type, items, context),
    planWrite: <T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> => writer.planWrite(type, item, context),
    // WooCommerce publishes no rate limit: its pace is the host's (see the migration preview's assumption).
    writeRate: async () => null,
    findExisting: <T extends EntityType>(type: T, entity: EntityOf[T]) => writer.findExisting(type, entity),
    delete: (type: EntityType, targetIds: string[]) => writer.delete(type, targetIds),
    listWebhooks: () => webhooks.listWebhooks(),
    deleteWebhook: (id: string) => webhooks.deleteWebhook(id),
  };
}
