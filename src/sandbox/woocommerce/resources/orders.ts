import { WooError } from '../errors';
import { idList, matchesDates } from '../dates';
import { type Body, amount, applyMeta, has, int, oneOf, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { LineItemRecord, OrderRecord, OrderStatus } from '../types';
import { applyAddress, emptyAddress } from './addresses';
import { csv, links, textMatch } from './common';
import { applyItems, calculateTotals } from './order-items';

export const orderStatuses: readonly OrderStatus[] = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];

function apply(ctx: Ctx, order: OrderRecord, body: Body, creating: boolean): OrderRecord {
  const customerId = int(body, 'customer_id');
  if (customerId !== undefined) {
    if (customerId !== 0 && !ctx.state.collections.customers.has(customerId)) throw new WooError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
    order.customer_id = customerId;
  }
  const currency = str(body, 'currency');
  if (currency !== undefined) {
    if (!/^[A-Z]{3}$/.test(currency)) throw new WooError(400, 'rest_invalid_param', 'Invalid parameter(s): currency', { params: { currency: 'currency is not one of the allowed currencies.' } });
    order.currency = currency;
  }
  order.billing = applyAddress(order.billing, body, 'billing');
  order.shipping = applyAddress(order.shipping, body, 'shipping');
  const note = str(body, 'customer_note');
  if (note !== undefined) order.customer_note = note;
  for (const key of ['payment_method', 'payment_method_title', 'transaction_id'] as const) {
    const value = str(body, key);
    if (value !== undefined) order[key] = value;
  }
  order.parent_id = int(body, 'parent_id') ?? order.parent_id;
  const itemsChanged = applyItems(ctx, order, body);
  order.meta_data = applyMeta(order.meta_data, body, () => ctx.state.nextMetaId());
  if (creating || itemsChanged) calculateTotals(order);
  const now = ctx.state.now();
  // Status is applied last, as WooCommerce does, so transitions see the new data.
  const status = oneOf(body, 'status', orderStatuses);
  if (status !== undefined && status !== order.status) {
    order.status = status;
    if ((status === 'processing' || status === 'completed') && !order.date_paid_gmt) order.date_paid_gmt = now;
    if (status === 'completed') order.date_completed_gmt = now;
  }
  if (body.set_paid === true) {
    order.date_paid_gmt ??= now;
    if (order.status === 'pending' || order.status === 'on-hold') order.status = 'processing';
  }
  order.date_modified_gmt = now;
  return order;
}

function lineItemFields(ctx: Ctx, item: LineItemRecord): Body {
  const product = ctx.state.collections.products.get(item.product_id);
  const variation = item.variation_id ? ctx.state.collections.variations.get(item.variation_id) : undefined;
  // The SKU is read from the product: a line whose product was deleted has none.
  const sku = variation?.sku || (product && product.status !== 'trash' ? product.sku : null) || null;
  return {
    ...item, taxes: [], sku, price: amount(item.total) / Math.max(1, item.quantity),
    image: { id: '', src: '' }, parent_name: variation && product ? product.name : null,
  };
}

export const ordersResource: Resource<OrderRecord> = {
  invalidId: () => new WooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.'),
  all: (ctx) => [...ctx.state.collections.orders.values()],
  any: (ctx) => ctx.state.collections.orders.values().next().value,
  one: (ctx, _parentId, id) => ctx.state.collections.orders.get(id),
  create(ctx, body) {
    if (has(body, 'id')) throw new WooError(400, 'woocommerce_rest_shop_order_exists', 'Cannot create existing shop_order.');
    const now = ctx.state.now();
    const order: OrderRecord = {
      id: ctx.state.nextPostId(), parent_id: 0, status: 'pending', currency: 'USD', total: '0.00', discount_total: '0.00', discount_tax: '0.00',
      shipping_total: '0.00', shipping_tax: '0.00', cart_tax: '0.00', total_tax: '0.00', prices_include_tax: false, customer_id: 0, customer_note: '',
      billing: emptyAddress(true), shipping: emptyAddress(false), payment_method: '', payment_method_title: '', transaction_id: '',
      date_paid_gmt: null, date_completed_gmt: null, line_items: [], tax_lines: [], shipping_lines: [], fee_lines: [], coupon_lines: [], meta_data: [],
      date_created_gmt: now, date_modified_gmt: now,
    };
    return ctx.state.put('orders', apply(ctx, order, body, true));
  },
  update: (ctx, record, body) => ctx.state.put('orders', apply(ctx, structuredClone(record), body, false)),
  remove(ctx, record, force) {
    if (force) {
      ctx.state.collections.orders.delete(record.id);
      return 'deleted';
    }
    if (record.status === 'trash') throw new WooError(410, 'woocommerce_rest_already_trashed', `The order with ID ${record.id} has already been deleted.`);
    ctx.state.put('orders', { ...record, status: 'trash', date_modified_gmt: ctx.state.now() });
    return 'trashed';
  },
  serialize(ctx, o) {
    return {
      id: o.id, parent_id: o.parent_id, number: String(o.id), order_key: `wc_order_${o.id.toString(36)}`, created_via: 'rest-api', version: '9.4.0',
      status: o.status, currency: o.currency, date_created: o.date_created_gmt, date_created_gmt: o.date_created_gmt,
      date_modified: o.date_modified_gmt, date_modified_gmt: o.date_modified_gmt, discount_total: o.discount_total, discount_tax: o.discount_tax,
      shipping_total: o.shipping_total, shipping_tax: o.shipping_tax, cart_tax: o.cart_tax, total: o.total, total_tax: o.total_tax,
      prices_include_tax: o.prices_include_tax, customer_id: o.customer_id, customer_ip_address: '', customer_user_agent: '', customer_note: o.customer_note,
      billing: o.billing, shipping: o.shipping, payment_method: o.payment_method, payment_method_title: o.payment_method_title, transaction_id: o.transaction_id,
      date_paid: o.date_paid_gmt, date_paid_gmt: o.date_paid_gmt, date_completed: o.date_completed_gmt, date_completed_gmt: o.date_completed_gmt, cart_hash: '',
      meta_data: o.meta_data, line_items: o.line_items.map((item) => lineItemFields(ctx, item)), tax_lines: o.tax_lines, shipping_lines: o.shipping_lines.map((s) => ({ ...s, taxes: [] })),
      fee_lines: o.fee_lines.map((f) => ({ ...f, taxes: [] })), coupon_lines: o.coupon_lines, refunds: [], set_paid: false,
      _links: links(ctx, `orders/${o.id}`, 'orders'),
    };
  },
  matches(ctx, o, params) {
    const statuses = csv(params, 'status') ?? ['any'];
    if (statuses.includes('any') ? o.status === 'trash' : !statuses.includes(o.status)) return false;
    const customer = params.get('customer');
    if (customer !== null && customer !== '' && o.customer_id !== Number(customer)) return false;
    const product = params.get('product');
    if (product && !o.line_items.some((l) => l.product_id === Number(product))) return false;
    const include = idList(params, 'include');
    if (include && !include.includes(o.id)) return false;
    const exclude = idList(params, 'exclude');
    if (exclude?.includes(o.id)) return false;
    const parent = idList(params, 'parent');
    if (parent && !parent.includes(o.parent_id)) return false;
    // Order search covers the id, the billing email and names, and the item names (WooCommerce's search fields).
    const haystack = [String(o.id), o.billing.email ?? '', o.billing.first_name, o.billing.last_name, ...o.line_items.map((l) => l.name)];
    if (!textMatch(haystack, params.get('search'))) return false;
    return matchesDates(params, o.date_created_gmt, o.date_modified_gmt);
  },
  sortKey(ctx, o, orderby) {
    switch (orderby) {
      case 'date': return o.date_created_gmt;
      case 'modified': return o.date_modified_gmt;
      case 'id': case 'include': return o.id;
      case 'title': case 'slug': return o.id;
      default: return undefined;
    }
  },
  defaultOrderBy: 'date',
  defaultOrder: 'desc',
};
