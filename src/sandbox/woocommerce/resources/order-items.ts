import { WooError, invalidParam } from '../errors';
import { type Body, amount, applyMeta, int, list, money, price, str } from '../input';
import type { Ctx } from '../resource';
import type { CouponLineRecord, FeeLineRecord, LineItemRecord, OrderRecord, ShippingLineRecord } from '../types';
import { activePrice } from './common';

/**
 * Order items follow WooCommerce's update rules: an item with an `id` changes that item (quantity 0, a
 * null method_id, name or code removes it); an item without one is added.
 */
function mergeItems<T extends { id: number }>(current: T[], posted: Body[] | undefined, build: (body: Body, existing: T | null) => T | null): T[] {
  if (!posted) return current;
  const result = [...current];
  for (const body of posted) {
    const id = int(body, 'id');
    const index = id ? result.findIndex((item) => item.id === id) : -1;
    if (id && index < 0) throw new WooError(400, 'woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.');
    const next = build(body, index >= 0 ? (result[index] as T) : null);
    if (index >= 0) {
      if (next) result[index] = next;
      else result.splice(index, 1);
    } else if (next) {
      result.push(next);
    }
  }
  return result;
}

function lineItem(ctx: Ctx, body: Body, existing: LineItemRecord | null): LineItemRecord | null {
  const quantity = int(body, 'quantity') ?? existing?.quantity ?? 1;
  if (existing && quantity === 0) return null;
  let productId = int(body, 'product_id') ?? existing?.product_id ?? 0;
  let variationId = int(body, 'variation_id') ?? existing?.variation_id ?? 0;
  const sku = str(body, 'sku');
  if (sku) {
    // wc_get_product_id_by_sku reads the indexed lookup table.
    const bySku = [...ctx.state.lookup('variations', 'sku', sku), ...ctx.state.lookup('products', 'sku', sku)][0];
    if (bySku && 'parent_id' in bySku) [productId, variationId] = [bySku.parent_id, bySku.id];
    else if (bySku) productId = bySku.id;
  }
  // WooCommerce's REST API only creates line items for a product: custom lines go in fee_lines.
  if (!productId && !variationId) throw new WooError(400, 'woocommerce_rest_required_product_reference', 'Product ID or SKU is required.');
  const product = ctx.state.collections.products.get(productId);
  const variation = variationId ? ctx.state.collections.variations.get(variationId) : undefined;
  if (!product || product.status === 'trash' || (variationId && (!variation || variation.parent_id !== productId))) {
    throw new WooError(400, 'woocommerce_rest_invalid_product_id', 'Invalid product ID.');
  }
  const unit = Number(activePrice(variation ?? product) || 0);
  const subtotal = price(body, 'subtotal') ?? (existing && quantity === existing.quantity ? existing.subtotal : money(unit * quantity));
  const total = price(body, 'total') ?? (existing && quantity === existing.quantity ? existing.total : subtotal);
  return {
    id: existing?.id ?? ctx.state.nextItemId(), name: str(body, 'name') ?? existing?.name ?? product.name, product_id: productId, variation_id: variationId,
    quantity, tax_class: '', subtotal: money(amount(subtotal)), subtotal_tax: '0.00', total: money(amount(total)), total_tax: '0.00',
    meta_data: applyMeta(existing?.meta_data ?? [], body, () => ctx.state.nextMetaId()),
  };
}

function shippingLine(ctx: Ctx, body: Body, existing: ShippingLineRecord | null): ShippingLineRecord | null {
  if (existing && 'method_id' in body && body.method_id === null) return null;
  const total = price(body, 'total') ?? existing?.total ?? '0';
  return {
    id: existing?.id ?? ctx.state.nextItemId(), method_title: str(body, 'method_title') ?? existing?.method_title ?? '', method_id: str(body, 'method_id') ?? existing?.method_id ?? '',
    instance_id: str(body, 'instance_id') ?? existing?.instance_id ?? '', total: money(amount(total)), total_tax: '0.00',
    meta_data: applyMeta(existing?.meta_data ?? [], body, () => ctx.state.nextMetaId()),
  };
}

function feeLine(ctx: Ctx, body: Body, existing: FeeLineRecord | null): FeeLineRecord | null {
  if (existing && 'name' in body && body.name === null) return null;
  const name = str(body, 'name') ?? existing?.name;
  if (!name) throw invalidParam('fee_lines', 'fee_lines[].name is required.');
  const total = price(body, 'total') ?? existing?.total ?? '0';
  const taxStatus = str(body, 'tax_status') ?? existing?.tax_status ?? 'taxable';
  return {
    id: existing?.id ?? ctx.state.nextItemId(), name, tax_class: '', tax_status: taxStatus === 'none' ? 'none' : 'taxable', total: money(amount(total)), total_tax: '0.00',
    meta_data: applyMeta(existing?.meta_data ?? [], body, () => ctx.state.nextMetaId()),
  };
}

function couponLine(ctx: Ctx, body: Body, existing: CouponLineRecord | null): CouponLineRecord | null {
  if (existing && 'code' in body && body.code === null) return null;
  const code = str(body, 'code') ?? existing?.code;
  if (!code) throw invalidParam('coupon_lines', 'coupon_lines[].code is required.');
  return { id: existing?.id ?? ctx.state.nextItemId(), code, discount: existing?.discount ?? '0.00', discount_tax: '0.00', meta_data: applyMeta(existing?.meta_data ?? [], body, () => ctx.state.nextMetaId()) };
}

export function applyItems(ctx: Ctx, order: OrderRecord, body: Body): boolean {
  const posted = { line: list(body, 'line_items'), shipping: list(body, 'shipping_lines'), fee: list(body, 'fee_lines'), coupon: list(body, 'coupon_lines') };
  order.line_items = mergeItems(order.line_items, posted.line, (b, e) => lineItem(ctx, b, e));
  order.shipping_lines = mergeItems(order.shipping_lines, posted.shipping, (b, e) => shippingLine(ctx, b, e));
  order.fee_lines = mergeItems(order.fee_lines, posted.fee, (b, e) => feeLine(ctx, b, e));
  order.coupon_lines = mergeItems(order.coupon_lines, posted.coupon, (b, e) => couponLine(ctx, b, e));
  return Object.values(posted).some((p) => p !== undefined);
}

/**
 * WC_Order::calculate_totals for a store without tax rates (WooCommerce's default): line totals, shipping and
 * fees add up, taxes are zero on what the API creates. `total`, `discount_total` and the tax totals are read-only.
 */
export function calculateTotals(order: OrderRecord): void {
  const sum = (values: string[]) => values.reduce((acc, v) => acc + amount(v), 0);
  const lineTotal = sum(order.line_items.map((l) => l.total));
  const discount = sum(order.line_items.map((l) => l.subtotal)) - lineTotal;
  const shipping = sum(order.shipping_lines.map((s) => s.total));
  const fees = sum(order.fee_lines.map((f) => f.total));
  const cartTax = sum(order.line_items.map((l) => l.total_tax)) + sum(order.fee_lines.map((f) => f.total_tax));
  const shippingTax = sum(order.shipping_lines.map((s) => s.total_tax));
  order.discount_total = money(discount);
  order.shipping_total = money(shipping);
  order.cart_tax = money(cartTax);
  order.shipping_tax = money(shippingTax);
  order.total_tax = money(cartTax + shippingTax);
  order.total = money(lineTotal + shipping + fees + cartTax + shippingTax);
}
