import type { LineItem, Order, Shipment } from '../../../domain/catalog/entities';
import { fromWooAddress, isEmptyAddress, isoFromGmt } from './addresses';
import { decodeEntities } from './entities';
import { metaJson, metaKeys, metaString, metaValue } from './meta';
import { MappingError, divide, formatMoney, parseMoney, requireMoney, sum } from './money';
import type { WooMeta, WooOrder } from './wire';

const financial: Record<string, Order['financialStatus']> = {
  pending: 'pending', 'on-hold': 'authorized', processing: 'paid', completed: 'paid', cancelled: 'voided', refunded: 'refunded', failed: 'voided', 'checkout-draft': 'pending',
};

/** A line of a product that is not on the store, kept in a fee line by Cutover's writer. */
interface FeeLineItem { name: string; sku: string | null; quantity: number; price: string; totalDiscount: string }

/**
 * WooCommerce keeps a tax line's rate in percent (`rate_percent: 21`); the canonical rate is the fraction
 * Shopify and the domain use (0.21). Rounded to drop float noise (7.5 / 100 stays 0.075).
 */
export function fractionFromPercent(percent: unknown): number {
  const value = Number(percent ?? 0);
  return Number.isFinite(value) && value > 0 ? Math.round((value / 100) * 1e10) / 1e10 : 0;
}

function isFeeLineItem(value: unknown): value is FeeLineItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.quantity === 'number' && typeof v.price === 'string';
}

function shipments(meta: WooMeta[]): Shipment[] {
  const items = metaJson(meta, metaKeys.trackingItems);
  if (Array.isArray(items)) {
    return items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null).map((i) => ({
      carrier: typeof i.tracking_provider === 'string' && i.tracking_provider ? i.tracking_provider : typeof i.custom_tracking_provider === 'string' ? i.custom_tracking_provider : null,
      trackingNumber: typeof i.tracking_number === 'string' ? i.tracking_number : null,
      trackingUrl: typeof i.custom_tracking_link === 'string' && i.custom_tracking_link ? i.custom_tracking_link : null,
      shippedAt: shippedAt(i.date_shipped),
    }));
  }
  const number = metaString(meta, metaKeys.trackingNumber);
  if (!number) return [];
  return [{ carrier: metaString(meta, metaKeys.trackingProvider), trackingNumber: number, trackingUrl: metaString(meta, metaKeys.trackingUrl), shippedAt: shippedAt(metaValue(meta, metaKeys.dateShipped)) }];
}

/** Shipment Tracking stores a unix timestamp; other plugins a date. */
function shippedAt(value: unknown): string | null {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return new Date(Number(value) * 1000).toISOString();
  return typeof value === 'string' ? isoFromGmt(value) : null;
}

function statusHistory(meta: WooMeta[]): Order['statusHistory'] {
  const history = metaJson(meta, metaKeys.statusHistory);
  if (!Array.isArray(history)) return [];
  return history.filter((h): h is { status: string; at: string; note?: string | null } => typeof h === 'object' && h !== null && typeof h.status === 'string' && typeof h.at === 'string')
    .map((h) => ({ status: h.status, at: h.at, note: h.note ?? null }));
}

/**
 * Maps an order; `existingProducts` says which referenced product ids still exist (a line of a deleted
 * product keeps its name, SKU and price but points nowhere).
 */
export function fromWooOrder(o: WooOrder, existingProducts: ReadonlySet<number>): Order {
  const total = requireMoney(o.total, 'total');
  const lineItems: LineItem[] = [];
  const subtotals: bigint[] = [];
  let feeDiscounts = 0n;
  let feeTaxes = 0n;
  const taxLines: Order['taxLines'] = o.tax_lines.map((t) => ({
    title: t.label || 'Tax', rate: fractionFromPercent(t.rate_percent), price: formatMoney(requireMoney(t.tax_total, 'tax_total') + (parseMoney(t.shipping_tax_total) ?? 0n)),
  }));
  for (const item of o.line_items) {
    const quantity = item.quantity;
    if (!Number.isInteger(quantity) || quantity <= 0) throw new MappingError(`line item ${item.id} quantity ${JSON.stringify(quantity)} is not a positive integer`);
    const subtotal = requireMoney(item.subtotal, `line item ${item.id} subtotal`);
    const lineTotal = requireMoney(item.total, `line item ${item.id} total`);
    const exists = existingProducts.has(item.product_id);
    subtotals.push(subtotal);
    lineItems.push({
      productSourceId: exists ? String(item.product_id) : null,
      variantSourceId: exists ? String(item.variation_id || item.product_id) : null,
      sku: item.sku || metaString(item.meta_data, '_cutover_sku'), name: item.name ? decodeEntities(item.name) : `Item ${item.id}`, quantity,
      price: formatMoney(divide(subtotal, quantity)), totalDiscount: formatMoney(subtotal - lineTotal),
    });
  }
  for (const fee of o.fee_lines) {
    const amount = requireMoney(fee.total, `fee line ${fee.id} total`);
    const line = metaJson(fee.meta_data, metaKeys.feeLineItem);
    if (isFeeLineItem(line)) {
      const price = requireMoney(line.price, `fee line ${fee.id} price`);
      subtotals.push(price * BigInt(line.quantity));
      lineItems.push({ productSourceId: null, variantSourceId: null, sku: line.sku, name: line.name, quantity: line.quantity, price: formatMoney(price), totalDiscount: line.totalDiscount });
      feeDiscounts += parseMoney(line.totalDiscount) ?? 0n;
    } else if (metaValue(fee.meta_data, metaKeys.feeTax) !== undefined) {
      const tax = metaJson(fee.meta_data, metaKeys.feeTax) as { title?: unknown; rate?: unknown } | undefined;
      // Cutover's own fee meta holds the canonical rate (a fraction), as orders-write.ts wrote it.
      taxLines.push({ title: typeof tax?.title === 'string' ? tax.title : fee.name, rate: typeof tax?.rate === 'number' ? Math.min(1, Math.max(0, tax.rate)) : 0, price: formatMoney(amount) });
      feeTaxes += amount;
    } else if (metaValue(fee.meta_data, metaKeys.feeDiscount) !== undefined) {
      feeDiscounts += -amount;
    }
  }
  const codes = new Set(o.coupon_lines.map((c) => c.code));
  const storedCodes = metaJson(o.meta_data, metaKeys.discountCodes);
  if (Array.isArray(storedCodes)) for (const code of storedCodes) if (typeof code === 'string') codes.add(code);
  const createdAt = isoFromGmt(metaString(o.meta_data, metaKeys.sourceCreatedAt)) ?? isoFromGmt(o.date_created_gmt);
  if (!createdAt) throw new MappingError(`date_created_gmt ${JSON.stringify(o.date_created_gmt)} is not a date`);
  return {
    sourceId: String(o.id), number: metaString(o.meta_data, metaKeys.sourceNumber) ?? String(o.number),
    customerSourceId: o.customer_id ? String(o.customer_id) : null, email: o.billing?.email || null, lineItems,
    billingAddress: isEmptyAddress(o.billing) ? null : fromWooAddress(o.billing), shippingAddress: isEmptyAddress(o.shipping) ? null : fromWooAddress(o.shipping),
    currency: o.currency, subtotal: formatMoney(sum(subtotals)),
    discountTotal: formatMoney(requireMoney(o.discount_total, 'discount_total') + feeDiscounts), discountCodes: [...codes],
    shippingLines: o.shipping_lines.map((s) => ({ title: s.method_title || s.method_id || 'Shipping', price: formatMoney(requireMoney(s.total, 'shipping line total')) })),
    taxLines, totalTax: formatMoney(requireMoney(o.total_tax, 'total_tax') + feeTaxes), total: formatMoney(total),
    financialStatus: financial[o.status] ?? 'pending', fulfillmentStatus: o.status === 'completed' ? 'fulfilled' : 'unfulfilled', sourceStatus: o.status,
    statusHistory: statusHistory(o.meta_data), shipments: shipments(o.meta_data), note: o.customer_note || null,
    createdAt, updatedAt: isoFromGmt(o.date_modified_gmt) ?? createdAt,
  };
}
