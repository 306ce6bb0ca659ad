import type { Address, Category, Customer, Order, Product, Variant } from '../../../domain/catalog/entities';
import { financialStatusOf, sourceStatusOf } from './order-statuses';
import type { I18n, TnAddress, TnCategory, TnCustomer, TnOrder, TnOrderLine, TnProduct, TnVariant } from './wire';

/** A store's text in its main language, else the first language that has one. */
export function textOf(value: I18n | null | undefined, language: string): string | null {
  if (!value) return null;
  const own = value[language];
  if (own) return own;
  return Object.values(value).find((v): v is string => !!v) ?? null;
}

const money = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '0' : String(value));
const nonEmpty = (value: string | null | undefined): string | null => (value === null || value === undefined || value.trim() === '' ? null : value);

/** One name field: Cutover splits it at the first space (and writes first and last name joined by one). */
export function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const trimmed = (name ?? '').trim().replace(/\s+/g, ' ');
  if (!trimmed) return { firstName: null, lastName: null };
  const space = trimmed.indexOf(' ');
  return space < 0 ? { firstName: trimmed, lastName: null } : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) };
}

/** Tiendanube's street and number are two fields; the canonical first line holds both. "S/N" (sin número) is no number. */
export function streetLine(address: string | null | undefined, number: string | null | undefined): string | null {
  const parts = [nonEmpty(address), number && number !== 'S/N' ? nonEmpty(number) : null].filter((p): p is string => !!p);
  return parts.length ? parts.join(' ') : null;
}

export function toAddress(a: TnAddress): Address {
  const names = a.first_name || a.last_name ? { firstName: nonEmpty(a.first_name), lastName: nonEmpty(a.last_name) } : splitName(a.name);
  return {
    ...names, company: null, address1: streetLine(a.address, a.number), address2: nonEmpty(a.floor), city: nonEmpty(a.city),
    province: nonEmpty(a.province), countryCode: a.country && /^[A-Z]{2}$/.test(a.country) ? a.country : null, zip: nonEmpty(a.zipcode), phone: nonEmpty(a.phone),
  };
}

export function toCategory(c: TnCategory, language: string): Category {
  return {
    sourceId: String(c.id), name: textOf(c.name, language) ?? `category ${c.id}`, handle: textOf(c.handle, language) ?? String(c.id),
    descriptionHtml: textOf(c.description, language) ?? '', parentSourceId: c.parent ? String(c.parent) : null, position: 0,
  };
}

function toVariant(v: TnVariant, language: string): Variant {
  // Tiendanube's price is the regular one; a promotional price is what the shopper pays, the regular one shown crossed out.
  const onSale = v.promotional_price !== null && v.promotional_price !== undefined && v.promotional_price !== '';
  return {
    sourceId: String(v.id), sku: nonEmpty(v.sku), optionValues: (v.values ?? []).map((x) => textOf(x, language) ?? ''),
    price: money(onSale ? v.promotional_price : v.price), compareAtPrice: onSale ? money(v.price) : null,
    weight: v.weight !== null && v.weight !== undefined && v.weight !== '' ? { value: Number(v.weight), unit: 'kg' } : null,
    inventoryQuantity: v.stock_management ? v.stock ?? 0 : null,
    stockStatus: v.stock_management && (v.stock ?? 0) <= 0 ? 'out_of_stock' : 'in_stock',
  };
}

/** A product whose variant has no price asks shoppers to get in touch instead of buying: there is no price to carry. */
export function unpricedVariant(p: TnProduct): TnVariant | null {
  return p.variants.find((v) => v.price === null || v.price === undefined) ?? null;
}

export function toProduct(p: TnProduct, language: string): Product {
  const variants = p.variants.map((v) => toVariant(v, language));
  const options = (p.attributes ?? []).map((a, k) => ({
    name: textOf(a, language) ?? `Option ${k + 1}`,
    values: [...new Set(variants.map((v) => v.optionValues[k] ?? '').filter(Boolean))],
  })).filter((o) => o.values.length > 0);
  return {
    sourceId: String(p.id), title: textOf(p.name, language) ?? `product ${p.id}`, descriptionHtml: textOf(p.description, language) ?? '',
    vendor: nonEmpty(p.brand), productType: null, tags: (p.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    status: p.published ? 'active' : 'draft', handle: textOf(p.handle, language) ?? String(p.id),
    seoTitle: nonEmpty(p.seo_title), seoDescription: nonEmpty(p.seo_description),
    categorySourceIds: (p.categories ?? []).map((c) => String(c.id)),
    images: [...(p.images ?? [])].sort((a, b) => a.position - b.position).map((i, n) => ({ url: i.src, alt: null, position: n })),
    options, variants, createdAt: p.created_at ?? null, updatedAt: p.updated_at ?? null,
  };
}

export function toCustomer(c: TnCustomer): Customer {
  const addresses = [...(c.addresses ?? [])].sort((a, b) => Number(b.default ?? false) - Number(a.default ?? false));
  return {
    sourceId: String(c.id), email: nonEmpty(c.email), phone: nonEmpty(c.phone), ...splitName(c.name),
    addresses: addresses.map(toAddress), tags: [],
    emailMarketing: { state: c.accepts_marketing ? 'subscribed' : 'not_subscribed', changedAt: c.accepts_marketing_updated_at ?? null },
    smsMarketing: { state: 'not_subscribed', changedAt: null },
    note: nonEmpty(c.note), createdAt: c.created_at ?? null, updatedAt: c.updated_at ?? null,
  };
}

/**
 * What Cutover keeps of an order it wrote that Tiendanube has no field for (a metafield `cutover.source_order`):
 * the source's number (Tiendanube numbers its orders itself), its lines' names and SKUs as sold, taxes,
 * discounts, every shipment and the status history. Read back over the order, so that what was migrated
 * reads as it was written.
 */
export interface KeptOrderFields {
  number: string;
  /**
   * Every line as sold, in order; `written: false` for a line Tiendanube could not take (its product was
   * deleted on the source, so the target has no variant to write it from): kept here with its quantity and price.
   */
  lines: { name: string; sku: string | null; quantity: number; price: string; written: boolean }[];
  subtotal: string;
  discountTotal: string;
  discountCodes: string[];
  taxLines: Order['taxLines'];
  totalTax: string;
  shippingLines: Order['shippingLines'];
  shipments: Order['shipments'];
  statusHistory: Order['statusHistory'];
}

/** The lines as sold: Tiendanube's lines in order for those it holds, the kept ones for those it could not take. */
function keptLines(kept: KeptOrderFields, lines: TnOrderLine[]): Order['lineItems'] {
  let next = 0;
  return kept.lines.map((k) => {
    const held = k.written ? lines[next++] : undefined;
    return {
      productSourceId: held?.product_id ? String(held.product_id) : null, variantSourceId: held?.variant_id ? String(held.variant_id) : null,
      sku: k.sku, name: k.name, quantity: held?.quantity ?? k.quantity, price: held ? money(held.price) : k.price, totalDiscount: '0',
    };
  });
}

function billingAddress(o: TnOrder): Address | null {
  if (!o.billing_address && !o.billing_city && !o.billing_name) return null;
  return toAddress({
    name: o.billing_name, address: o.billing_address, number: o.billing_number, floor: o.billing_floor, locality: o.billing_locality,
    zipcode: o.billing_zipcode, city: o.billing_city, province: o.billing_province, country: o.billing_country, phone: o.billing_phone,
  });
}

export function toOrder(o: TnOrder, kept: KeptOrderFields | null): Order {
  const lines = o.products ?? [];
  const shippingPrice = money(o.shipping_cost_customer);
  const nativeShipments = o.shipping_tracking_number || o.shipping_tracking_url
    ? [{ carrier: nonEmpty(o.shipping), trackingNumber: nonEmpty(o.shipping_tracking_number), trackingUrl: nonEmpty(o.shipping_tracking_url), shippedAt: o.shipped_at ?? null }]
    : [];
  return {
    sourceId: String(o.id), number: kept?.number ?? String(o.number),
    customerSourceId: o.customer?.id ? String(o.customer.id) : null,
    email: nonEmpty(o.contact_email ?? o.customer?.email),
    lineItems: kept ? keptLines(kept, lines) : lines.map((l, i) => ({
      productSourceId: l.product_id ? String(l.product_id) : null, variantSourceId: l.variant_id ? String(l.variant_id) : null,
      sku: nonEmpty(l.sku), name: nonEmpty(l.name) ?? `line ${i + 1}`, quantity: l.quantity, price: money(l.price), totalDiscount: '0',
    })),
    billingAddress: billingAddress(o), shippingAddress: o.shipping_address ? toAddress(o.shipping_address) : null,
    currency: o.currency ?? 'ARS', subtotal: kept?.subtotal ?? money(o.subtotal), discountTotal: kept?.discountTotal ?? money(o.discount),
    discountCodes: kept?.discountCodes ?? (o.coupon ?? []).map((c) => c.code ?? '').filter(Boolean),
    shippingLines: kept?.shippingLines ?? (Number(shippingPrice) > 0 || o.shipping_option ? [{ title: o.shipping_option ?? 'Envío', price: shippingPrice }] : []),
    taxLines: kept?.taxLines ?? [], totalTax: kept?.totalTax ?? '0', total: money(o.total),
    financialStatus: financialStatusOf(o.payment_status),
    fulfillmentStatus: o.shipping_status === 'fulfilled' || o.shipping_status === 'shipped' ? 'fulfilled' : 'unfulfilled',
    sourceStatus: sourceStatusOf(o), statusHistory: kept?.statusHistory ?? [],
    shipments: kept?.shipments ?? nativeShipments, note: nonEmpty(o.note), createdAt: o.created_at, updatedAt: o.updated_at,
  };
}
