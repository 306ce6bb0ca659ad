import type { Call } from './catalog';
import { BcError, type Reply, dateFilter, idOf, notFound, rfc2822, v2Page } from './http';
import { ORDER_STATUSES, type BigCommerceState, type OrderProductRecord, type OrderRecord, type ShipmentRecord, type ShippingAddressRecord, type StoredOrder } from './state';

type Body = Record<string, unknown>;
const V2_LIMIT_MAX = 250;

const money = (n: number): string => n.toFixed(4);
const amount = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

function pageOf(query: Record<string, unknown>): { page: number; limit: number } {
  const page = typeof query.page === 'number' ? query.page : 1;
  const limit = typeof query.limit === 'number' ? query.limit : 50;
  if (!Number.isInteger(page) || page < 1) throw new BcError(400, 'The page must be a whole number of at least 1', { page: String(query.page) });
  if (!Number.isInteger(limit) || limit < 1 || limit > V2_LIMIT_MAX) throw new BcError(400, `The limit must be between 1 and ${V2_LIMIT_MAX}`, { limit: String(query.limit) });
  return { page, limit };
}

function resourceLinks(state: BigCommerceState, id: number): Record<string, unknown> {
  const base = `https://api.bigcommerce.com/stores/${state.storeHash}/v2/orders/${id}`;
  return {
    products: { url: `${base}/products`, resource: `/orders/${id}/products` },
    shipping_addresses: { url: `${base}/shipping_addresses`, resource: `/orders/${id}/shipping_addresses` },
    coupons: { url: `${base}/coupons`, resource: `/orders/${id}/coupons` },
  };
}

function statusOf(raw: unknown): number {
  const id = raw === undefined ? 1 : Number(raw);
  if (!ORDER_STATUSES.some((s) => s.id === id)) throw new BcError(400, 'The status_id is not valid', { status_id: `${String(raw)} is not an order status id (0 to 14)` });
  return id;
}

function address(raw: Body, orderId: number, id: number | null): Record<string, unknown> {
  return {
    ...(id !== null ? { id, order_id: orderId } : {}),
    first_name: String(raw.first_name ?? ''), last_name: String(raw.last_name ?? ''), company: String(raw.company ?? ''), street_1: String(raw.street_1 ?? ''),
    street_2: String(raw.street_2 ?? ''), city: String(raw.city ?? ''), state: String(raw.state ?? ''), zip: String(raw.zip ?? ''), country: String(raw.country ?? ''),
    country_iso2: String(raw.country_iso2 ?? ''), phone: String(raw.phone ?? ''), email: String(raw.email ?? ''),
    ...(id !== null ? { items_total: 0, items_shipped: 0, shipping_method: String(raw.shipping_method ?? ''), base_cost: '0.0000', cost_ex_tax: '0.0000', cost_inc_tax: '0.0000', cost_tax: '0.0000' } : {}),
  };
}

/** An order line: a catalog product (priced from the catalog unless the body says) or a custom one. */
function orderProduct(state: BigCommerceState, raw: Body, orderId: number, index: number): OrderProductRecord {
  const quantity = Number(raw.quantity);
  if (!Number.isInteger(quantity) || quantity < 1) throw new BcError(400, 'A product\'s quantity is not valid', { [`products.${index}.quantity`]: 'must be a whole number of at least 1' });
  let name = typeof raw.name === 'string' ? raw.name : '';
  let sku = typeof raw.sku === 'string' ? raw.sku : '';
  let productId = 0;
  let variantId: number | null = null;
  let catalogPrice: number | null = null;
  if (raw.product_id !== undefined) {
    const stored = state.products.get(Number(raw.product_id));
    if (!stored) throw new BcError(400, 'A product of the order does not exist', { [`products.${index}.product_id`]: `product ${String(raw.product_id)} does not exist` });
    productId = stored.product.id;
    const variant = raw.variant_id !== undefined ? stored.variants.find((v) => v.id === Number(raw.variant_id)) : stored.variants.length === 1 ? stored.variants[0] : undefined;
    if (!variant) throw new BcError(400, 'The variant of an order product is not valid', { [`products.${index}.variant_id`]: raw.variant_id === undefined ? 'a product with options needs variant_id or product_options' : `variant ${String(raw.variant_id)} is not a variant of product ${productId}` });
    variantId = variant.id;
    name ||= stored.product.name;
    sku = variant.sku;
    catalogPrice = variant.calculated_price;
  } else if (!name) throw new BcError(400, 'A custom product needs a name', { [`products.${index}.name`]: 'is required' });
  const exTax = raw.price_ex_tax !== undefined ? amount(raw.price_ex_tax) : catalogPrice ?? NaN;
  const incTax = raw.price_inc_tax !== undefined ? amount(raw.price_inc_tax) : exTax;
  if (Number.isNaN(exTax) || Number.isNaN(incTax)) throw new BcError(400, 'A custom product needs its prices', { [`products.${index}`]: 'price_ex_tax and price_inc_tax are required' });
  return {
    id: state.nextId('orderProduct'), order_id: orderId, product_id: productId, variant_id: variantId, order_address_id: 0, name, name_customer: name, name_merchant: name, sku, upc: '',
    type: 'physical', base_price: money(exTax), price_ex_tax: money(exTax), price_inc_tax: money(incTax), price_tax: money(incTax - exTax),
    base_total: money(exTax * quantity), total_ex_tax: money(exTax * quantity), total_inc_tax: money(incTax * quantity), total_tax: money((incTax - exTax) * quantity),
    quantity, quantity_shipped: 0, quantity_refunded: 0, is_refunded: false, refund_amount: '0.0000', product_options: [], applied_discounts: [],
  };
}

function orderView(state: BigCommerceState, stored: StoredOrder): OrderRecord {
  return { ...stored.order, ...resourceLinks(state, stored.order.id), items_total: stored.products.reduce((s, p) => s + p.quantity, 0), items_shipped: stored.products.reduce((s, p) => s + p.quantity_shipped, 0) };
}

export function createOrder({ state, body }: Call): Reply {
  const raw = body as Body;
  // "Required Fields: products or consignments; billing_address" (Orders v2, Create an Order).
  if (!raw.billing_address) throw new BcError(400, 'The field \'billing_address\' is required', { billing_address: 'is required' });
  const lines = (raw.products as Body[] | undefined) ?? [];
  if (lines.length === 0 && !raw.consignments) throw new BcError(400, 'The field \'products\' is required', { products: 'an order needs at least one product' });
  if (raw.consignments && (raw.products || raw.shipping_addresses)) throw new BcError(400, 'An order has either consignments or products and shipping addresses, not both', { consignments: 'cannot be sent with products or shipping_addresses' });
  const id = state.nextId('order');
  const statusId = statusOf(raw.status_id);
  const products = lines.map((line, n) => orderProduct(state, line, id, n));
  const shippingAddresses: ShippingAddressRecord[] = ((raw.shipping_addresses as Body[] | undefined) ?? []).map((a) => address(a, id, state.nextId('shippingAddress')) as ShippingAddressRecord);
  for (const p of products) p.order_address_id = shippingAddresses[0]?.id ?? 0;
  const subtotalEx = products.reduce((s, p) => s + Number(p.total_ex_tax), 0);
  const subtotalInc = products.reduce((s, p) => s + Number(p.total_inc_tax), 0);
  const shippingInc = raw.shipping_cost_inc_tax !== undefined ? amount(raw.shipping_cost_inc_tax) : 0;
  const shippingEx = raw.shipping_cost_ex_tax !== undefined ? amount(raw.shipping_cost_ex_tax) : shippingInc;
  const discount = raw.discount_amount !== undefined ? amount(raw.discount_amount) : 0;
  const given = (key: string, fallback: number) => (raw[key] !== undefined ? amount(raw[key]) : fallback);
  const totalInc = given('total_inc_tax', subtotalInc + shippingInc - discount);
  const totalEx = given('total_ex_tax', subtotalEx + shippingEx - discount);
  for (const [key, value] of Object.entries({ total_inc_tax: totalInc, total_ex_tax: totalEx, shipping_cost_inc_tax: shippingInc, discount_amount: discount })) {
    if (Number.isNaN(value)) throw new BcError(400, `The field '${key}' is not a valid amount`, { [key]: String(raw[key]) });
  }
  const created = raw.date_created !== undefined ? Date.parse(String(raw.date_created)) : state.now().getTime();
  if (Number.isNaN(created)) throw new BcError(400, 'The field \'date_created\' is not a valid date', { date_created: 'RFC 2822 or ISO 8601' });
  const now = rfc2822(state.now());
  const currency = typeof raw.default_currency_code === 'string' ? raw.default_currency_code : 'USD';
  const billing = address(raw.billing_address as Body, id, null);
  const order: OrderRecord = {
    id, customer_id: Number(raw.customer_id ?? 0), date_created: rfc2822(new Date(created)), date_modified: now, date_shipped: '', status_id: statusId, status: state.statusName(statusId),
    custom_status: state.statusName(statusId), subtotal_ex_tax: money(given('subtotal_ex_tax', subtotalEx)), subtotal_inc_tax: money(given('subtotal_inc_tax', subtotalInc)),
    subtotal_tax: money(given('subtotal_inc_tax', subtotalInc) - given('subtotal_ex_tax', subtotalEx)), base_shipping_cost: money(shippingEx), shipping_cost_ex_tax: money(shippingEx),
    shipping_cost_inc_tax: money(shippingInc), shipping_cost_tax: money(shippingInc - shippingEx), base_handling_cost: '0.0000', handling_cost_ex_tax: '0.0000', handling_cost_inc_tax: '0.0000',
    total_ex_tax: money(totalEx), total_inc_tax: money(totalInc), total_tax: money(totalInc - totalEx), payment_method: String(raw.payment_method ?? 'Manual'), payment_status: '',
    refunded_amount: money(given('refunded_amount', 0)), discount_amount: money(discount), coupon_discount: '0.0000', currency_code: currency, currency_exchange_rate: '1.0000000000',
    default_currency_code: currency, staff_notes: String(raw.staff_notes ?? ''), customer_message: String(raw.customer_message ?? ''), order_source: String(raw.order_source ?? 'external'),
    external_source: raw.external_source ?? null, external_id: null, external_order_id: typeof raw.external_order_id === 'string' ? raw.external_order_id : null, channel_id: Number(raw.channel_id ?? 1),
    is_deleted: false, billing_address: billing,
  };
  state.orders.set(id, { order, products, shippingAddresses, shipments: [] });
  return { status: 200, body: orderView(state, state.orders.get(id) as StoredOrder) };
}

function stored(state: BigCommerceState, raw: string | undefined): StoredOrder {
  const found = state.orders.get(idOf(raw));
  if (!found) throw notFound();
  return found;
}

export function updateOrder({ state, pathParams, body }: Call): Reply {
  const s = stored(state, pathParams.order_id);
  const raw = body as Body;
  if (raw.products !== undefined) throw new BcError(400, 'Changing an order\'s products is not supported by this simulator', { products: 'not modelled' });
  const { billing_address: billing, shipping_addresses: addresses, status_id: statusRaw, ...fields } = raw;
  Object.assign(s.order, fields);
  if (statusRaw !== undefined) {
    s.order.status_id = statusOf(statusRaw);
    s.order.status = state.statusName(s.order.status_id);
    s.order.custom_status = s.order.status;
  }
  if (billing) s.order.billing_address = { ...s.order.billing_address, ...address(billing as Body, s.order.id, null) };
  for (const a of (addresses as Body[] | undefined) ?? []) {
    const existing = s.shippingAddresses.find((x) => x.id === Number(a.id));
    if (!existing) throw new BcError(400, 'A shipping address of the order does not exist', { shipping_addresses: `address ${String(a.id)} is not an address of order ${s.order.id}` });
    Object.assign(existing, address({ ...existing, ...a }, s.order.id, existing.id));
  }
  s.order.date_modified = rfc2822(state.now());
  return { status: 200, body: orderView(state, s) };
}

export function listOrders({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  return v2Page(filterOrders(state, query).map((o) => orderView(state, o)), page, limit);
}

function filterOrders(state: BigCommerceState, query: Record<string, unknown>): StoredOrder[] {
  const minModified = query.min_date_modified !== undefined ? dateFilter(query.min_date_modified, 'min_date_modified', 'v2') : null;
  const minCreated = query.min_date_created !== undefined ? dateFilter(query.min_date_created, 'min_date_created', 'v2') : null;
  const [sortKey = 'id', sortDir = 'asc'] = String(query.sort ?? 'id:asc').split(':');
  return [...state.orders.values()]
    .filter((o) => !o.order.is_deleted)
    .filter((o) => minModified === null || Date.parse(o.order.date_modified) >= minModified)
    .filter((o) => minCreated === null || Date.parse(o.order.date_created) >= minCreated)
    .filter((o) => query.external_order_id === undefined || o.order.external_order_id === String(query.external_order_id))
    .filter((o) => query.email === undefined || String(o.order.billing_address.email).toLowerCase() === String(query.email).toLowerCase())
    .filter((o) => query.customer_id === undefined || o.order.customer_id === Number(query.customer_id))
    .filter((o) => query.status_id === undefined || o.order.status_id === Number(query.status_id))
    .filter((o) => query.min_id === undefined || o.order.id >= Number(query.min_id))
    .sort((a, b) => (sortDir === 'desc' ? -1 : 1) * (sortKey === 'date_modified' ? Date.parse(a.order.date_modified) - Date.parse(b.order.date_modified) : a.order.id - b.order.id));
}

export function countOrders({ state, query }: Call): Reply {
  const orders = filterOrders(state, query);
  return {
    status: 200,
    body: { count: orders.length, statuses: ORDER_STATUSES.map((s) => ({ id: s.id, name: s.name, system_label: s.name, custom_label: s.name, system_description: '', count: orders.filter((o) => o.order.status_id === s.id).length, sort_order: s.id })) },
  };
}

export function getOrder({ state, pathParams }: Call): Reply {
  const s = stored(state, pathParams.order_id);
  if (s.order.is_deleted) throw notFound();
  return { status: 200, body: orderView(state, s) };
}

export function deleteOrder({ state, pathParams }: Call): Reply {
  const s = stored(state, pathParams.order_id);
  // BigCommerce archives a deleted order (is_deleted); it is no longer listed or read.
  s.order.is_deleted = true;
  return { status: 204 };
}

export function listOrderProducts({ state, pathParams, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  return v2Page(stored(state, pathParams.order_id).products, page, limit);
}

export function listShippingAddresses({ state, pathParams, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  return v2Page(stored(state, pathParams.order_id).shippingAddresses, page, limit);
}

export function listShipments({ state, pathParams, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  return v2Page(stored(state, pathParams.order_id).shipments, page, limit);
}

/**
 * POST /orders/{id}/shipments: `order_address_id` and `items` are required (Orders v2 documentation,
 * "Creating order shipments"); each item's quantity must still be unshipped. Shipping every item moves the
 * order to Shipped, some of them to Partially Shipped, as the control panel's Ship Items action does.
 */
export function createShipment({ state, pathParams, body }: Call): Reply {
  const s = stored(state, pathParams.order_id);
  const raw = body as Body;
  if (raw.order_address_id === undefined) throw new BcError(400, 'The field \'order_address_id\' is required', { order_address_id: 'is required' });
  const address = s.shippingAddresses.find((a) => a.id === Number(raw.order_address_id));
  if (!address) throw new BcError(400, 'The order_address_id is not an address of this order', { order_address_id: `${String(raw.order_address_id)} is not a shipping address of order ${s.order.id}` });
  const items = (raw.items as { order_product_id?: number; quantity?: number }[] | undefined) ?? [];
  if (items.length === 0) throw new BcError(400, 'The field \'items\' is required', { items: 'a shipment ships at least one item' });
  for (const item of items) {
    const line = s.products.find((p) => p.id === item.order_product_id);
    if (!line) throw new BcError(400, 'A shipment item is not a product of this order', { items: `order product ${String(item.order_product_id)} is not in order ${s.order.id}` });
    const quantity = Number(item.quantity);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > line.quantity - line.quantity_shipped) throw new BcError(400, 'A shipment item\'s quantity is more than is left to ship', { items: `order product ${line.id}: ${line.quantity - line.quantity_shipped} left to ship` });
  }
  for (const item of items) {
    const line = s.products.find((p) => p.id === item.order_product_id) as OrderProductRecord;
    line.quantity_shipped += Number(item.quantity);
  }
  const now = state.now();
  const shipment: ShipmentRecord = {
    id: state.nextId('shipment'), order_id: s.order.id, customer_id: s.order.customer_id, order_address_id: address.id, date_created: rfc2822(now),
    tracking_number: String(raw.tracking_number ?? ''), merchant_shipping_cost: String(raw.merchant_shipping_cost ?? '0.0000'), shipping_method: String(raw.shipping_method ?? ''),
    shipping_provider: String(raw.shipping_provider ?? ''), tracking_carrier: String(raw.tracking_carrier ?? ''), tracking_link: String(raw.tracking_link ?? ''),
    comments: String(raw.comments ?? ''), billing_address: s.order.billing_address, shipping_address: address, items,
  };
  s.shipments.push(shipment);
  const allShipped = s.products.every((p) => p.quantity_shipped >= p.quantity);
  s.order.status_id = allShipped ? 2 : 3;
  s.order.status = state.statusName(s.order.status_id);
  s.order.custom_status = s.order.status;
  s.order.date_shipped = rfc2822(now);
  s.order.date_modified = rfc2822(now);
  return { status: 201, body: shipment };
}

export function deleteShipment({ state, pathParams }: Call): Reply {
  const s = stored(state, pathParams.order_id);
  const id = idOf(pathParams.shipment_id);
  const shipment = s.shipments.find((x) => x.id === id);
  if (!shipment) throw notFound();
  for (const item of shipment.items as { order_product_id: number; quantity: number }[]) {
    const line = s.products.find((p) => p.id === item.order_product_id);
    if (line) line.quantity_shipped -= item.quantity;
  }
  s.shipments = s.shipments.filter((x) => x.id !== id);
  s.order.date_modified = rfc2822(state.now());
  return { status: 204 };
}

export function listOrderStatuses(): Reply {
  return { status: 200, body: ORDER_STATUSES.map((s) => ({ id: s.id, name: s.name, system_label: s.name, custom_label: s.name, system_description: '', order: s.id })) };
}
