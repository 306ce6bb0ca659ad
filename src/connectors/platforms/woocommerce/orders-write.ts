import type { Order } from '../../../domain/catalog/entities';
import type { WriteContext } from '../types';
import { woocommerceOrderStatuses } from './order-statuses';
import { toWooAddress } from './addresses';
import { encodeEntities } from './entities';
import { metaEntries, metaKeys } from './meta';
import { MappingError, formatMoney, requireMoney, sum } from './money';

interface FeeLine { name: string; total: string; tax_status: 'none'; meta_data: { key: string; value: string }[] }

function fee(name: string, amount: bigint, key: string, value: unknown): FeeLine {
  return { name, total: formatMoney(amount), tax_status: 'none', meta_data: [{ key, value: JSON.stringify(value) }] };
}

export function targetStatus(order: Order, context: WriteContext): string {
  const status = context.orderStatusMap[order.sourceStatus] ?? order.sourceStatus;
  if (!woocommerceOrderStatuses.vocabulary.includes(status)) throw new MappingError(`order status "${order.sourceStatus}" maps to "${status}", which is not a WooCommerce order status`);
  return status;
}

/** What an update may change on an order already written: its items and totals are written once. */
export function orderUpdateBody(order: Order, context: WriteContext): Record<string, unknown> {
  return {
    status: targetStatus(order, context),
    billing: { ...toWooAddress(order.billingAddress), email: order.email ?? '' },
    shipping: toWooAddress(order.shippingAddress),
    customer_note: order.note ?? '',
    meta_data: orderMeta(order),
  };
}

function orderMeta(order: Order): { key: string; value: string }[] {
  const [first] = order.shipments;
  const tracking = order.shipments.map((s) => ({
    tracking_provider: s.carrier ?? '', custom_tracking_provider: '', tracking_number: s.trackingNumber ?? '', custom_tracking_link: s.trackingUrl ?? '',
    date_shipped: s.shippedAt ? String(Math.floor(Date.parse(s.shippedAt) / 1000)) : '',
  }));
  return metaEntries({
    [metaKeys.sourceNumber]: order.number, [metaKeys.sourceId]: order.sourceId, [metaKeys.sourceCreatedAt]: order.createdAt,
    [metaKeys.sourceCustomerId]: order.customerSourceId,
    [metaKeys.statusHistory]: order.statusHistory.length ? JSON.stringify(order.statusHistory) : null,
    [metaKeys.discountCodes]: order.discountCodes.length ? JSON.stringify(order.discountCodes) : null,
    [metaKeys.trackingItems]: tracking.length ? JSON.stringify(tracking) : null,
    [metaKeys.trackingNumber]: first?.trackingNumber ?? null, [metaKeys.trackingProvider]: first?.carrier ?? null,
    [metaKeys.trackingUrl]: first?.trackingUrl ?? null, [metaKeys.dateShipped]: first?.shippedAt ? String(Math.floor(Date.parse(first.shippedAt) / 1000)) : null,
  });
}

/**
 * A new order. WooCommerce's REST API recalculates totals on create and creates line items only for
 * products on the store, with taxes read-only; so lines of products not on the target, tax lines, an
 * order-level discount and any remaining difference go in fee lines marked in meta, and the total comes out
 * as the source's.
 */
export function orderCreateBody(order: Order, context: WriteContext): Record<string, unknown> {
  const lineItems: Record<string, unknown>[] = [];
  const fees: FeeLine[] = [];
  let written = 0n;
  let lineDiscounts = 0n;
  for (const line of order.lineItems) {
    const price = requireMoney(line.price, `line "${line.name}" price`);
    const subtotal = price * BigInt(line.quantity);
    const discount = requireMoney(line.totalDiscount, `line "${line.name}" discount`);
    const productId = line.productSourceId ? context.references.products[line.productSourceId] : undefined;
    const variantId = line.variantSourceId ? context.references.variants[line.variantSourceId] : undefined;
    written += subtotal - discount;
    lineDiscounts += discount;
    if (productId) {
      // A simple product's only variant is the product itself.
      const variationId = variantId && variantId !== productId ? Number(variantId) : 0;
      lineItems.push({
        product_id: Number(productId), ...(variationId ? { variation_id: variationId } : {}), name: encodeEntities(line.name), quantity: line.quantity,
        subtotal: formatMoney(subtotal), total: formatMoney(subtotal - discount), meta_data: line.sku ? [{ key: '_cutover_sku', value: line.sku }] : [],
      });
    } else {
      fees.push(fee(line.name, subtotal - discount, metaKeys.feeLineItem, { name: line.name, sku: line.sku, quantity: line.quantity, price: line.price, totalDiscount: line.totalDiscount }));
    }
  }
  const shipping = order.shippingLines.map((s) => ({ method_id: 'cutover_import', method_title: s.title, total: formatMoney(requireMoney(s.price, 'shipping price')) }));
  written += sum(order.shippingLines.map((s) => requireMoney(s.price, 'shipping price')));
  for (const tax of order.taxLines) {
    const amount = requireMoney(tax.price, `tax "${tax.title}"`);
    // WooCommerce has no tax line to write, so the rate goes into Cutover's fee meta in the canonical unit (a fraction).
    fees.push(fee(tax.title, amount, metaKeys.feeTax, { title: tax.title, rate: tax.rate }));
    written += amount;
  }
  const residualTax = requireMoney(order.totalTax, 'totalTax') - sum(order.taxLines.map((t) => requireMoney(t.price, `tax "${t.title}"`)));
  if (residualTax > 0n) {
    fees.push(fee('Tax', residualTax, metaKeys.feeTax, { title: 'Tax', rate: 0 }));
    written += residualTax;
  }
  const orderDiscount = requireMoney(order.discountTotal, 'discountTotal') - lineDiscounts;
  if (orderDiscount > 0n) {
    fees.push(fee('Discount', -orderDiscount, metaKeys.feeDiscount, { codes: order.discountCodes }));
    written -= orderDiscount;
  }
  const adjustment = requireMoney(order.total, 'total') - written;
  if (adjustment !== 0n) fees.push(fee('Adjustment', adjustment, metaKeys.feeAdjustment, { reason: 'source total differs from its parts' }));
  const customerId = order.customerSourceId ? Number(context.references.customers[order.customerSourceId] ?? 0) : 0;
  return {
    ...orderUpdateBody(order, context), currency: order.currency, customer_id: customerId,
    line_items: lineItems, shipping_lines: shipping, fee_lines: fees,
  };
}
