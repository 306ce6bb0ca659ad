import type { EntityOf, EntityType, Order, Product } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { FailedWrite, Page, PlannedCall, PlannedWrite, PlatformAdapter, PlatformWebhook, RejectedRecord, WriteContext, WriteItem, WriteRate, WriteResult } from '../types';
import { nextLink, type TiendanubeClient } from './client';
import { OrderNotes } from './order-notes';
import { statusWriteOf } from './order-statuses';
import { toCategory, toCustomer, toOrder, toProduct, unpricedVariant } from './read';
import type { TnCategory, TnCustomer, TnOrder, TnProduct, TnStore, TnVariant } from './wire';
import {
  categoryBody, customerBody, keptOrderFields, orderCreateBody, productBody, productCreateBody, targetWord, UnwritableError, variantBody,
} from './write';

const PATHS: Record<EntityType, string> = { categories: '/categories', products: '/products', customers: '/customers', orders: '/orders' };
const MAX_PER_PAGE = 200;

type Json = Record<string, unknown>;

/** Only a transient failure is worth trying again; a refused record (422), a 404 or bad credentials is not. */
function failure(sourceId: string, err: unknown): FailedWrite {
  if (err instanceof UnwritableError) return { sourceId, ok: false, error: err.message, retryable: false };
  if (err instanceof PlatformError) return { sourceId, ok: false, error: err.message, retryable: err.retryable };
  return { sourceId, ok: false, error: err instanceof Error ? err.message : String(err), retryable: false };
}

const notFound = (err: unknown): boolean => err instanceof PlatformError && err.status === 404;

/**
 * The Tiendanube / Nuvemshop platform adapter (REST API v1). Lists go by `since_id` (the last id read is the
 * cursor) and follow the Link header, so records created while a migration reads are not skipped nor read
 * twice; deltas use `updated_at_min`. Texts are read and written in the store's main language. Tiendanube
 * has no batch writes: each record is its own call, paced by the client against the leaky bucket.
 */
export class TiendanubeAdapter implements PlatformAdapter {
  readonly platform = 'tiendanube' as const;
  private store: Promise<Required<Pick<TnStore, 'main_language' | 'main_currency' | 'country'>>> | null = null;
  private readonly notes: OrderNotes;

  constructor(private readonly client: TiendanubeClient) {
    this.notes = new OrderNotes(client);
  }

  private settings(): Promise<Required<Pick<TnStore, 'main_language' | 'main_currency' | 'country'>>> {
    this.store ??= this.client.get<TnStore>('/store', { fields: 'id,name,main_language,main_currency,country' }).then((s) => ({
      main_language: s.main_language ?? 'es', main_currency: s.main_currency ?? 'ARS', country: s.country ?? 'AR',
    })).catch((err: unknown) => { this.store = null; throw err; });
    return this.store;
  }

  private async language(): Promise<string> {
    return (await this.settings()).main_language;
  }

  async probe(): Promise<string> {
    const store = await this.client.get<TnStore>('/store', { fields: 'id,name,main_language,main_currency,country' });
    const name = store.name ? Object.values(store.name).find(Boolean) : null;
    return `Tiendanube store ${name ?? ''} (${store.country ?? '?'}, ${store.main_currency ?? '?'}, texts in ${store.main_language ?? '?'})`.replace('  ', ' ');
  }

  async count(type: EntityType): Promise<number> {
    const answer = await this.client.getWithHeaders<unknown[]>(PATHS[type], { per_page: '1', fields: 'id' });
    const total = Number(answer.headers.get('x-total-count'));
    return Number.isFinite(total) && answer.headers.has('x-total-count') ? total : answer.data.length;
  }

  listPage<T extends EntityType>(type: T, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    return this.page(type, cursor, pageSize, {});
  }

  listChangedSince<T extends EntityType>(type: T, since: string, cursor: string | null, pageSize: number): Promise<Page<EntityOf[T]>> {
    // The API keeps whole seconds and compares strictly: one second earlier makes it "at or after".
    const from = new Date(Date.parse(since) - 1000).toISOString();
    return this.page(type, cursor, pageSize, { updated_at_min: from });
  }

  private async page<T extends EntityType>(type: T, cursor: string | null, pageSize: number, filter: Record<string, string>): Promise<Page<EntityOf[T]>> {
    const query = { ...filter, per_page: String(Math.min(MAX_PER_PAGE, Math.max(1, pageSize))), since_id: cursor ?? '0' };
    const answer = await this.client.getWithHeaders<Json[]>(PATHS[type], query);
    const { items, rejected } = await this.toCanonical(type, answer.data);
    const last = answer.data[answer.data.length - 1];
    return { items, rejected, nextCursor: nextLink(answer.headers) && last ? String(last.id) : null };
  }

  private async toCanonical<T extends EntityType>(type: T, records: Json[]): Promise<{ items: EntityOf[T][]; rejected: RejectedRecord[] }> {
    const language = await this.language();
    if (type === 'orders') await this.notes.refresh();
    const items: EntityOf[T][] = [];
    const rejected: RejectedRecord[] = [];
    for (const record of records) {
      try {
        items.push(this.one(type, record, language));
      } catch (err) {
        rejected.push({ entityType: type, sourceId: String(record.id), reason: err instanceof Error ? err.message : String(err) });
      }
    }
    return { items, rejected };
  }

  private one<T extends EntityType>(type: T, record: Json, language: string): EntityOf[T] {
    switch (type) {
      case 'categories': return toCategory(record as unknown as TnCategory, language) as EntityOf[T];
      case 'products': {
        const product = record as unknown as TnProduct;
        const unpriced = unpricedVariant(product);
        if (unpriced) throw new Error(`variant ${unpriced.id} has no price (the product asks shoppers to get in touch instead): no price to carry`);
        return toProduct(product, language) as EntityOf[T];
      }
      case 'customers': return toCustomer(record as unknown as TnCustomer) as EntityOf[T];
      case 'orders': {
        const order = record as unknown as TnOrder;
        return toOrder(order, this.notes.get(order.id)) as EntityOf[T];
      }
    }
    throw new Error(`unknown entity type ${String(type)}`);
  }

  async get<T extends EntityType>(type: T, id: string): Promise<EntityOf[T] | null> {
    if (!/^\d+$/.test(id)) return null;
    try {
      const record = await this.client.get<Json>(`${PATHS[type]}/${id}`);
      if (type === 'orders') await this.notes.refresh();
      return this.one(type, record, await this.language());
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  /**
   * The store's bucket as its last answer reported it (X-Rate-Limit-Limit; 2 a second leak, as documented),
   * and the requests this adapter makes per entity, as measured: a lookup by natural key and the create
   * (categories, customers); products a handle lookup, SKU lookups, the create; orders the metafield refresh,
   * the create, its metafield and, when tracked, the fulfilment. Verification reads pages of 100.
   */
  async writeRate(): Promise<WriteRate | null> {
    if (!this.client.lastRateLimit) await this.settings();
    const bucketSize = this.client.lastRateLimit?.limit ?? 40;
    return {
      unit: 'requests', perSecond: 2, bucketSize, source: `bucket of ${bucketSize} reported by the store (X-Rate-Limit-Limit), leaking 2 a second as Tiendanube documents`,
      // Measured: a seeded WooCommerce store (6 categories, 27 products, 20 customers, 30 orders) migrated onto the simulator.
      perEntity: { categories: 2.3, products: 3.7, customers: 2, orders: 2.7 }, verifyPerEntity: { categories: 0.01, products: 0.01, customers: 0.01, orders: 0.02 },
      basis: 'requests per entity measured migrating a seeded WooCommerce store onto the Tiendanube simulator (lookup by natural key, create; orders also their metafield and fulfilment)',
    };
  }

  // ---- writing ----

  /** The entity as Tiendanube will read it back: written through the same mapping and read again. */
  heldAs<T extends EntityType>(type: T, entity: EntityOf[T]): EntityOf[T] {
    const language = 'es';
    const context: WriteContext = { references: { categories: {}, products: {}, variants: {}, customers: {} }, orderStatusMap: {} };
    try {
      if (type === 'customers') {
        const body = customerBody(entity as EntityOf['customers']);
        const c = entity as EntityOf['customers'];
        return { ...toCustomer({ id: 0, ...body, addresses: body.addresses as TnCustomer['addresses'] } as TnCustomer), sourceId: c.sourceId, createdAt: c.createdAt, updatedAt: c.updatedAt, emailMarketing: { state: body.accepts_marketing ? 'subscribed' : 'not_subscribed', changedAt: c.emailMarketing.changedAt } } as EntityOf[T];
      }
      if (type === 'products') {
        const p = entity as Product;
        const body = productBody(p, language, context, 'known');
        const variants = p.variants.map((v, i) => ({ id: i + 1, ...variantBody(v, p, language) }) as unknown as TnVariant);
        const read = toProduct({ id: 0, ...body, categories: [], images: [], variants } as unknown as TnProduct, language);
        return { ...p, status: read.status, variants: read.variants.map((v, i) => ({ ...v, sourceId: p.variants[i]?.sourceId ?? v.sourceId })) } as EntityOf[T];
      }
    } catch {
      // A record the writer refuses is never recorded as written: nothing to compare.
    }
    return entity;
  }

  /**
   * The calls upsertBatch would make for one item, built by the same body builders, after the same natural-key
   * lookup (reads only). An order's update depends on the statuses the target has then: shown as the statuses
   * it would be moved to.
   */
  async planWrite<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> {
    try {
      const language = await this.language();
      const existing = item.targetId ?? (item.knownAbsent ? null : (await this.findExisting(type, item.entity))?.targetId ?? null);
      const path = PATHS[type];
      const write = (body: unknown): PlannedCall => (existing ? { call: `PUT ${path}/${existing}`, body } : { call: `POST ${path}`, body });
      switch (type) {
        case 'categories': {
          const c = item.entity as EntityOf['categories'];
          const parent = c.parentSourceId ? Number(context.references.categories[c.parentSourceId]) : null;
          return { ok: true, calls: [write(categoryBody(c, language, parent))] };
        }
        case 'products': {
          const p = item.entity as Product;
          if (!existing) return { ok: true, calls: [write(productCreateBody(p, language, context))] };
          return { ok: true, calls: [write(productBody(p, language, context)), ...p.variants.map((v) => ({ call: `PUT or POST /products/${existing}/variants (matched by SKU)`, body: variantBody(v, p, language) }))] };
        }
        case 'customers': return { ok: true, calls: [write(existing ? customerBody(item.entity as EntityOf['customers']) : { ...customerBody(item.entity as EntityOf['customers']), send_email_invite: false })] };
        case 'orders': {
          const o = item.entity as Order;
          const kept = { call: 'POST /metafields', body: { namespace: 'cutover', key: 'source_order', owner_resource: 'Order', value: keptOrderFields(o, context) } };
          if (existing) return { ok: true, calls: [{ call: `move /orders/${existing} to`, body: statusWriteOf(targetWord(o, context), o) }, kept] };
          const body = orderCreateBody(o, context, { country: (await this.settings()).country });
          const tracked = o.shipments.find((s) => s.trackingUrl);
          return {
            ok: true,
            calls: [write(body), kept, ...(tracked && body.fulfillment_status === 'fulfilled' ? [{ call: 'POST /orders/<new id>/fulfill', body: { shipping_tracking_number: tracked.trackingNumber, shipping_tracking_url: tracked.trackingUrl, notify_customer: false } }] : [])],
          };
        }
      }
      return { ok: false, reason: `unknown entity type ${String(type)}` };
    } catch (err) {
      if (err instanceof UnwritableError) return { ok: false, reason: err.message };
      throw err;
    }
  }

  async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> {
    if (type === 'categories') return this.writeCategories(items as WriteItem<'categories'>[], context);
    const results: WriteResult[] = [];
    for (const item of items) {
      try {
        results.push(await this.writeOne(type, item, context));
      } catch (err) {
        results.push(failure(item.entity.sourceId, err));
      }
    }
    return results;
  }

  /** Parents first: a parent in the same batch is written before its children, which then point at it. */
  private async writeCategories(items: WriteItem<'categories'>[], context: WriteContext): Promise<WriteResult[]> {
    const language = await this.language();
    const written = new Map(Object.entries(context.references.categories));
    const results = new Map<number, WriteResult>();
    let pending = items.map((item, index) => ({ item, index }));
    while (pending.length) {
      const ready = pending.filter(({ item }) => !item.entity.parentSourceId || written.has(item.entity.parentSourceId));
      if (ready.length === 0) {
        for (const { item, index } of pending) results.set(index, { sourceId: item.entity.sourceId, ok: false, error: `parent category ${item.entity.parentSourceId as string} is not written yet`, retryable: true });
        break;
      }
      for (const { item, index } of ready) {
        const parent = item.entity.parentSourceId ? Number(written.get(item.entity.parentSourceId)) : null;
        try {
          const body = categoryBody(item.entity, language, parent);
          const existing = item.targetId ?? (item.knownAbsent ? null : (await this.findExisting('categories', item.entity))?.targetId ?? null);
          const saved = existing
            ? await this.client.send<TnCategory>('PUT', `/categories/${existing}`, body)
            : await this.client.send<TnCategory>('POST', '/categories', body);
          written.set(item.entity.sourceId, String(saved.id));
          results.set(index, { sourceId: item.entity.sourceId, ok: true, targetId: String(saved.id), created: !existing });
        } catch (err) {
          results.set(index, failure(item.entity.sourceId, err));
        }
      }
      pending = pending.filter((p) => !ready.includes(p));
    }
    return items.map((item, index) => results.get(index) ?? { sourceId: item.entity.sourceId, ok: false, error: 'not written', retryable: true });
  }

  private async writeOne<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<WriteResult> {
    const sourceId = item.entity.sourceId;
    const existing = item.targetId ?? (item.knownAbsent ? null : (await this.findExisting(type, item.entity))?.targetId ?? null);
    switch (type) {
      case 'products': return this.writeProduct(item.entity as Product, existing, context);
      case 'customers': {
        const body = customerBody(item.entity as EntityOf['customers']);
        const saved = existing
          ? await this.client.send<TnCustomer>('PUT', `/customers/${existing}`, body)
          : await this.client.send<TnCustomer>('POST', '/customers', { ...body, send_email_invite: false });
        return { sourceId, ok: true, targetId: String(saved.id), created: !existing };
      }
      case 'orders': return this.writeOrder(item.entity as Order, existing, context);
    }
    throw new Error(`unknown entity type ${String(type)}`);
  }

  private async writeProduct(p: Product, existing: string | null, context: WriteContext): Promise<WriteResult> {
    const language = await this.language();
    if (!existing) {
      const saved = await this.client.send<TnProduct>('POST', '/products', productCreateBody(p, language, context));
      return { sourceId: p.sourceId, ok: true, targetId: String(saved.id), created: true, childIds: Object.fromEntries(p.variants.map((v, i) => [v.sourceId, String(saved.variants[i]?.id)])) };
    }
    const saved = await this.client.send<TnProduct>('PUT', `/products/${existing}`, productBody(p, language, context));
    // Variants: matched by SKU, else by option values, else by position; the rest created, then the extra ones removed.
    const remaining = [...saved.variants];
    const take = (match: (v: TnVariant) => boolean): TnVariant | null => {
      const index = remaining.findIndex(match);
      return index >= 0 ? (remaining.splice(index, 1)[0] as TnVariant) : null;
    };
    const childIds: Record<string, string> = {};
    const pairs = p.variants.map((v) => ({ v, target: (v.sku ? take((t) => t.sku === v.sku) : null) ?? take((t) => JSON.stringify(t.values.map((x) => x[language] ?? '')) === JSON.stringify(v.optionValues)) }));
    for (const pair of pairs) pair.target ??= take(() => true);
    for (const { v, target } of pairs) {
      const body = variantBody(v, p, language);
      const written = target
        ? await this.client.send<TnVariant>('PUT', `/products/${existing}/variants/${target.id}`, body)
        : await this.client.send<TnVariant>('POST', `/products/${existing}/variants`, body);
      childIds[v.sourceId] = String(written.id);
    }
    for (const extra of remaining) await this.client.send('DELETE', `/products/${existing}/variants/${extra.id}`);
    // Tiendanube serves images from its own CDN (the URL read back is not the one sent): they are replaced only when their number changed.
    if ((saved.images ?? []).length !== p.images.length) {
      for (const image of saved.images ?? []) await this.client.send('DELETE', `/products/${existing}/images/${image.id}`);
      for (const [n, image] of [...p.images].sort((a, b) => a.position - b.position).entries()) await this.client.send('POST', `/products/${existing}/images`, { src: image.url, position: n + 1 });
    }
    return { sourceId: p.sourceId, ok: true, targetId: existing, created: false, childIds };
  }

  private async writeOrder(o: Order, existing: string | null, context: WriteContext): Promise<WriteResult> {
    const kept = keptOrderFields(o, context);
    const tracked = o.shipments.find((s) => s.trackingNumber || s.trackingUrl);
    if (!existing) {
      const body = orderCreateBody(o, context, { country: (await this.settings()).country });
      const saved = await this.client.send<TnOrder>('POST', '/orders', body);
      try {
        await this.notes.save(saved.id, kept);
        // Creation takes a tracking number but no tracking URL: the fulfilment call carries both, telling no one.
        if (tracked?.trackingUrl && body.fulfillment_status === 'fulfilled' && saved.status !== 'cancelled') {
          await this.client.send('POST', `/orders/${saved.id}/fulfill`, { shipping_tracking_number: tracked.trackingNumber, shipping_tracking_url: tracked.trackingUrl, notify_customer: false });
        }
      } catch (err) {
        // The order exists: said with its id, so the retry updates it (the update writes the metafield and the
        // fulfilment again). Without the metafield findExisting cannot recognise it and would create a second.
        return { ...failure(o.sourceId, err), targetId: String(saved.id), created: true };
      }
      return { sourceId: o.sourceId, ok: true, targetId: String(saved.id), created: true };
    }
    await this.updateOrder(o, Number(existing), context);
    await this.notes.refresh();
    await this.notes.save(Number(existing), kept);
    return { sourceId: o.sourceId, ok: true, targetId: existing, created: false };
  }

  /**
   * An order's lines and totals are written once; an update moves it through Tiendanube's own calls:
   * cancel, close or reopen, mark paid (PUT status "paid", the only payment change the API offers), and
   * fulfil with the tracking. A refund or void cannot be written through the API and stays as it was.
   */
  private async updateOrder(o: Order, id: number, context: WriteContext): Promise<void> {
    const current = await this.client.get<TnOrder>(`/orders/${id}`);
    const want = statusWriteOf(targetWord(o, context), o);
    if (o.note !== undefined && current.note !== o.note) {
      // The buyer's note is not writable after creation; nothing to do but keep it in what Cutover keeps.
    }
    if (want.status === 'cancelled') {
      if (current.status !== 'cancelled') await this.client.send('POST', `/orders/${id}/cancel`, { reason: 'other', email: false, restock: false });
      return;
    }
    if (want.payment_status === 'paid' && ['pending', 'authorized'].includes(current.payment_status)) await this.client.send('PUT', `/orders/${id}`, { status: 'paid' });
    const tracked = o.shipments.find((s) => s.trackingNumber || s.trackingUrl);
    const trackingChanged = !!tracked && (tracked.trackingNumber !== (current.shipping_tracking_number ?? null) || tracked.trackingUrl !== (current.shipping_tracking_url ?? null));
    if (current.status !== 'cancelled' && ((want.fulfilled && current.shipping_status !== 'fulfilled') || trackingChanged)) {
      await this.client.send('POST', `/orders/${id}/fulfill`, { shipping_tracking_number: tracked?.trackingNumber ?? null, shipping_tracking_url: tracked?.trackingUrl ?? null, notify_customer: false });
    }
    if (want.status === 'closed' && current.status === 'open') await this.client.send('POST', `/orders/${id}/close`);
    if (want.status === 'open' && current.status === 'closed') await this.client.send('POST', `/orders/${id}/open`);
  }

  async findExisting<T extends EntityType>(type: T, entity: EntityOf[T]): Promise<{ targetId: string; childIds?: Record<string, string> } | null> {
    const language = await this.language();
    switch (type) {
      case 'categories': {
        const found = await this.list<TnCategory>('/categories', { handle: (entity as EntityOf['categories']).handle, language });
        return found[0] ? { targetId: String(found[0].id) } : null;
      }
      case 'products': {
        const p = entity as Product;
        let found: TnProduct | null = (await this.list<TnProduct>('/products', { handle: p.handle, language }))[0] ?? null;
        for (const sku of p.variants.map((v) => v.sku).filter((s): s is string => !!s)) {
          if (found) break;
          found = await this.client.get<TnProduct>(`/products/sku/${encodeURIComponent(sku)}`).catch((err: unknown) => { if (notFound(err)) return null; throw err; });
        }
        if (!found) return null;
        const childIds: Record<string, string> = {};
        for (const [i, v] of p.variants.entries()) {
          const match = found.variants.find((t) => v.sku && t.sku === v.sku) ?? found.variants[i];
          if (match) childIds[v.sourceId] = String(match.id);
        }
        return { targetId: String(found.id), childIds };
      }
      case 'customers': {
        const email = (entity as EntityOf['customers']).email;
        if (!email) return null;
        const found = (await this.list<TnCustomer>('/customers', { q: email })).find((c) => c.email?.toLowerCase() === email.toLowerCase());
        return found ? { targetId: String(found.id) } : null;
      }
      case 'orders': {
        await this.notes.refresh();
        const id = this.notes.orderWithNumber((entity as Order).number);
        return id ? { targetId: String(id) } : null;
      }
    }
    return null;
  }

  /** Every page of a filtered list (lookups by natural key find a handful). */
  private async list<R>(path: string, query: Record<string, string>): Promise<R[]> {
    const found: R[] = [];
    let sinceId = '0';
    for (;;) {
      const answer = await this.client.getWithHeaders<(R & { id: number })[]>(path, { ...query, per_page: String(MAX_PER_PAGE), since_id: sinceId });
      found.push(...answer.data);
      const last = answer.data[answer.data.length - 1];
      if (!nextLink(answer.headers) || !last) return found;
      sinceId = String(last.id);
    }
  }

  async delete(type: EntityType, targetIds: string[]): Promise<{ deleted: string[]; failed: { targetId: string; error: string }[] }> {
    const deleted: string[] = [];
    const failed: { targetId: string; error: string }[] = [];
    for (const id of targetIds) {
      if (type === 'orders') {
        failed.push({ targetId: id, error: 'Tiendanube\'s API cannot delete orders: the order stays (cancel it in the admin if it must go); a remigration updates it' });
        continue;
      }
      try {
        await this.client.send('DELETE', `${PATHS[type]}/${id}`);
        deleted.push(id);
      } catch (err) {
        if (notFound(err)) deleted.push(id);
        else failed.push({ targetId: id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return { deleted, failed };
  }

  // ---- webhooks ----

  async listWebhooks(): Promise<PlatformWebhook[]> {
    const hooks = await this.list<{ id: number; event: string; url: string }>('/webhooks', {});
    return hooks.map((h) => ({ id: String(h.id), topic: h.event, address: h.url, status: null }));
  }

  async deleteWebhook(id: string): Promise<'deleted' | 'not-found'> {
    try {
      await this.client.send('DELETE', `/webhooks/${id}`);
      return 'deleted';
    } catch (err) {
      if (notFound(err)) return 'not-found';
      throw err;
    }
  }
}

export type { TnOrder };
