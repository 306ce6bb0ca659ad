import type { Category, Customer, EntityOf, EntityType, Order, Product } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { FailedWrite, PlannedCall, PlannedWrite, WriteContext, WriteItem, WriteResult } from '../types';
import { BcApiError, type BcClient, type V3Page, listAllV2, listAllV3 } from './client';
import {
  MappingError, addressBody, allocateShipments, customerBody, handleOf, imageBodies, orderAddressBody, pathOf, productBody, shipmentBody, toBcCategory, variantBody,
} from './mapping';
import { statusIds } from './order-statuses';
import type { BcAddress, BcCategory, BcCustomer, BcOrder, BcOrderAddress, BcOrderProduct, BcProduct, BcShipment, BcVariant } from './wire';

export type Found = { targetId: string; childIds?: Record<string, string> } | null;

/** Documented batch limits: 10 products or customers a call, 50 variants. */
const PRODUCT_BATCH = 10;
const CUSTOMER_BATCH = 10;
const VARIANT_BATCH = 50;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function failed(sourceId: string, err: unknown): FailedWrite {
  if (err instanceof MappingError) return { sourceId, ok: false, error: err.message, retryable: false };
  if (err instanceof PlatformError) return { sourceId, ok: false, error: err.message, retryable: err.retryable };
  throw err;
}

/** The `errors` object of a v3 207/422 answer, by the index of the item it names ("3", "3.email"). */
function errorsByIndex(body: unknown): Map<number, string> {
  const errors = (body as { errors?: unknown })?.errors;
  const nested = typeof errors === 'object' && errors !== null && 'errors' in errors ? (errors as { errors: unknown }).errors : errors;
  const out = new Map<number, string>();
  if (typeof nested !== 'object' || nested === null) return out;
  for (const [key, message] of Object.entries(nested)) {
    const index = Number(key.split('.')[0]);
    if (Number.isInteger(index)) out.set(index, [out.get(index), `${key}: ${String(message)}`].filter(Boolean).join('; '));
  }
  return out;
}

/** Pairs source variants with target variants: by SKU, else by option labels. */
export function matchVariants(product: Product, variants: BcVariant[]): Record<string, string> {
  const ids: Record<string, string> = {};
  const free = [...variants];
  for (const variant of product.variants) {
    let index = variant.sku ? free.findIndex((v) => v.sku === variant.sku) : -1;
    if (index < 0) index = free.findIndex((v) => product.options.every((o, i) => v.option_values.find((ov) => ov.option_display_name === o.name)?.label === variant.optionValues[i]));
    const match = free[index];
    if (match) {
      ids[variant.sourceId] = String(match.id);
      free.splice(index, 1);
    }
  }
  return ids;
}

export class BcWriter {
  constructor(private readonly client: BcClient) {}

  async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context: WriteContext): Promise<WriteResult[]> {
    if (items.length === 0) return [];
    switch (type) {
      case 'categories': return this.writeCategories(items as WriteItem<'categories'>[], context);
      case 'products': return this.writeProducts(items as WriteItem<'products'>[], context);
      case 'customers': return this.writeCustomers(items as WriteItem<'customers'>[]);
      case 'orders': return this.writeOrders(items as WriteItem<'orders'>[], context);
    }
    return [];
  }

  // ---- categories: in waves, a parent of the same batch before its children ------------------------------

  private async writeCategories(items: WriteItem<'categories'>[], context: WriteContext): Promise<WriteResult[]> {
    const results = new Map<number, WriteResult>();
    const written = new Map<string, string>(Object.entries(context.references.categories));
    let pending = items.map((item, index) => ({ item, index }));
    while (pending.length) {
      const ready = pending.filter(({ item }) => !item.entity.parentSourceId || written.has(item.entity.parentSourceId));
      if (ready.length === 0) {
        for (const { item, index } of pending) results.set(index, { sourceId: item.entity.sourceId, ok: false, error: `parent category ${item.entity.parentSourceId} is not written`, retryable: true });
        break;
      }
      pending = pending.filter((p) => !ready.includes(p));
      const bodies = ready.map(({ item, index }) => {
        try {
          return { item, index, body: toBcCategory(item.entity, item.entity.parentSourceId ? Number(written.get(item.entity.parentSourceId)) : 0) };
        } catch (err) {
          results.set(index, failed(item.entity.sourceId, err));
          return null;
        }
      }).filter((b): b is NonNullable<typeof b> => b !== null);
      const creates = bodies.filter((b) => !b.item.targetId);
      const updates = bodies.filter((b) => b.item.targetId);
      if (creates.length) {
        const outcome = await this.send('POST', '/v3/catalog/trees/categories', creates.map((c) => c.body));
        const created = (outcome.data as { data?: BcCategory[] } | null)?.data ?? [];
        const errors = errorsByIndex(outcome.error?.body ?? outcome.data);
        // The answer lists what was created, in order, without the failed ones: match them by URL.
        for (const [n, c] of creates.entries()) {
          const made = created.find((x) => x.url.path === pathOf(c.item.entity.handle));
          if (made) {
            results.set(c.index, { sourceId: c.item.entity.sourceId, ok: true, targetId: String(made.category_id), created: true });
            continue;
          }
          // Already there (a write whose answer was lost, or a category of the same URL): update it instead.
          const found = await this.findCategory(c.item.entity).catch(() => null);
          if (found) updates.push({ ...c, item: { ...c.item, targetId: found.targetId } });
          else results.set(c.index, { sourceId: c.item.entity.sourceId, ok: false, error: errors.get(n) ?? outcome.error?.message ?? 'not created', retryable: outcome.error?.retryable ?? false });
        }
      }
      if (updates.length) {
        const outcome = await this.send('PUT', '/v3/catalog/trees/categories', updates.map((u) => ({ ...u.body, category_id: Number(u.item.targetId), tree_id: undefined })));
        const errors = errorsByIndex(outcome.error?.body ?? outcome.data);
        for (const [n, u] of updates.entries()) {
          const error = errors.get(n) ?? (outcome.error && !errors.size ? outcome.error.message : null);
          results.set(u.index, error ? { sourceId: u.item.entity.sourceId, ok: false, error, retryable: outcome.error?.retryable ?? false } : { sourceId: u.item.entity.sourceId, ok: true, targetId: String(u.item.targetId), created: false });
        }
      }
      for (const { item, index } of ready) {
        const result = results.get(index);
        if (result?.ok) written.set(item.entity.sourceId, result.targetId);
      }
    }
    return items.map((item, index) => results.get(index) ?? { sourceId: item.entity.sourceId, ok: false, error: 'not written', retryable: true });
  }

  /** A call whose refusal is an answer to read (which items of a batch failed), not an exception. */
  private async send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<{ data: unknown; error: BcApiError | null }> {
    try {
      const response = method === 'POST' ? await this.client.post(path, body) : await this.client.put(path, body);
      return { data: response.data, error: null };
    } catch (err) {
      if (err instanceof BcApiError) return { data: null, error: err };
      throw err;
    }
  }

  private async findCategory(category: Category): Promise<Found> {
    const { data } = await this.client.get<V3Page<BcCategory>>('/v3/catalog/trees/categories', { 'tree_id:in': 1, name: category.name });
    const match = (data?.data ?? []).find((c) => handleOf(c.url.path) === category.handle);
    return match ? { targetId: String(match.category_id) } : null;
  }

  // ---- products -----------------------------------------------------------------------------------------

  private categoryIds(product: Product, context: WriteContext): number[] {
    const missing = product.categorySourceIds.filter((id) => !context.references.categories[id]);
    if (missing.length) throw new PlatformError(`categories ${missing.join(', ')} of the product are not written yet`, true);
    return product.categorySourceIds.map((id) => Number(context.references.categories[id]));
  }

  private async writeProducts(items: WriteItem<'products'>[], context: WriteContext): Promise<WriteResult[]> {
    const results: (WriteResult | null)[] = items.map(() => null);
    const updates: { index: number; item: WriteItem<'products'>; targetId: string; body: Record<string, unknown> }[] = [];
    for (const [index, item] of items.entries()) {
      const product = item.entity;
      let body: Record<string, unknown>;
      try {
        body = productBody(product, this.categoryIds(product, context));
      } catch (err) {
        results[index] = failed(product.sourceId, err);
        continue;
      }
      if (item.targetId) {
        updates.push({ index, item, targetId: item.targetId, body });
        continue;
      }
      try {
        const multi = product.variants.length > 1 || product.options.length > 0;
        const created = await this.client.post<{ data: BcProduct }>('/v3/catalog/products', {
          ...body, images: imageBodies(product), ...(multi ? { variants: product.variants.map((v) => variantBody(product, v, true)) } : {}),
        });
        const made = created.data?.data as BcProduct;
        results[index] = { sourceId: product.sourceId, ok: true, targetId: String(made.id), created: true, childIds: matchVariants(product, made.variants ?? []) };
      } catch (err) {
        // A product already there (a create whose answer was lost) is found by its URL and updated.
        if (err instanceof BcApiError && err.status === 409) {
          const found = await this.findProduct(product).catch(() => null);
          if (found) {
            updates.push({ index, item, targetId: found.targetId, body });
            continue;
          }
        }
        results[index] = failed(product.sourceId, err);
      }
    }
    for (const chunk of chunks(updates, PRODUCT_BATCH)) {
      try {
        await this.client.put('/v3/catalog/products', chunk.map((u) => ({ ...u.body, id: Number(u.targetId) })));
      } catch (err) {
        // The batch is applied whole or refused: each is written alone so a bad one fails alone.
        if (chunk.length > 1 && err instanceof PlatformError && !err.retryable) {
          for (const u of chunk) await this.client.put(`/v3/catalog/products/${u.targetId}`, u.body).catch((e: unknown) => { results[u.index] = failed(u.item.entity.sourceId, e); });
        } else {
          for (const u of chunk) results[u.index] = failed(u.item.entity.sourceId, err);
        }
      }
      for (const u of chunk) {
        if (results[u.index]) continue;
        results[u.index] = await this.updateVariants(u.item.entity, u.targetId).then(
          (childIds) => ({ sourceId: u.item.entity.sourceId, ok: true as const, targetId: u.targetId, created: false, childIds }),
          (err: unknown) => failed(u.item.entity.sourceId, err),
        );
      }
    }
    return results.map((r, i) => r ?? { sourceId: (items[i] as WriteItem<'products'>).entity.sourceId, ok: false, error: 'not written', retryable: true });
  }

  /** Updates the variants matched by SKU or options; a variant BigCommerce has no match for fails the product. */
  private async updateVariants(product: Product, targetId: string): Promise<Record<string, string>> {
    const variants = await listAllV3<BcVariant>(this.client, `/v3/catalog/products/${targetId}/variants`);
    const matched = matchVariants(product, variants);
    const unmatched = product.variants.filter((v) => !matched[v.sourceId]);
    if (unmatched.length) {
      throw new MappingError(`product ${targetId}: variants ${unmatched.map((v) => v.sku ?? v.sourceId).join(', ')} are not on BigCommerce; adding a variant to an existing product takes its options, which Cutover does not write`);
    }
    const single = product.variants.length === 1 && product.options.length === 0;
    // A product without options is priced and stocked by its own fields (written above).
    if (!single) {
      // The batch takes prices, weights and stock, not SKUs: a changed SKU is written variant by variant.
      for (const chunk of chunks(product.variants, VARIANT_BATCH)) {
        await this.client.put('/v3/catalog/variants', chunk.map((v) => {
          const { sku: _sku, ...fields } = variantBody(product, v, false);
          return { ...fields, id: Number(matched[v.sourceId]) };
        }));
      }
      const current = new Map(variants.map((v) => [String(v.id), v.sku]));
      for (const v of product.variants) {
        const id = matched[v.sourceId] as string;
        if (v.sku && v.sku !== current.get(id)) await this.client.put(`/v3/catalog/products/${targetId}/variants/${id}`, { sku: v.sku });
      }
    }
    return matched;
  }

  private async findProduct(product: Product): Promise<Found> {
    const candidates = new Map<number, BcProduct>();
    const { data } = await this.client.get<V3Page<BcProduct>>('/v3/catalog/products', { name: product.title, include: 'variants' });
    for (const p of data?.data ?? []) candidates.set(p.id, p);
    for (const sku of product.variants.map((v) => v.sku).filter((s): s is string => !!s)) {
      const found = await this.client.get<V3Page<BcVariant>>('/v3/catalog/variants', { sku });
      for (const v of found.data?.data ?? []) {
        if (candidates.has(v.product_id)) continue;
        const full = await this.client.get<{ data: BcProduct }>(`/v3/catalog/products/${v.product_id}`, { include: 'variants' });
        if (full.data) candidates.set(v.product_id, full.data.data);
      }
    }
    // The URL is the handle: a product of the same name or SKU at another URL is another product.
    const match = [...candidates.values()].find((p) => handleOf(p.custom_url.url) === product.handle);
    return match ? { targetId: String(match.id), childIds: matchVariants(product, match.variants ?? []) } : null;
  }

  // ---- customers ------------------------------------------------------------------------------------------

  private async writeCustomers(items: WriteItem<'customers'>[]): Promise<WriteResult[]> {
    const results: (WriteResult | null)[] = items.map(() => null);
    const creates: { index: number; customer: Customer; body: Record<string, unknown> }[] = [];
    const updates: { index: number; customer: Customer; targetId: string }[] = [];
    for (const [index, item] of items.entries()) {
      try {
        if (item.targetId) {
          customerBody(item.entity, true);
          updates.push({ index, customer: item.entity, targetId: item.targetId });
        } else creates.push({ index, customer: item.entity, body: customerBody(item.entity, true) });
      } catch (err) {
        results[index] = failed(item.entity.sourceId, err);
      }
    }
    for (const chunk of chunks(creates, CUSTOMER_BATCH)) {
      const outcome = await this.send('POST', '/v3/customers', chunk.map((c) => c.body));
      if (!outcome.error) {
        const made = (outcome.data as { data?: BcCustomer[] } | null)?.data ?? [];
        for (const c of chunk) {
          const customer = made.find((m) => m.email.toLowerCase() === (c.customer.email ?? '').toLowerCase());
          results[c.index] = customer ? { sourceId: c.customer.sourceId, ok: true, targetId: String(customer.id), created: true } : { sourceId: c.customer.sourceId, ok: false, error: 'not in the answer', retryable: true };
        }
        continue;
      }
      // Refused whole: each on its own, so one taken email or bad address fails alone.
      for (const c of chunk) {
        const single = chunk.length > 1 ? await this.send('POST', '/v3/customers', [c.body]) : outcome;
        const made = (single.data as { data?: BcCustomer[] } | null)?.data?.[0];
        if (made) {
          results[c.index] = { sourceId: c.customer.sourceId, ok: true, targetId: String(made.id), created: true };
          continue;
        }
        const taken = single.error?.status === 422 && /already in use/i.test(single.error.message);
        const found = taken ? await this.findCustomer(c.customer).catch(() => null) : null;
        if (found) updates.push({ index: c.index, customer: c.customer, targetId: found.targetId });
        else results[c.index] = failed(c.customer.sourceId, single.error);
      }
    }
    for (const chunk of chunks(updates, CUSTOMER_BATCH)) {
      const outcome = await this.send('PUT', '/v3/customers', chunk.map((u) => ({ ...customerBody(u.customer, false), id: Number(u.targetId) })));
      for (const u of chunk) {
        if (outcome.error) {
          results[u.index] = failed(u.customer.sourceId, outcome.error);
          continue;
        }
        results[u.index] = await this.replaceAddresses(u.customer, u.targetId).then(
          () => ({ sourceId: u.customer.sourceId, ok: true as const, targetId: u.targetId, created: false }),
          (err: unknown) => failed(u.customer.sourceId, err),
        );
      }
    }
    return results.map((r, i) => r ?? { sourceId: (items[i] as WriteItem<'customers'>).entity.sourceId, ok: false, error: 'not written', retryable: true });
  }

  /** The customer's addresses become the source's: the old ones are deleted, the source's created. */
  private async replaceAddresses(customer: Customer, targetId: string): Promise<void> {
    const current = await listAllV3<BcAddress>(this.client, '/v3/customers/addresses', { 'customer_id:in': targetId });
    const wanted = customer.addresses.map((a) => ({ ...addressBody(a, customer), customer_id: Number(targetId) }));
    const same = current.length === wanted.length && current.every((c, i) => {
      const w = wanted[i] as Record<string, unknown>;
      return c.address1 === w.address1 && c.city === w.city && c.country_code === w.country_code && c.postal_code === w.postal_code && c.first_name === w.first_name && c.last_name === w.last_name;
    });
    if (same) return;
    if (current.length) await this.client.delete('/v3/customers/addresses', { 'id:in': current.map((a) => a.id).join(',') });
    if (wanted.length) await this.client.post('/v3/customers/addresses', wanted);
  }

  private async findCustomer(customer: Customer): Promise<Found> {
    if (!customer.email) return null;
    const { data } = await this.client.get<V3Page<BcCustomer>>('/v3/customers', { 'email:in': customer.email });
    const match = data?.data[0];
    return match ? { targetId: String(match.id) } : null;
  }

  // ---- orders ---------------------------------------------------------------------------------------------

  /**
   * The SKUs of the catalog variants an order batch's lines point at: a catalog line takes its variant's SKU
   * on BigCommerce, so a line sold under another SKU (renamed since, or none now) is written as a custom line.
   */
  private async variantSkus(items: WriteItem<'orders'>[], context: WriteContext): Promise<Map<string, string>> {
    const productIds = [...new Set(items.flatMap((i) => i.entity.lineItems).map((l) => (l.productSourceId ? context.references.products[l.productSourceId] : undefined)).filter((id): id is string => !!id))];
    const skus = new Map<string, string>();
    for (const chunk of chunks(productIds, 50)) {
      for (const v of await listAllV3<BcVariant>(this.client, '/v3/catalog/variants', { 'product_id:in': chunk.join(',') })) skus.set(String(v.id), v.sku);
    }
    return skus;
  }

  private orderBody(order: Order, context: WriteContext, variantSkus: Map<string, string>): Record<string, unknown> {
    if (order.lineItems.length === 0) throw new MappingError('BigCommerce requires at least one product in an order');
    const word = context.orderStatusMap[order.sourceStatus];
    const statusId = word === undefined ? undefined : statusIds[word];
    if (statusId === undefined) throw new MappingError(`order status "${order.sourceStatus}" maps to "${String(word)}", not a BigCommerce status`);
    const products = order.lineItems.map((line) => {
      const productId = line.productSourceId ? context.references.products[line.productSourceId] : undefined;
      const variantId = line.variantSourceId ? context.references.variants[line.variantSourceId] : undefined;
      // A catalog product when both are on BigCommerce; otherwise the line is kept by name, SKU and price.
      const sameSku = variantId !== undefined && (variantSkus.get(variantId) ?? '') === (line.sku ?? '');
      return productId && variantId && sameSku
        ? { product_id: Number(productId), variant_id: Number(variantId), name: line.name, quantity: line.quantity, price_ex_tax: Number(line.price), price_inc_tax: Number(line.price) }
        : { name: line.name, quantity: line.quantity, price_ex_tax: Number(line.price), price_inc_tax: Number(line.price), ...(line.sku ? { sku: line.sku } : {}) };
    });
    const customerId = order.customerSourceId ? context.references.customers[order.customerSourceId] : undefined;
    const shippingCost = order.shippingLines.reduce((sum, l) => sum + Number(l.price), 0);
    const needsShippingAddress = order.shippingAddress !== null || allocateShipments(order).length > 0;
    const subtotal = Number(order.subtotal);
    return {
      external_order_id: order.number, customer_id: customerId ? Number(customerId) : 0, status_id: statusId, date_created: new Date(order.createdAt).toUTCString().replace('GMT', '+0000'),
      billing_address: orderAddressBody(order.billingAddress ?? order.shippingAddress, order.email),
      ...(needsShippingAddress ? { shipping_addresses: [{ ...orderAddressBody(order.shippingAddress ?? order.billingAddress, order.email), shipping_method: order.shippingLines[0]?.title ?? '' }] } : {}),
      products, default_currency_code: order.currency, subtotal_ex_tax: String(subtotal), subtotal_inc_tax: String(subtotal),
      shipping_cost_ex_tax: String(shippingCost), shipping_cost_inc_tax: String(shippingCost), discount_amount: order.discountTotal,
      total_inc_tax: order.total, total_ex_tax: String(Math.round((Number(order.total) - Number(order.totalTax)) * 10000) / 10000),
      customer_message: order.note ?? '', payment_method: 'Cutover import',
    };
  }

  private async writeOrders(items: WriteItem<'orders'>[], context: WriteContext): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    const variantSkus = await this.variantSkus(items, context);
    for (const item of items) {
      const order = item.entity;
      let targetId = item.targetId;
      let created = false;
      try {
        const body = this.orderBody(order, context, variantSkus);
        if (!targetId && !item.knownAbsent) targetId = (await this.findOrder(order))?.targetId ?? null;
        if (!targetId) {
          const made = await this.client.post<BcOrder>('/v2/orders', body);
          targetId = String((made.data as BcOrder).id);
          created = true;
        } else {
          await this.client.put(`/v2/orders/${targetId}`, { status_id: body.status_id, billing_address: body.billing_address, customer_message: body.customer_message, external_order_id: body.external_order_id });
        }
        await this.writeShipments(order, targetId, body.status_id as number);
        results.push({ sourceId: order.sourceId, ok: true, targetId, created });
      } catch (err) {
        // Created, then its shipments or status refused: the order is there, and the retry updates it.
        results.push(created && targetId ? { ...failed(order.sourceId, err), targetId, created } : failed(order.sourceId, err));
      }
    }
    return results;
  }

  /**
   * Tracking numbers not on the order yet become shipments; shipping items moves a BigCommerce order to
   * Shipped or Partially Shipped, so the mapped status is written again afterwards.
   */
  private async writeShipments(order: Order, targetId: string, statusId: number): Promise<void> {
    const plans = allocateShipments(order);
    if (plans.length === 0) return;
    const existing = await listAllV2<BcShipment>(this.client, `/v2/orders/${targetId}/shipments`);
    const known = new Set(existing.map((s) => s.tracking_number));
    const todo = plans.filter((p) => !known.has(p.shipment.trackingNumber ?? ''));
    if (todo.length === 0) return;
    const lines = await listAllV2<BcOrderProduct>(this.client, `/v2/orders/${targetId}/products`);
    const addresses = await listAllV2<BcOrderAddress>(this.client, `/v2/orders/${targetId}/shipping_addresses`);
    const addressId = addresses[0]?.id;
    if (addressId === undefined) throw new MappingError(`order ${targetId} has no shipping address to ship from`);
    const left = new Map(lines.map((l) => [l.id, l.quantity - l.quantity_shipped]));
    for (const plan of todo) {
      const items = plan.lines.map(({ line, quantity }) => {
        const target = lines[line];
        const free = target ? left.get(target.id) ?? 0 : 0;
        return target && free > 0 ? { order_product_id: target.id, quantity: Math.min(quantity, free) } : null;
      }).filter((i): i is { order_product_id: number; quantity: number } => i !== null);
      if (items.length === 0) throw new MappingError(`order ${targetId}: tracking number ${plan.shipment.trackingNumber} has no unshipped item left to ship on BigCommerce`);
      await this.client.post(`/v2/orders/${targetId}/shipments`, shipmentBody(plan.shipment, addressId, items));
      for (const item of items) left.set(item.order_product_id, (left.get(item.order_product_id) ?? 0) - item.quantity);
    }
    await this.client.put(`/v2/orders/${targetId}`, { status_id: statusId });
  }

  private async findOrder(order: Order): Promise<Found> {
    const { data } = await this.client.get<BcOrder[]>('/v2/orders', { external_order_id: order.number });
    const match = (data ?? [])[0];
    return match ? { targetId: String(match.id) } : null;
  }

  /**
   * The calls upsertBatch would make for one item, from the same body builders, without writing (the
   * catalog's variant SKUs are read for an order, as the writer reads them).
   */
  async planWrite<T extends EntityType>(type: T, item: WriteItem<T>, context: WriteContext): Promise<PlannedWrite> {
    const target = item.targetId;
    try {
      const calls: PlannedCall[] = [];
      switch (type) {
        case 'categories': {
          const c = item.entity as Category;
          const body = toBcCategory(c, c.parentSourceId ? Number(context.references.categories[c.parentSourceId] ?? 0) : 0);
          calls.push(target ? { call: 'PUT /v3/catalog/trees/categories', body: [{ ...body, category_id: Number(target), tree_id: undefined }] } : { call: 'POST /v3/catalog/trees/categories', body: [body] });
          break;
        }
        case 'products': {
          const product = item.entity as Product;
          const body = productBody(product, product.categorySourceIds.map((id) => Number(context.references.categories[id] ?? 0)).filter((id) => id > 0));
          const multi = product.variants.length > 1 || product.options.length > 0;
          if (!target) {
            calls.push({ call: 'POST /v3/catalog/products', body: { ...body, images: imageBodies(product), ...(multi ? { variants: product.variants.map((v) => variantBody(product, v, true)) } : {}) } });
          } else {
            calls.push({ call: 'PUT /v3/catalog/products', body: [{ ...body, id: Number(target) }] });
            if (multi) calls.push({ call: 'PUT /v3/catalog/variants', body: product.variants.map((v) => ({ ...variantBody(product, v, false), sku: undefined, id: `<variant matching ${v.sku ?? v.optionValues.join('/')}>` })) });
          }
          break;
        }
        case 'customers': {
          const customer = item.entity as Customer;
          calls.push(target ? { call: 'PUT /v3/customers', body: [{ ...customerBody(customer, false), id: Number(target) }] } : { call: 'POST /v3/customers', body: [customerBody(customer, true)] });
          break;
        }
        case 'orders': {
          const order = item.entity as Order;
          const body = this.orderBody(order, context, await this.variantSkus([item as WriteItem<'orders'>], context));
          const id = target ?? '<the new order>';
          calls.push(target
            ? { call: `PUT /v2/orders/${target}`, body: { status_id: body.status_id, billing_address: body.billing_address, customer_message: body.customer_message, external_order_id: body.external_order_id } }
            : { call: 'POST /v2/orders', body });
          const plans = allocateShipments(order);
          for (const plan of plans) calls.push({ call: `POST /v2/orders/${id}/shipments`, body: shipmentBody(plan.shipment, 0, plan.lines.map((l) => ({ order_product_id: l.line, quantity: l.quantity }))) });
          if (plans.length) calls.push({ call: `PUT /v2/orders/${id}`, body: { status_id: body.status_id } });
          break;
        }
      }
      return { ok: true, calls };
    } catch (err) {
      if (err instanceof MappingError) return { ok: false, reason: err.message };
      throw err;
    }
  }

  findExisting<T extends EntityType>(type: T, entity: EntityOf[T]): Promise<Found> {
    switch (type) {
      case 'categories': return this.findCategory(entity as Category);
      case 'products': return this.findProduct(entity as Product);
      case 'customers': return this.findCustomer(entity as Customer);
      case 'orders': return this.findOrder(entity as Order);
    }
    return Promise.resolve(null);
  }

  /** Deletes for good; an id already gone counts as deleted. */
  async delete(type: EntityType, targetIds: string[]): Promise<{ deleted: string[]; failed: { targetId: string; error: string }[] }> {
    const numeric = targetIds.filter((id) => /^\d+$/.test(id));
    const failures = targetIds.filter((id) => !/^\d+$/.test(id)).map((targetId) => ({ targetId, error: 'not a BigCommerce id' }));
    if (numeric.length === 0) return { deleted: [], failed: failures };
    if (type === 'orders') {
      const deleted: string[] = [];
      for (const id of numeric) {
        try {
          await this.client.delete(`/v2/orders/${id}`);
          deleted.push(id);
        } catch (err) {
          if (err instanceof PlatformError && err.status === 404) deleted.push(id);
          else failures.push({ targetId: id, error: err instanceof Error ? err.message : String(err) });
        }
      }
      return { deleted, failed: failures };
    }
    const route = { categories: ['/v3/catalog/trees/categories', 'category_id:in'], products: ['/v3/catalog/products', 'id:in'], customers: ['/v3/customers', 'id:in'] }[type];
    const deleted: string[] = [];
    for (const chunk of chunks(numeric, 50)) {
      try {
        await this.client.delete(route[0] as string, { [route[1] as string]: chunk.join(',') });
        deleted.push(...chunk);
      } catch (err) {
        failures.push(...chunk.map((targetId) => ({ targetId, error: err instanceof Error ? err.message : String(err) })));
      }
    }
    return { deleted, failed: failures };
  }
}
