import type { Address, Category, Customer, Order, Product } from '../../../domain/catalog/entities';
import type { WriteContext } from '../types';
import { type KeptOrderFields, splitName } from './read';
import { statusWriteOf, tiendanubeOrderStatuses } from './order-statuses';

/** A record Tiendanube cannot take as it is: the write fails with this reason, before any call. */
export class UnwritableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnwritableError';
  }
}

type Json = Record<string, unknown>;

/** Documented limits (resources/product.md). */
export const SEO_TITLE_MAX = 70;
export const SEO_DESCRIPTION_MAX = 320;
export const ATTRIBUTES_MAX = 3;

const text = (language: string, value: string): Record<string, string> => ({ [language]: value });
const decimal = (value: string): string => Number(value).toFixed(2);

export function categoryBody(c: Category, language: string, parentId: number | null): Json {
  return { name: text(language, c.name), description: text(language, c.descriptionHtml), handle: text(language, c.handle), parent: parentId };
}

/** Tiendanube's variant price is the regular one and a promotional price the one paid: a canonical sale becomes both. */
function prices(v: Product['variants'][number]): { price: string; promotional_price: string | null } {
  if (v.compareAtPrice !== null && Number(v.compareAtPrice) > Number(v.price)) return { price: decimal(v.compareAtPrice), promotional_price: decimal(v.price) };
  return { price: decimal(v.price), promotional_price: null };
}

/**
 * Stock: a counted variant keeps its count (Tiendanube counts no less than 0); an uncounted one out of stock
 * becomes counted at 0, the only way Tiendanube says "none left" (it has no backorders).
 */
function stock(v: Product['variants'][number]): { stock_management: boolean; stock?: number } {
  if (v.inventoryQuantity !== null) return { stock_management: true, stock: Math.max(0, v.inventoryQuantity) };
  if (v.stockStatus === 'out_of_stock') return { stock_management: true, stock: 0 };
  return { stock_management: false };
}

const weightKg = (w: Product['variants'][number]['weight']): string | null => {
  if (!w) return null;
  const kg = { kg: 1, g: 0.001, lb: 0.45359237, oz: 0.028349523125 }[w.unit] * w.value;
  return kg.toFixed(3).replace(/0$/, '');
};

export function variantBody(v: Product['variants'][number], product: Product, language: string): Json {
  return {
    ...prices(v), ...stock(v), weight: weightKg(v.weight), sku: v.sku,
    values: product.options.length ? v.optionValues.map((value) => text(language, value)) : [],
  };
}

function checkProduct(p: Product): void {
  if (p.options.length > ATTRIBUTES_MAX) throw new UnwritableError(`Tiendanube products have at most ${ATTRIBUTES_MAX} attributes; this one has ${p.options.length} options (${p.options.map((o) => o.name).join(', ')})`);
  if (p.seoTitle && p.seoTitle.length > SEO_TITLE_MAX) throw new UnwritableError(`its SEO title is ${p.seoTitle.length} characters; Tiendanube takes up to ${SEO_TITLE_MAX}`);
  if (p.seoDescription && p.seoDescription.length > SEO_DESCRIPTION_MAX) throw new UnwritableError(`its SEO description is ${p.seoDescription.length} characters; Tiendanube takes up to ${SEO_DESCRIPTION_MAX}`);
  for (const v of p.variants) {
    if (p.options.length && v.optionValues.length !== p.options.length) throw new UnwritableError(`variant ${v.sourceId} has ${v.optionValues.length} option values for ${p.options.length} options`);
  }
}

/** The product's own attributes (PUT /products/{id} takes these; variants and images have endpoints of their own). */
export function productBody(p: Product, language: string, context: WriteContext, categories: 'strict' | 'known' = 'strict'): Json {
  checkProduct(p);
  const categoryIds = p.categorySourceIds.flatMap((id) => {
    const target = context.references.categories[id];
    if (target) return [Number(target)];
    if (categories === 'strict') throw new UnwritableError(`category ${id} is not on the target yet`);
    return [];
  });
  return {
    name: text(language, p.title), description: text(language, p.descriptionHtml), handle: text(language, p.handle),
    attributes: p.options.map((o) => text(language, o.name)), published: p.status === 'active', brand: p.vendor,
    tags: p.tags.join(','), seo_title: p.seoTitle, seo_description: p.seoDescription, categories: categoryIds,
  };
}

export function productCreateBody(p: Product, language: string, context: WriteContext): Json {
  return {
    ...productBody(p, language, context),
    images: [...p.images].sort((a, b) => a.position - b.position).map((i, n) => ({ src: i.url, position: n + 1 })),
    variants: p.variants.map((v) => variantBody(v, p, language)),
  };
}

export function customerBody(c: Customer): Json {
  if (!c.email) throw new UnwritableError('Tiendanube requires an email for a customer, and this one has none');
  const name = [c.firstName, c.lastName].filter((n) => n && n.trim()).join(' ').trim();
  return {
    name: name || c.email, email: c.email, phone: c.phone, note: c.note,
    accepts_marketing: c.emailMarketing.state === 'subscribed',
    addresses: c.addresses.map((a, i) => ({ ...streetAndNumber(a.address1), floor: a.address2, city: a.city, province: a.province, zipcode: a.zip, country: a.countryCode, phone: a.phone, name: [a.firstName, a.lastName].filter(Boolean).join(' ') || null, default: i === 0 })),
  };
}

/** Tiendanube keeps the street and the number apart: a trailing number of the canonical first line is the number. */
export function streetAndNumber(line: string | null): { address: string | null; number: string | null } {
  if (!line) return { address: null, number: null };
  const match = /^(.*\S)\s+(\d+[A-Za-z]?)$/.exec(line.trim());
  return match ? { address: match[1] as string, number: match[2] as string } : { address: line.trim(), number: null };
}

/** Creation requires every address field; the documentation's own placeholder for an unknown one is "No informado". */
const UNKNOWN = 'No informado';
function orderAddress(a: Address | null, fallbackName: string, country: string): Json {
  const names = a?.firstName || a?.lastName ? { first_name: a?.firstName ?? UNKNOWN, last_name: a?.lastName ?? UNKNOWN } : (() => {
    const split = splitName(fallbackName);
    return { first_name: split.firstName ?? UNKNOWN, last_name: split.lastName ?? UNKNOWN };
  })();
  const street = streetAndNumber(a?.address1 ?? null);
  return {
    ...names, address: street.address ?? UNKNOWN, number: street.number ?? 'S/N', floor: a?.address2 ?? null, locality: null,
    city: a?.city ?? UNKNOWN, province: a?.province ?? UNKNOWN, zipcode: a?.zip ?? '0000', country: a?.countryCode ?? country, phone: a?.phone ?? null,
  };
}

export function keptOrderFields(o: Order, context: WriteContext): KeptOrderFields {
  return {
    number: o.number,
    lines: o.lineItems.map((l) => ({ name: l.name, sku: l.sku, quantity: l.quantity, price: l.price, written: !!(l.variantSourceId && context.references.variants[l.variantSourceId]) })), subtotal: o.subtotal, discountTotal: o.discountTotal,
    discountCodes: o.discountCodes, taxLines: o.taxLines, totalTax: o.totalTax, shippingLines: o.shippingLines, shipments: o.shipments,
    statusHistory: o.statusHistory,
  };
}

export function targetWord(o: Order, context: WriteContext): string {
  const word = context.orderStatusMap[o.sourceStatus] ?? o.sourceStatus;
  if (!tiendanubeOrderStatuses.vocabulary.includes(word)) throw new UnwritableError(`order status "${o.sourceStatus}" maps to "${word}", which is not a Tiendanube order status`);
  return word;
}

/**
 * POST /orders: lines from the target's variants (Tiendanube names them after its product), the source's
 * prices and total, its statuses, the first shipment's tracking number; no confirmation email and no stock
 * taken (inventory_behaviour bypass: the stock was migrated as it is).
 */
export function orderCreateBody(o: Order, context: WriteContext, store: { country: string }): Json {
  const email = o.email;
  if (!email) throw new UnwritableError('Tiendanube requires the buyer\'s email on an order, and this one has none');
  // Lines are written from the target's variants; a line without one (its product deleted on the source) is
  // kept in the order's metafield only, the order's total still the source's.
  const products = o.lineItems.flatMap((l) => {
    const variant = l.variantSourceId ? context.references.variants[l.variantSourceId] : undefined;
    return variant ? [{ variant_id: Number(variant), quantity: l.quantity, price: decimal(l.price) }] : [];
  });
  if (products.length === 0) {
    throw new UnwritableError(`none of its ${o.lineItems.length} line(s) has a variant on the target (their products were deleted on the source or not migrated): Tiendanube writes an order's lines from the store's variants`);
  }
  const status = statusWriteOf(targetWord(o, context), o);
  const buyer = [o.billingAddress?.firstName, o.billingAddress?.lastName].filter(Boolean).join(' ') || email;
  const shipping = o.shippingLines.reduce((sum, s) => sum + Number(s.price), 0);
  return {
    currency: o.currency, gateway: 'not-provided', status: status.status, payment_status: status.payment_status,
    fulfillment_status: status.fulfilled ? 'fulfilled' : 'unpacked', products, total: decimal(o.total), inventory_behaviour: 'bypass',
    customer: { name: buyer, email, phone: o.billingAddress?.phone ?? null },
    note: o.note, billing_address: orderAddress(o.billingAddress ?? o.shippingAddress, buyer, store.country),
    shipping_address: orderAddress(o.shippingAddress ?? o.billingAddress, buyer, store.country),
    shipping_pickup_type: 'ship', shipping: 'not-provided', shipping_option: o.shippingLines[0]?.title || UNKNOWN,
    shipping_tracking_number: o.shipments.find((s) => s.trackingNumber)?.trackingNumber ?? null,
    shipping_cost_customer: shipping.toFixed(2), send_confirmation_email: false, send_fulfillment_email: false,
  };
}
