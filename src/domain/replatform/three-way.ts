import type { Address, Consent, Customer, Order, Product, Variant } from '../catalog/entities';
import { normaliseMoney, stableJson, SYNC_BASE_KEY } from '../migration/comparable';
import {
  type ConflictPolicy, type CustomerSyncField, customerSyncFieldSchema, type OrderSyncField, orderSyncFieldSchema, type ProductSyncField, productSyncFieldSchema,
} from './sync-fields';

export type SyncedType = 'products' | 'orders' | 'customers';
export type FieldValues = Record<string, unknown>;

/** The values of chosen fields at the last sync, as each side showed them (platforms store some fields lossily). */
export interface SyncBase {
  source: FieldValues;
  target: FieldValues;
}

/** A variant's identity across platforms: its SKU, else its option values. */
export function variantKey(variant: Pick<Variant, 'sku' | 'optionValues'>): string {
  return variant.sku ?? `options:${variant.optionValues.join(' / ')}`;
}

function perVariant(product: Product, pick: (v: Variant) => unknown): Record<string, unknown> {
  return Object.fromEntries(product.variants.map((v) => [variantKey(v), pick(v)]));
}

/**
 * A product's chosen fields in a platform-neutral form. Category ids are translated to the source's ids by
 * `categoryKey` so both sides compare (the target's collection ids mean nothing to the source).
 */
export function productValues(product: Product, fields: readonly ProductSyncField[], categoryKey: (id: string) => string): FieldValues {
  const all: Record<ProductSyncField, () => unknown> = {
    name: () => product.title,
    seoUrl: () => product.handle,
    price: () => perVariant(product, (v) => normaliseMoney(v.price)),
    quantity: () => perVariant(product, (v) => v.inventoryQuantity),
    stockStatus: () => perVariant(product, (v) => v.stockStatus),
    categories: () => product.categorySourceIds.map(categoryKey).sort(),
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]()]));
}

/** An order's chosen fields in a platform-neutral form; `statusWord` gives the status in the target's words. */
export function orderValues(order: Order, fields: readonly OrderSyncField[], statusWord: (o: Order) => string): FieldValues {
  const all: Record<OrderSyncField, () => unknown> = {
    status: () => statusWord(order),
    statusHistory: () => order.statusHistory.map((h) => ({ status: h.status, at: new Date(h.at).toISOString() })),
    shipping: () => ({ address: order.shippingAddress, lines: order.shippingLines.map((l) => ({ title: l.title, price: normaliseMoney(l.price) })) }),
    tracking: () => order.shipments.map((s) => s.trackingNumber).filter((t): t is string => !!t).sort(),
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]()]));
}

/** A phone compared without its punctuation: Shopify keeps E.164 ("+5491155550123") where others keep what was typed. */
export const comparablePhone = (phone: string | null): string | null => (phone ? phone.replace(/[\s().-]/g, '').replace(/^00/, '+') : null);

function comparableAddress(a: Address): Record<string, string | null> {
  const text = (v: string | null): string | null => (v && v.trim() ? v.trim() : null);
  return {
    firstName: text(a.firstName), lastName: text(a.lastName), company: text(a.company), address1: text(a.address1), address2: text(a.address2),
    city: text(a.city), province: text(a.province), countryCode: a.countryCode?.toUpperCase() ?? null, zip: text(a.zip), phone: comparablePhone(text(a.phone)),
  };
}

/** A customer's chosen fields in a platform-neutral form; consent is its state (its date decides, decideConsent). */
export function customerValues(customer: Customer, fields: readonly CustomerSyncField[]): FieldValues {
  const all: Record<CustomerSyncField, () => unknown> = {
    name: () => ({ firstName: customer.firstName ?? null, lastName: customer.lastName ?? null }),
    phone: () => comparablePhone(customer.phone),
    addresses: () => customer.addresses.map(comparableAddress),
    tags: () => [...new Set(customer.tags.map((t) => t.trim()).filter(Boolean))].sort(),
    emailConsent: () => customer.emailMarketing.state,
    smsConsent: () => customer.smsMarketing.state,
  };
  return Object.fromEntries(fields.map((f) => [f, all[f]()]));
}

const consentRank = (c: Consent): number => (c.state === 'unsubscribed' ? 1 : 0);

/**
 * Marketing consent is not merged three ways: it follows the newest dated change on either store, because a
 * shopper who unsubscribes on the new store after subscribing on the old one has unsubscribed. An unsubscribe
 * is never overwritten by a subscribe unless both are dated and the subscribe is newer; at the same instant the
 * unsubscribe wins. An unsubscribe on the source is taken unless the target's change is dated and newer.
 * Between other states without both dates, the three-way rule decides (`threeWay`), a conflict kept on the target.
 */
export function decideConsent(source: Consent, target: Consent, threeWay: FieldDecision): FieldDecision {
  if (source.state === target.state) return 'unchanged';
  const s = source.changedAt ? Date.parse(source.changedAt) : null;
  const t = target.changedAt ? Date.parse(target.changedAt) : null;
  const protectsUnsubscribe = target.state === 'unsubscribed' && source.state !== 'unsubscribed';
  if (s !== null && t !== null) {
    if (s > t) return 'take-source';
    if (s < t) return 'target-only';
    return consentRank(source) > consentRank(target) ? 'take-source' : 'target-only';
  }
  // Which came last cannot be told: the unsubscribe stays.
  if (protectsUnsubscribe) return 'target-only';
  if (source.state === 'unsubscribed') return 'take-source';
  // A subscribe with no date, or a dated one against an undated target: the three-way rule, a conflict kept on the target.
  return threeWay === 'conflict' ? 'target-only' : threeWay;
}

/** The target's customer with the source's values for `fields` only (every other field keeps the target's edits). */
export function mergeCustomer(target: Customer, source: Customer, fields: readonly string[]): Customer {
  const merged: Customer = { ...target };
  if (fields.includes('name')) Object.assign(merged, { firstName: source.firstName, lastName: source.lastName });
  if (fields.includes('phone')) merged.phone = source.phone;
  if (fields.includes('addresses')) merged.addresses = source.addresses;
  if (fields.includes('tags')) merged.tags = source.tags;
  if (fields.includes('emailConsent')) merged.emailMarketing = source.emailMarketing;
  if (fields.includes('smsConsent')) merged.smsMarketing = source.smsMarketing;
  return merged;
}

/**
 * Every field smart update can synchronise, in its neutral form, as a migration writes the entity to the
 * target (order status in the target's words): kept in the id map so that the first smart update has a base
 * for every field, and an edit made on the target after the migration is seen as one.
 */
export function migrationSyncBase(type: string, entity: unknown, statusMap: Record<string, string>): FieldValues | null {
  if (type === 'products') return productValues(entity as Product, productSyncFieldSchema.options, (id) => id);
  if (type === 'orders') return orderValues(entity as Order, orderSyncFieldSchema.options, (o) => statusMap[o.sourceStatus] ?? o.sourceStatus);
  if (type === 'customers') return customerValues(entity as Customer, customerSyncFieldSchema.options);
  return null;
}

/**
 * The base a first smart update can trust before it has recorded its own: what the migration wrote, kept in
 * the id map (older id maps: the comparable fields only, title, handle, variants' SKU, price, quantity and
 * stock, tracking).
 */
export function baseFromMigration(type: SyncedType, synced: FieldValues, fields: readonly string[]): FieldValues {
  const recorded = synced[SYNC_BASE_KEY] as FieldValues | undefined;
  if (recorded && typeof recorded === 'object') return Object.fromEntries(fields.filter((f) => f in recorded).map((f) => [f, recorded[f]]));
  // Id maps written before the migration kept a sync base: what the comparable fields allow.
  const base: FieldValues = {};
  if (type === 'products') {
    const variants = synced.variants as { sku: string | null; price: string; inventoryQuantity: number | null; stockStatus: string }[] | undefined;
    const keyed = variants && variants.every((v) => v.sku) ? variants : null;
    for (const field of fields) {
      if (field === 'name' && typeof synced.title === 'string') base.name = synced.title;
      if (field === 'seoUrl' && typeof synced.handle === 'string') base.seoUrl = synced.handle;
      if (keyed && field === 'price') base.price = Object.fromEntries(keyed.map((v) => [v.sku, v.price]));
      if (keyed && field === 'quantity') base.quantity = Object.fromEntries(keyed.map((v) => [v.sku, v.inventoryQuantity]));
      if (keyed && field === 'stockStatus') base.stockStatus = Object.fromEntries(keyed.map((v) => [v.sku, v.stockStatus]));
    }
  } else if (type === 'orders' && fields.includes('tracking') && Array.isArray(synced.tracking)) {
    base.tracking = synced.tracking;
  }
  return base;
}

export type FieldDecision = 'unchanged' | 'take-source' | 'target-only' | 'conflict';

const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

/**
 * The three-way compare of one field: changed on the source only → take the source's value; on the target
 * only → keep it; on both (to different values) → a conflict. With no recorded base the field is taken as
 * unedited on the target since the full migration wrote it.
 */
export function decideField(field: string, base: SyncBase | null, source: FieldValues, target: FieldValues): FieldDecision {
  if (same(source[field], target[field])) return 'unchanged';
  const hasBase = base !== null && field in base.source && field in base.target;
  const sourceChanged = hasBase ? !same(source[field], base.source[field]) : true;
  const targetChanged = hasBase ? !same(target[field], base.target[field]) : false;
  if (sourceChanged && targetChanged) return 'conflict';
  if (sourceChanged) return 'take-source';
  return 'target-only';
}

/** Fields to write from the source: every source-only change, and conflicts when the source wins. */
export function fieldsToWrite(decisions: Record<string, FieldDecision>, policy: ConflictPolicy): string[] {
  return Object.entries(decisions)
    .filter(([, d]) => d === 'take-source' || (d === 'conflict' && policy === 'source-wins'))
    .map(([field]) => field);
}

/**
 * The target's product with the source's values for `fields` only: every other field keeps what the target
 * has (edits made there are preserved). `categoryTargetIds` are the source's categories as target ids.
 */
export function mergeProduct(target: Product, source: Product, fields: readonly string[], categoryTargetIds: string[]): Product {
  const bySource = new Map(source.variants.map((v) => [variantKey(v), v]));
  const merged: Product = { ...target };
  if (fields.includes('name')) merged.title = source.title;
  if (fields.includes('seoUrl')) merged.handle = source.handle;
  if (fields.includes('categories')) merged.categorySourceIds = categoryTargetIds;
  merged.variants = target.variants.map((v) => {
    const from = bySource.get(variantKey(v));
    if (!from) return v;
    return {
      ...v,
      ...(fields.includes('price') ? { price: from.price } : {}),
      ...(fields.includes('quantity') ? { inventoryQuantity: from.inventoryQuantity } : {}),
      ...(fields.includes('stockStatus') ? { stockStatus: from.stockStatus } : {}),
    };
  });
  return merged;
}

/** The target's order with the source's values for `fields` only; `status` carries the source's word (mapped on write). */
export function mergeOrder(target: Order, source: Order, fields: readonly string[]): Order {
  const merged: Order = { ...target };
  if (fields.includes('status')) {
    merged.sourceStatus = source.sourceStatus;
    merged.financialStatus = source.financialStatus;
    merged.fulfillmentStatus = source.fulfillmentStatus;
  }
  if (fields.includes('statusHistory')) merged.statusHistory = source.statusHistory;
  if (fields.includes('shipping')) {
    merged.shippingAddress = source.shippingAddress;
    merged.shippingLines = source.shippingLines;
  }
  if (fields.includes('tracking')) merged.shipments = source.shipments;
  return merged;
}
