import type { Address, Category, Customer, Order, Product, Variant } from '../../../domain/catalog/entities';
import { financialStatusOf, statusWord } from './order-statuses';
import type { BcAddress, BcCategory, BcCustomer, BcOrder, BcOrderAddress, BcOrderProduct, BcProduct, BcShipment, BcVariant } from './wire';

/** An entity BigCommerce cannot take as it is: reported with the reason, without a call. */
export class MappingError extends Error {}

/** BigCommerce's catalog is limited to names of 250 characters (products) and 50 (categories). */
const CATEGORY_NAME_MAX = 50;
const PRODUCT_NAME_MAX = 250;

/** Numbers from the API as canonical money ("19.9"): BigCommerce keeps four decimals. */
export function money(value: number | string | null | undefined): string {
  const n = typeof value === 'string' ? Number(value) : value ?? 0;
  if (!Number.isFinite(n)) throw new MappingError(`"${String(value)}" is not an amount`);
  return String(Math.round(n * 10000) / 10000);
}

const amount = (value: string): number => Number(value);
const orNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value === '' ? null : value);

/** "/cocina/" ⇄ "cocina": a custom URL is the handle between slashes. */
export const handleOf = (path: string): string => path.replace(/^\/+|\/+$/g, '') || path;
export const pathOf = (handle: string): string => `/${handle.replace(/^\/+|\/+$/g, '')}/`;

function isoOf(date: string): string {
  const at = Date.parse(date);
  if (Number.isNaN(at)) throw new MappingError(`"${date}" is not a date`);
  return new Date(at).toISOString();
}

// ---- categories -----------------------------------------------------------------------------------------

export function fromBcCategory(c: BcCategory): Category {
  return {
    sourceId: String(c.category_id), name: c.name, handle: handleOf(c.url.path), descriptionHtml: c.description ?? '',
    parentSourceId: c.parent_id ? String(c.parent_id) : null, position: Math.max(0, c.sort_order ?? 0),
  };
}

export function toBcCategory(c: Category, parentId: number): Record<string, unknown> {
  if (c.name.length > CATEGORY_NAME_MAX) throw new MappingError(`BigCommerce category names are at most ${CATEGORY_NAME_MAX} characters; "${c.name}" has ${c.name.length}`);
  return { name: c.name, parent_id: parentId, tree_id: 1, description: c.descriptionHtml, sort_order: c.position, url: { path: pathOf(c.handle), is_customized: true } };
}

// ---- products -------------------------------------------------------------------------------------------

/** Stock as BigCommerce reads it: counted (product or variant tracking) or not, and purchasable or not. */
function stockOf(product: BcProduct, variant: BcVariant): Pick<Variant, 'inventoryQuantity' | 'stockStatus'> {
  if (product.inventory_tracking === 'none') return { inventoryQuantity: null, stockStatus: variant.purchasing_disabled ? 'out_of_stock' : 'in_stock' };
  const level = product.inventory_tracking === 'product' ? product.inventory_level : variant.inventory_level;
  return { inventoryQuantity: level, stockStatus: level > 0 && !variant.purchasing_disabled ? 'in_stock' : 'out_of_stock' };
}

/** A variant's price: its sale price when it has one (the regular one is then the compare-at price). */
function pricesOf(product: BcProduct, variant: BcVariant): Pick<Variant, 'price' | 'compareAtPrice'> {
  const isBase = variant.id === product.base_variant_id;
  const regular = isBase ? product.price : variant.price ?? product.price;
  const sale = isBase ? product.sale_price : variant.sale_price ?? 0;
  return sale > 0 && sale !== regular ? { price: money(sale), compareAtPrice: money(regular) } : { price: money(regular), compareAtPrice: null };
}

export function fromBcProduct(p: BcProduct): Product {
  const variants = p.variants ?? [];
  if (variants.length === 0) throw new MappingError('a product without variants (read with include=variants)');
  const options: { name: string; values: string[] }[] = [];
  for (const v of variants) {
    for (const ov of v.option_values) {
      let option = options.find((o) => o.name === ov.option_display_name);
      if (!option) {
        option = { name: ov.option_display_name, values: [] };
        options.push(option);
      }
      if (!option.values.includes(ov.label)) option.values.push(ov.label);
    }
  }
  return {
    sourceId: String(p.id), title: p.name, descriptionHtml: p.description ?? '', vendor: null, productType: null,
    tags: (p.search_keywords ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    status: p.is_visible ? 'active' : 'draft', handle: handleOf(p.custom_url.url), seoTitle: orNull(p.page_title), seoDescription: orNull(p.meta_description),
    categorySourceIds: (p.categories ?? []).map(String),
    images: [...(p.images ?? [])].sort((a, b) => Number(b.is_thumbnail) - Number(a.is_thumbnail) || a.sort_order - b.sort_order || a.id - b.id)
      .map((img, position) => ({ url: img.url_zoom || img.url_standard, alt: orNull(img.description), position })),
    options,
    variants: variants.map((v) => ({
      sourceId: String(v.id), sku: orNull(v.sku), optionValues: options.map((o) => v.option_values.find((ov) => ov.option_display_name === o.name)?.label ?? ''),
      ...pricesOf(p, v), weight: { value: v.weight ?? p.weight ?? 0, unit: 'kg' }, ...stockOf(p, v),
    })),
    createdAt: isoOf(p.date_created), updatedAt: isoOf(p.date_modified),
  };
}

function kilograms(variant: Variant): number {
  if (!variant.weight) return 0;
  const factor = { kg: 1, g: 0.001, lb: 0.45359237, oz: 0.028349523125 }[variant.weight.unit];
  return Math.round(variant.weight.value * factor * 10000) / 10000;
}

/** Regular and sale price: a compare-at price is BigCommerce's regular price, the canonical price its sale price. */
function bcPrices(variant: Variant): { price: number; sale_price: number } {
  const price = Number(variant.price);
  const compareAt = variant.compareAtPrice === null ? null : Number(variant.compareAtPrice);
  return compareAt !== null && compareAt !== price && price > 0 ? { price: compareAt, sale_price: price } : { price, sale_price: 0 };
}

/**
 * How a product's stock is tracked on BigCommerce: for the whole product or per variant, or not at all. A
 * product counts stock for every variant or none, so a variant without a count in a product where others
 * count theirs is counted at 0 (heldAs says so).
 */
export function trackingOf(product: Product): 'none' | 'product' | 'variant' {
  const counted = product.variants.some((v) => v.inventoryQuantity !== null || v.stockStatus === 'out_of_stock');
  const allUncounted = product.variants.every((v) => v.inventoryQuantity === null);
  if (!counted || (allUncounted && product.variants.length > 1)) return 'none';
  return product.variants.length > 1 || product.options.length > 0 ? 'variant' : 'product';
}

/** A variant's stock as BigCommerce will hold it (tracking decided for the whole product). */
function heldStock(tracking: 'none' | 'product' | 'variant', v: Variant): Pick<Variant, 'inventoryQuantity' | 'stockStatus'> {
  if (tracking === 'none') return { inventoryQuantity: null, stockStatus: v.stockStatus === 'out_of_stock' ? 'out_of_stock' : 'in_stock' };
  const level = Math.max(0, v.inventoryQuantity ?? 0);
  return { inventoryQuantity: level, stockStatus: level > 0 ? 'in_stock' : 'out_of_stock' };
}

export function productBody(product: Product, categoryIds: number[]): Record<string, unknown> {
  if (product.title.length > PRODUCT_NAME_MAX) throw new MappingError(`BigCommerce product names are at most ${PRODUCT_NAME_MAX} characters; this one has ${product.title.length}`);
  const first = product.variants[0] as Variant;
  const tracking = trackingOf(product);
  const single = product.variants.length === 1 && product.options.length === 0;
  return {
    name: product.title, type: 'physical', description: product.descriptionHtml, weight: kilograms(first), ...bcPrices(first),
    ...(single ? { sku: first.sku ?? '' } : {}), categories: categoryIds, is_visible: product.status === 'active',
    search_keywords: product.tags.join(','), page_title: product.seoTitle ?? '', meta_description: product.seoDescription ?? '',
    custom_url: { url: pathOf(product.handle), is_customized: true }, inventory_tracking: tracking,
    ...(single && tracking === 'product' ? { inventory_level: heldStock(tracking, first).inventoryQuantity ?? 0 } : {}),
  };
}

/** A variant as the product's POST takes it: options by display name and label (BigCommerce creates them). */
export function variantBody(product: Product, v: Variant, forCreate: boolean): Record<string, unknown> {
  const tracking = trackingOf(product);
  const held = heldStock(tracking, v);
  if (forCreate && product.options.length > 0 && v.optionValues.some((value) => !value)) throw new MappingError(`variant ${v.sourceId} has no value for one of the product's options`);
  return {
    sku: v.sku ?? '', ...bcPrices(v), weight: kilograms(v),
    ...(tracking === 'variant' ? { inventory_level: held.inventoryQuantity ?? 0 } : {}),
    purchasing_disabled: tracking === 'none' && held.stockStatus === 'out_of_stock',
    ...(forCreate ? { option_values: product.options.map((o, i) => ({ option_display_name: o.name, label: v.optionValues[i] ?? '' })) } : {}),
  };
}

export function imageBodies(product: Product): Record<string, unknown>[] {
  return [...product.images].sort((a, b) => a.position - b.position).map((img, n) => ({ image_url: img.url, description: img.alt ?? '', sort_order: n, is_thumbnail: n === 0 }));
}

/** The product as BigCommerce will read it back. */
export function heldProduct(product: Product): Product {
  const tracking = trackingOf(product);
  return {
    ...product, vendor: null, productType: null, status: product.status === 'active' ? 'active' : 'draft',
    variants: product.variants.map((v) => {
      const prices = bcPrices(v);
      return { ...v, ...heldStock(tracking, v), ...(prices.sale_price > 0 ? { price: money(prices.sale_price), compareAtPrice: money(prices.price) } : { price: money(prices.price), compareAtPrice: null }) };
    }),
  };
}

// ---- customers ------------------------------------------------------------------------------------------

function fromBcAddress(a: BcAddress): Address {
  return {
    firstName: orNull(a.first_name), lastName: orNull(a.last_name), company: orNull(a.company), address1: orNull(a.address1), address2: orNull(a.address2),
    city: orNull(a.city), province: orNull(a.state_or_province), countryCode: orNull(a.country_code), zip: orNull(a.postal_code), phone: orNull(a.phone),
  };
}

export function fromBcCustomer(c: BcCustomer): Customer {
  return {
    sourceId: String(c.id), email: c.email || null, phone: orNull(c.phone), firstName: orNull(c.first_name), lastName: orNull(c.last_name),
    addresses: (c.addresses ?? []).map(fromBcAddress), tags: [],
    // One flag, "accepts product review and abandoned cart emails": set, or not (BigCommerce keeps no date).
    emailMarketing: { state: c.accepts_product_review_abandoned_cart_emails ? 'subscribed' : 'not_subscribed', changedAt: null },
    smsMarketing: { state: 'not_subscribed', changedAt: null },
    note: orNull(c.notes), createdAt: isoOf(c.date_created), updatedAt: isoOf(c.date_modified),
  };
}

export function addressBody(a: Address, customer: Customer): Record<string, unknown> {
  const first = a.firstName ?? customer.firstName;
  const last = a.lastName ?? customer.lastName;
  const missing = [!first && 'first name', !last && 'last name', !a.address1 && 'street', !a.city && 'city', !a.countryCode && 'country'].filter(Boolean);
  if (missing.length) throw new MappingError(`BigCommerce requires a customer address's first and last name, street, city and country; an address has no ${missing.join(', ')}`);
  return {
    first_name: first, last_name: last, company: a.company ?? '', address1: a.address1, address2: a.address2 ?? '', city: a.city,
    state_or_province: a.province ?? '', postal_code: a.zip ?? '', country_code: a.countryCode, phone: a.phone ?? '',
  };
}

export function customerBody(c: Customer, withAddresses: boolean): Record<string, unknown> {
  if (!c.email) throw new MappingError('BigCommerce requires a customer\'s email');
  if (!c.firstName || !c.lastName) throw new MappingError('BigCommerce requires a customer\'s first and last name');
  return {
    email: c.email, first_name: c.firstName, last_name: c.lastName, phone: c.phone ?? '', notes: c.note ?? '',
    accepts_product_review_abandoned_cart_emails: c.emailMarketing.state === 'subscribed',
    ...(withAddresses ? { addresses: c.addresses.map((a) => addressBody(a, c)) } : {}),
  };
}

export function heldCustomer(c: Customer): Customer {
  return {
    ...c, tags: [],
    emailMarketing: { state: c.emailMarketing.state === 'subscribed' ? 'subscribed' : 'not_subscribed', changedAt: null },
    smsMarketing: { state: 'not_subscribed', changedAt: null },
  };
}

// ---- orders ---------------------------------------------------------------------------------------------

function fromOrderAddress(a: BcOrderAddress): Address {
  return {
    firstName: orNull(a.first_name), lastName: orNull(a.last_name), company: orNull(a.company), address1: orNull(a.street_1), address2: orNull(a.street_2),
    city: orNull(a.city), province: orNull(a.state), countryCode: orNull(a.country_iso2), zip: orNull(a.zip), phone: orNull(a.phone),
  };
}

export function fromBcOrder(o: BcOrder, lines: BcOrderProduct[], addresses: BcOrderAddress[], shipments: BcShipment[]): Order {
  const word = statusWord(o.status_id);
  if (!word) throw new MappingError(`status_id ${o.status_id} is not a BigCommerce order status`);
  // Ex tax, as the subtotal: the order's tax (total_tax) covers the shipping's too.
  const shipping = amount(o.shipping_cost_ex_tax);
  const totalTax = amount(o.total_tax);
  const subtotalEx = amount(o.subtotal_ex_tax);
  return {
    sourceId: String(o.id), number: o.external_order_id || String(o.id), customerSourceId: o.customer_id > 0 ? String(o.customer_id) : null,
    email: orNull(o.billing_address.email),
    lineItems: lines.map((l) => ({
      productSourceId: l.product_id > 0 ? String(l.product_id) : null, variantSourceId: l.product_id > 0 && l.variant_id ? String(l.variant_id) : null,
      sku: orNull(l.sku), name: l.name, quantity: l.quantity, price: money(l.price_ex_tax), totalDiscount: '0',
    })),
    billingAddress: fromOrderAddress(o.billing_address), shippingAddress: addresses[0] ? fromOrderAddress(addresses[0]) : null,
    currency: o.currency_code, subtotal: money(o.subtotal_ex_tax), discountTotal: money(o.discount_amount), discountCodes: [],
    shippingLines: shipping > 0 ? [{ title: orNull(addresses[0]?.shipping_method) ?? 'Shipping', price: money(shipping) }] : [],
    taxLines: totalTax > 0 ? [{ title: 'Tax', rate: subtotalEx > 0 ? Math.min(1, Math.round((totalTax / subtotalEx) * 10000) / 10000) : 0, price: money(totalTax) }] : [],
    totalTax: money(o.total_tax), total: money(o.total_inc_tax), financialStatus: financialStatusOf(word),
    fulfillmentStatus: o.items_shipped <= 0 ? 'unfulfilled' : o.items_shipped < o.items_total ? 'partial' : 'fulfilled',
    sourceStatus: word, statusHistory: [],
    shipments: shipments.map((s) => ({ carrier: orNull(s.tracking_carrier) ?? orNull(s.shipping_provider), trackingNumber: orNull(s.tracking_number), trackingUrl: orNull(s.tracking_link), shippedAt: isoOf(s.date_created) })),
    note: orNull(o.customer_message), createdAt: isoOf(o.date_created), updatedAt: isoOf(o.date_modified),
  };
}

export function orderAddressBody(a: Address | null, email: string | null): Record<string, unknown> {
  return {
    first_name: a?.firstName ?? '', last_name: a?.lastName ?? '', company: a?.company ?? '', street_1: a?.address1 ?? '', street_2: a?.address2 ?? '',
    city: a?.city ?? '', state: a?.province ?? '', zip: a?.zip ?? '', country_iso2: a?.countryCode ?? '', phone: a?.phone ?? '', email: email ?? '',
  };
}

/** Tracking numbers BigCommerce takes: at most 50 characters each (orderShipment_Post). */
const TRACKING_MAX = 50;

/**
 * Which order lines each shipment ships: a shipment on BigCommerce ships items, and an item ships once. The
 * first shipment ships every line; later ones (further tracking numbers) take units split off the lines
 * while any line has more than one unit, and are not written when none is left (heldAs says which).
 */
export function allocateShipments(order: Order): { shipment: Order['shipments'][number]; lines: { line: number; quantity: number }[] }[] {
  const tracked = order.shipments.filter((s) => s.trackingNumber);
  if (tracked.length === 0 || order.lineItems.length === 0) return [];
  const left = order.lineItems.map((l) => l.quantity);
  const plans: { shipment: Order['shipments'][number]; lines: { line: number; quantity: number }[] }[] = tracked.map((shipment) => ({ shipment, lines: [] }));
  // One unit for each later shipment first, then everything left to the first.
  for (const plan of plans.slice(1)) {
    const line = left.findIndex((q) => q > 1);
    if (line < 0) break;
    left[line] = (left[line] as number) - 1;
    plan.lines.push({ line, quantity: 1 });
  }
  (plans[0] as (typeof plans)[number]).lines = left.map((quantity, line) => ({ line, quantity })).filter((l) => l.quantity > 0);
  return plans.filter((p) => p.lines.length > 0);
}

export function shipmentBody(s: Order['shipments'][number], addressId: number, items: { order_product_id: number; quantity: number }[]): Record<string, unknown> {
  const number = s.trackingNumber ?? '';
  if (number.length > TRACKING_MAX) throw new MappingError(`BigCommerce tracking numbers are at most ${TRACKING_MAX} characters; "${number}" has ${number.length}`);
  return { order_address_id: addressId, tracking_number: number, tracking_carrier: s.carrier ?? '', ...(s.trackingUrl ? { tracking_link: s.trackingUrl } : {}), items };
}

export function heldOrder(order: Order): Order {
  const written = new Set(allocateShipments(order).map((p) => p.shipment));
  return { ...order, discountCodes: [], statusHistory: [], shipments: order.shipments.filter((s) => written.has(s)) };
}
