import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { FieldWrite, Page, PlannedWrite, PlatformAdapter, WriteContext, WriteItem, WriteRate, WriteResult } from '../types';
import { collectionsHandler } from './collections';
import { customersHandler } from './customers';
import { type ShopifyGraphqlClient } from './graphql-client';
import type { EntityHandler, HandlerDeps } from './handler';
import { attributes, ordersHandler } from './orders';
import { updateOrderFields } from './order-update';
import { productHeldByShopify, productsHandler } from './products';
import { missingScopes } from './scopes';
import type { PlatformWebhook } from '../types';
import { shopifyWebhooks } from './webhooks';

const handlers: { [T in EntityType]: EntityHandler<T> } = {
  categories: collectionsHandler,
  products: productsHandler,
  customers: customersHandler,
  orders: ordersHandler,
};

const SHOP = `query CutoverProbe { shop { name myshopifyDomain plan { publicDisplayName } } }`;
const LOCATION = `query CutoverLocation { locations(first: 1) { nodes { id } } }`;
const ACCESS_SCOPES = `query CutoverAccessScopes { currentAppInstallation { accessScopes { handle } } }`;

/** Shopify through the GraphQL Admin API: collections, products, customers and historical orders. */
export class ShopifyAdapter implements PlatformAdapter {
  readonly platform = 'shopify' as const;
  private location: Promise<string> | null = null;
  private readonly deps: HandlerDeps;

  constructor(private readonly client: ShopifyGraphqlClient) {
    this.deps = { client, locationId: () => this.locationId() };
  }

  private handler<T extends EntityType>(type: T): EntityHandler<T> {
    return handlers[type] as EntityHandler<T>;
  }

  private locationId(): Promise<string> {
    this.location ??= this.client.request<{ locations: { nodes: { id: string }[] } }>(LOCATION).then((data) => {
      const id = data.locations.nodes[0]?.id;
      if (!id) throw new PlatformError('the Shopify shop has no location to hold stock', false);
      return id;
    });
    this.location.catch(() => { this.location = null; });
    return this.location;
  }

  async probe(): Promise<string> {
    const { shop } = await this.client.request<{ shop: { name: string; myshopifyDomain: string; plan: { publicDisplayName: string } } }>(SHOP);
    return `Shopify shop "${shop.name}" (${shop.myshopifyDomain}, ${shop.plan.publicDisplayName})`;
  }

  /**
   * The app's granted access scopes against what this role needs for these types (scopes.ts). A source
   * without read_all_orders would list only the last 60 days of orders without any error: refused here,
   * before anything is read, naming the scope.
   */
  async checkAccess(role: 'source' | 'target', types: readonly EntityType[]): Promise<void> {
    const data = await this.client.request<{ currentAppInstallation: { accessScopes: { handle: string }[] } }>(ACCESS_SCOPES);
    const missing = missingScopes(role, types, new Set(data.currentAppInstallation.accessScopes.map((s) => s.handle)));
    if (missing.length === 0) return;
    throw new PlatformError(`the Shopify app was not granted the access scopes a ${role} of ${types.join(', ')} needs: ${missing.join(', ')}; grant them to the app (a custom app's Admin API scopes) and start again`, false);
  }

  count(type: EntityType): Promise<number> {
    return this.handler(type).count(this.deps);
  }

  listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    return this.handler(type).list(this.deps, { query: null, cursor, pageSize, sortKey: 'ID' });
  }

  listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    // Shopify keeps whole seconds: the filter starts a second early so a change in the second the last run started is kept.
    const at = Date.parse(since);
    const from = Number.isNaN(at) ? since : new Date(Math.floor(at / 1000) * 1000 - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.handler(type).list(this.deps, { query: `updated_at:>='${from}'`, cursor, pageSize, sortKey: 'UPDATED_AT' });
  }

  get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null> {
    return this.handler(type).get(this.deps, id);
  }

  /**
   * Writes one item at a time (the pacer spaces them by cost). An item Shopify refuses fails alone. A transient
   * failure stops the batch: if nothing was written yet it is thrown for the caller's retry, else the written
   * items keep their results and the rest come back retryable.
   */
  async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    for (const [index, item] of items.entries()) {
      try {
        const result = await this.handler(type).upsert(this.deps, item, context);
        results.push(result);
        // Written, then a follow-up call failed transiently (its id is in the result): the rest waits for the retry too.
        if (!result.ok && result.retryable && result.targetId) {
          for (const rest of items.slice(index + 1)) results.push({ sourceId: rest.entity.sourceId, ok: false, error: result.error, retryable: true });
          break;
        }
      } catch (error) {
        if (!(error instanceof PlatformError)) throw error;
        if (error.status === 401 || error.status === 403) throw error;
        if (!error.retryable) {
          results.push({ sourceId: item.entity.sourceId, ok: false, error: error.message, retryable: false });
          continue;
        }
        if (index === 0) throw error;
        for (const rest of items.slice(index)) results.push({ sourceId: rest.entity.sourceId, ok: false, error: error.message, retryable: true });
        break;
      }
    }
    return results;
  }

  /** Orders field by field (order-update.ts); the other types are written whole by upsertBatch. */
  async updateFields<T extends EntityType>(type: T, targetId: string, merged: EntityOf[T], fields: readonly string[], context: WriteContext): Promise<FieldWrite[] | null> {
    if (type !== 'orders') return null;
    try {
      return await updateOrderFields(this.deps, targetId, merged as EntityOf['orders'], fields, context, attributes);
    } catch (error) {
      if (!(error instanceof PlatformError) || error.retryable || error.status === 401 || error.status === 403) throw error;
      return fields.map((field) => ({ field, outcome: 'failed', reason: error.message, retryable: false }));
    }
  }

  planWrite<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> {
    return this.handler(type).plan(this.deps, item, context);
  }

  /** The shop's bucket as Shopify reports it with every answer; a probe asks when nothing was asked yet. */
  async writeRate(): Promise<WriteRate | null> {
    if (!this.client.throttleStatus()) await this.probe();
    const status = this.client.throttleStatus();
    return status ? { unit: 'cost points', perSecond: status.restoreRate, bucketSize: status.maximumAvailable, source: 'reported by the shop (extensions.cost.throttleStatus)' } : null;
  }

  findExisting<T extends EntityType>(type: T, entity: EntityOf[T]): Promise<{ targetId: string; childIds?: Record<string, string> } | null> {
    return this.handler(type).findExisting(this.deps, entity);
  }

  heldAs<T extends EntityType>(type: T, entity: EntityOf[T]): EntityOf[T] {
    return type === 'products' ? productHeldByShopify(entity as EntityOf['products']) as EntityOf[T] : entity;
  }

  listWebhooks(): Promise<PlatformWebhook[]> {
    return shopifyWebhooks(this.client).listWebhooks();
  }

  deleteWebhook(id: string): Promise<'deleted' | 'not-found'> {
    return shopifyWebhooks(this.client).deleteWebhook(id);
  }

  async delete(type: EntityType, targetIds: string[]): Promise<{ deleted: string[]; failed: { targetId: string; error: string }[] }> {
    const deleted: string[] = [];
    const failed: { targetId: string; error: string }[] = [];
    for (const targetId of targetIds) {
      try {
        const problem = await this.handler(type).remove(this.deps, targetId);
        if (problem) failed.push({ targetId, error: problem });
        else deleted.push(targetId);
      } catch (error) {
        if (error instanceof PlatformError && (error.retryable || error.status === 401 || error.status === 403)) throw error;
        failed.push({ targetId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { deleted, failed };
  }
}
