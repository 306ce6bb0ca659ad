import { z } from 'zod';
import type { Order } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { PlannedWrite, WriteContext, WriteResult } from '../types';
import { ADDRESS_FIELDS, addressFromShopify, addressToShopify, amountOf, moneyBag, searchValue, toMoney, type PageInfo, type ShopifyAddress, type ShopMoney } from './common';
import { checkEntity, listVariables, toPage, type EntityHandler, type HandlerDeps } from './handler';
import { userErrorMessage, type ShopifyGraphqlClient, type UserError } from './graphql-client';
import { completeAll, connection, followUp, IncompleteRecord, readToEnd, type NestedPage } from './nested';
import { financialStatusOf, fulfillmentStatusOf, sourceStatusOf, targetStatus } from './order-status';

/** Note attributes that keep what Shopify has no field for: the source's own status and its history. */
const SOURCE_STATUS = 'cutover_source_status';
const STATUS_HISTORY = 'cutover_status_history';
/**
 * Shipments of an order that gets no tracked fulfilment on Shopify (not fully fulfilled on the target,
 * e.g. a WooCommerce "processing" order that already carries a tracking number): kept so none is lost.
 */
const SHIPMENTS = 'cutover_shipments';
const shipmentsSchema = z.array(z.object({ carrier: z.string().nullable(), trackingNumber: z.string().nullable(), trackingUrl: z.string().nullable(), shippedAt: z.string().nullable() }));

function keptShipments(attributes: { key: string; value: string | null }[]): Order['shipments'] {
  const raw = attributes.find((a) => a.key === SHIPMENTS)?.value;
  if (!raw) return [];
  try {
    const parsed = shipmentsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
/** orderCreate takes a discount only with a code; an order discounted without one gets this, hidden on read. */
const UNNAMED_DISCOUNT = 'CUTOVER-IMPORTED-DISCOUNT';

const MONEY = 'shopMoney { amount }';
const LINE_FIELDS = `name sku quantity variant { id product { id } } originalUnitPriceSet { ${MONEY} }`;
const SHIPPING_FIELDS = `title originalPriceSet { ${MONEY} }`;
/** Order.fulfillments and Fulfillment.trackingInfo are lists truncated by `first`, not connections. */
const FULFILLMENTS_SHOWN = 5;
const TRACKING_SHOWN = 5;
const FULFILLMENT_FIELDS = `id createdAt trackingInfo(first: ${TRACKING_SHOWN}) { company number url }`;
/** The most fulfilments one query can ask for with their tracking under the 1000-point limit (6 points each). */
const FULFILLMENTS_MAX = 160;
/** Fulfillment.trackingInfo's largest truncation Shopify allows. */
const TRACKING_MAX = 250;
const FIELDS = `id name email processedAt updatedAt cancelledAt note tags currencyCode displayFinancialStatus displayFulfillmentStatus discountCodes
  customer { id } customAttributes { key value }
  billingAddress { ${ADDRESS_FIELDS} } shippingAddress { ${ADDRESS_FIELDS} }
  subtotalPriceSet { ${MONEY} } totalPriceSet { ${MONEY} } totalTaxSet { ${MONEY} } totalDiscountsSet { ${MONEY} }
  ${connection('lineItems', 30, LINE_FIELDS)}
  ${connection('shippingLines', 5, SHIPPING_FIELDS)}
  taxLines { title rate priceSet { ${MONEY} } }
  fulfillmentsCount { count precision }
  fulfillments(first: ${FULFILLMENTS_SHOWN}) { ${FULFILLMENT_FIELDS} }`;

interface ShopifyOrder {
  id: string; name: string; email: string | null; processedAt: string; updatedAt: string; cancelledAt: string | null; note: string | null;
  tags: string[]; currencyCode: string; displayFinancialStatus: string | null; displayFulfillmentStatus: string; discountCodes: string[];
  customer: { id: string } | null; customAttributes: { key: string; value: string | null }[];
  billingAddress: ShopifyAddress | null; shippingAddress: ShopifyAddress | null;
  subtotalPriceSet: ShopMoney | null; totalPriceSet: ShopMoney; totalTaxSet: ShopMoney | null; totalDiscountsSet: ShopMoney | null;
  lineItems: NestedPage<{ name: string; sku: string | null; quantity: number; variant: { id: string; product: { id: string } } | null; originalUnitPriceSet: ShopMoney }>;
  shippingLines: NestedPage<{ title: string; originalPriceSet: ShopMoney }>;
  taxLines: { title: string | null; rate: number | null; priceSet: ShopMoney }[];
  fulfillmentsCount: { count: number; precision: string } | null;
  fulfillments: ShopifyFulfillment[];
}
interface ShopifyFulfillment { id: string; createdAt: string; trackingInfo: { company: string | null; number: string | null; url: string | null }[] }

const LIST = `query CutoverOrders($first: Int!, $after: String, $query: String, $sortKey: OrderSortKeys) {
  orders(first: $first, after: $after, query: $query, sortKey: $sortKey) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } }
}`;
const GET = `query CutoverOrder($id: ID!) { order(id: $id) { ${FIELDS} } }`;
const COUNT = `query CutoverOrdersCount { ordersCount(limit: null) { count } }`;
const FIND = `query CutoverOrderByName($query: String!) { orders(first: 5, query: $query) { nodes { id name } } }`;
const CREATE = `mutation CutoverOrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) { order { id fulfillmentOrders(first: 1) { nodes { id } } } userErrors { field message code } }
}`;
const UPDATE = `mutation CutoverOrderUpdate($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }`;
const FULFILL = `mutation CutoverFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } }
}`;
const CANCEL = `mutation CutoverOrderCancel($orderId: ID!) {
  orderCancel(orderId: $orderId, reason: OTHER, restock: false, notifyCustomer: false) { job { id } orderCancelUserErrors { field message } }
}`;
const DELETE = `mutation CutoverOrderDelete($orderId: ID!) { orderDelete(orderId: $orderId) { deletedId userErrors { field message } } }`;
const LINE_ITEMS_PAGE = followUp('CutoverOrderLineItems', 'order', 'lineItems', 100, LINE_FIELDS);
const SHIPPING_LINES_PAGE = followUp('CutoverOrderShippingLines', 'order', 'shippingLines', 100, SHIPPING_FIELDS);
const FULFILLMENTS = `query CutoverOrderFulfillments($id: ID!, $first: Int!) { order(id: $id) { fulfillments(first: $first) { ${FULFILLMENT_FIELDS} } } }`;
const TRACKING = `query CutoverFulfillmentTracking($id: ID!) { fulfillment(id: $id) { trackingInfo(first: ${TRACKING_MAX}) { company number url } } }`;

type OrderData = { order: ShopifyOrder | null } | undefined;

/** Every fulfilment of the order: Shopify's count says whether the five that came with it are all. */
async function allFulfillments(client: ShopifyGraphqlClient, o: ShopifyOrder): Promise<ShopifyFulfillment[]> {
  const exact = o.fulfillmentsCount?.precision === 'EXACT' ? o.fulfillmentsCount.count : null;
  const more = exact === null ? o.fulfillments.length >= FULFILLMENTS_SHOWN : exact > o.fulfillments.length;
  if (!more) return o.fulfillments;
  if (exact !== null && exact > FULFILLMENTS_MAX) throw new IncompleteRecord(`${exact} fulfilments, more than the ${FULFILLMENTS_MAX} one query can read`);
  const data = await client.request<{ order: { fulfillments: ShopifyFulfillment[] } | null }>(FULFILLMENTS, { id: o.id, first: exact ?? FULFILLMENTS_MAX });
  if (!data.order) throw new IncompleteRecord('fulfilments: the order disappeared while they were read');
  if (exact === null && data.order.fulfillments.length >= FULFILLMENTS_MAX) throw new IncompleteRecord(`${FULFILLMENTS_MAX} or more fulfilments and no exact count`);
  return data.order.fulfillments;
}

/** A fulfilment's tracking numbers: trackingInfo(first:) truncates, so a full first answer is read again in full. */
async function allTracking(client: ShopifyGraphqlClient, f: ShopifyFulfillment): Promise<ShopifyFulfillment> {
  if (f.trackingInfo.length < TRACKING_SHOWN) return f;
  const data = await client.request<{ fulfillment: { trackingInfo: ShopifyFulfillment['trackingInfo'] } | null }>(TRACKING, { id: f.id });
  if (!data.fulfillment) throw new IncompleteRecord('tracking numbers: the fulfilment disappeared while they were read');
  if (data.fulfillment.trackingInfo.length >= TRACKING_MAX) throw new IncompleteRecord(`a fulfilment with ${TRACKING_MAX} or more tracking numbers`);
  return { ...f, trackingInfo: data.fulfillment.trackingInfo };
}

/** The order with every line, shipping line, fulfilment and tracking number (nested.ts). */
async function wholeOrder(client: ShopifyGraphqlClient, o: ShopifyOrder): Promise<ShopifyOrder> {
  const done = { hasNextPage: false, endCursor: null };
  const [lines, shipping, fulfillments] = await Promise.all([
    readToEnd(client, o.lineItems, { document: LINE_ITEMS_PAGE, id: o.id, pick: (d) => (d as OrderData)?.order?.lineItems, what: 'line items' }),
    readToEnd(client, o.shippingLines, { document: SHIPPING_LINES_PAGE, id: o.id, pick: (d) => (d as OrderData)?.order?.shippingLines, what: 'shipping lines' }),
    allFulfillments(client, o).then((all) => Promise.all(all.map((f) => allTracking(client, f)))),
  ]);
  return { ...o, lineItems: { nodes: lines, pageInfo: done }, shippingLines: { nodes: shipping, pageInfo: done }, fulfillments };
}

const historySchema = z.array(z.object({ status: z.string(), at: z.string(), note: z.string().nullable().default(null) }));

function statusHistory(attributes: ShopifyOrder['customAttributes']): Order['statusHistory'] {
  const raw = attributes.find((a) => a.key === STATUS_HISTORY)?.value;
  if (!raw) return [];
  try {
    const parsed = historySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function fromShopify(o: ShopifyOrder): Order {
  const discount = amountOf(o.totalDiscountsSet);
  return {
    sourceId: o.id, number: o.name.replace(/^#/, ''), customerSourceId: o.customer?.id ?? null, email: o.email,
    lineItems: o.lineItems.nodes.map((l) => ({
      productSourceId: l.variant?.product.id ?? null, variantSourceId: l.variant?.id ?? null, sku: l.sku || null, name: l.name,
      quantity: l.quantity, price: amountOf(l.originalUnitPriceSet), totalDiscount: '0.00',
    })),
    billingAddress: o.billingAddress ? addressFromShopify(o.billingAddress) : null,
    shippingAddress: o.shippingAddress ? addressFromShopify(o.shippingAddress) : null,
    currency: o.currencyCode,
    // Shopify's subtotal is after discounts; the canonical one is before them.
    subtotal: toMoney(String((Math.round(Number(amountOf(o.subtotalPriceSet)) * 10000) + Math.round(Number(discount) * 10000)) / 10000)),
    discountTotal: discount,
    discountCodes: o.discountCodes.filter((c) => c !== UNNAMED_DISCOUNT),
    shippingLines: o.shippingLines.nodes.map((s) => ({ title: s.title, price: amountOf(s.originalPriceSet) })),
    taxLines: o.taxLines.map((t) => ({ title: t.title ?? '', rate: t.rate ?? 0, price: amountOf(t.priceSet) })),
    totalTax: amountOf(o.totalTaxSet), total: amountOf(o.totalPriceSet),
    financialStatus: financialStatusOf(o.displayFinancialStatus), fulfillmentStatus: fulfillmentStatusOf(o.displayFulfillmentStatus),
    sourceStatus: sourceStatusOf(o), statusHistory: statusHistory(o.customAttributes),
    shipments: fulfilmentShipments(o).length > 0 ? fulfilmentShipments(o) : keptShipments(o.customAttributes),
    note: o.note, createdAt: o.processedAt, updatedAt: o.updatedAt,
  };
}

function fulfilmentShipments(o: ShopifyOrder): Order['shipments'] {
  return o.fulfillments.flatMap((f) => f.trackingInfo.map((t) => ({ carrier: t.company, trackingNumber: t.number, trackingUrl: t.url, shippedAt: f.createdAt })));
}

const orderName = (number: string): string => (number.startsWith('#') ? number : `#${number}`);

export function attributes(order: Order, tracked: boolean): { key: string; value: string }[] {
  const shipments = order.shipments.filter((s) => s.trackingNumber || s.trackingUrl);
  return [
    { key: SOURCE_STATUS, value: order.sourceStatus },
    ...(order.statusHistory.length > 0 ? [{ key: STATUS_HISTORY, value: JSON.stringify(order.statusHistory) }] : []),
    ...(!tracked && shipments.length > 0 ? [{ key: SHIPMENTS, value: JSON.stringify(shipments) }] : []),
  ];
}

function toOrderCreateInput(order: Order, context: WriteContext): { input: Record<string, unknown>; cancelled: boolean; trackLater: boolean } {
  const status = targetStatus(order, context.orderStatusMap);
  const money = (amount: string): ReturnType<typeof moneyBag> => moneyBag(amount, order.currency);
  const customerId = order.customerSourceId ? context.references.customers[order.customerSourceId] : undefined;
  const lineDiscounts = order.lineItems.reduce((sum, l) => sum + Number(l.totalDiscount), 0);
  // orderCreate takes one order-level discount; line discounts are folded into it.
  const discount = Math.max(Number(order.discountTotal), lineDiscounts);
  const code = order.discountCodes[0] ?? (discount > 0 ? UNNAMED_DISCOUNT : null);
  const paidAmount = status.financialStatus === 'partially_paid' ? null : order.total;
  const transactionKind = status.financialStatus === 'authorized' ? 'AUTHORIZATION' : ['paid', 'refunded', 'partially_refunded'].includes(status.financialStatus) ? 'SALE' : null;
  // With tracking URLs or several parcels the fulfilment is created afterwards: orderCreate's takes one number, no URL.
  const trackLater = status.fulfillmentStatus === 'fulfilled' && order.shipments.some((s) => s.trackingNumber || s.trackingUrl);
  const first = order.shipments[0];
  const input: Record<string, unknown> = {
    name: orderName(order.number), email: order.email, currency: order.currency, processedAt: order.createdAt, note: order.note,
    customAttributes: attributes(order, trackLater),
    ...(customerId ? { customer: { toAssociate: { id: customerId } } } : {}),
    ...(order.billingAddress ? { billingAddress: addressToShopify(order.billingAddress) } : {}),
    ...(order.shippingAddress ? { shippingAddress: addressToShopify(order.shippingAddress) } : {}),
    lineItems: order.lineItems.map((l) => {
      const variantId = l.variantSourceId ? context.references.variants[l.variantSourceId] : undefined;
      return { ...(variantId ? { variantId } : {}), title: l.name, ...(l.sku ? { sku: l.sku } : {}), quantity: l.quantity, priceSet: money(l.price) };
    }),
    shippingLines: order.shippingLines.map((s) => ({ title: s.title, priceSet: money(s.price) })),
    taxLines: order.taxLines.map((t) => ({ title: t.title, rate: String(t.rate), priceSet: money(t.price) })),
    ...(code ? { discountCode: { itemFixedDiscountCode: { code, amountSet: money(toMoney(discount.toFixed(2))) } } } : {}),
    financialStatus: status.financialStatus.toUpperCase(),
    ...(transactionKind && paidAmount ? { transactions: [{ kind: transactionKind, status: 'SUCCESS', amountSet: money(paidAmount), gateway: 'cutover-import', processedAt: order.createdAt }] } : {}),
    ...(status.fulfillmentStatus === 'fulfilled' && !trackLater ? { fulfillmentStatus: 'FULFILLED' } : {}),
    ...(status.fulfillmentStatus === 'partial' ? { fulfillmentStatus: 'PARTIAL' } : {}),
  };
  return { input, cancelled: status.cancelled, trackLater: trackLater && first !== undefined };
}

/** Imported history: Shopify must not email the shopper a receipt for an order placed long ago. */
const CREATE_OPTIONS = { sendReceipt: false, sendFulfillmentReceipt: false };

/** A placed order is history: Shopify lets its note, email and attributes change, not its lines or money. */
function orderUpdateInput(id: string, order: Order): Record<string, unknown> {
  // Shipments go into the attributes: a tracking number found later (smart update) is kept there.
  return { id, note: order.note, email: order.email, customAttributes: attributes(order, false) };
}

function fulfillmentInput(fulfillmentOrderId: string, order: Order): Record<string, unknown> {
  const tracked = order.shipments.filter((s) => s.trackingNumber || s.trackingUrl);
  return {
    lineItemsByFulfillmentOrder: [{ fulfillmentOrderId }],
    notifyCustomer: false,
    trackingInfo: {
      ...(tracked[0]?.carrier ? { company: tracked[0].carrier } : {}),
      numbers: tracked.map((s) => s.trackingNumber ?? ''),
      urls: tracked.flatMap((s) => (s.trackingUrl ? [s.trackingUrl] : [])),
    },
  };
}

async function fulfillWithTracking(deps: HandlerDeps, fulfillmentOrderId: string, order: Order): Promise<string | null> {
  const data = await deps.client.request<{ fulfillmentCreate: { userErrors: UserError[] } }>(FULFILL, { fulfillment: fulfillmentInput(fulfillmentOrderId, order) });
  return userErrorMessage(data.fulfillmentCreate.userErrors);
}

export const ordersHandler: EntityHandler<'orders'> = {
  // ~200 points an order with 30 lines.
  maxPageSize: 4,

  async count({ client }) {
    return (await client.request<{ ordersCount: { count: number } }>(COUNT)).ordersCount.count;
  },

  async list({ client }, q) {
    const data = await client.request<{ orders: { nodes: ShopifyOrder[]; pageInfo: PageInfo } }>(LIST, listVariables(q, this.maxPageSize));
    const { complete, incomplete } = await completeAll(data.orders.nodes, (o) => wholeOrder(client, o));
    return toPage('orders', { nodes: complete, pageInfo: data.orders.pageInfo }, fromShopify, incomplete);
  },

  async get({ client }, id) {
    const data = await client.request<{ order: ShopifyOrder | null }>(GET, { id });
    if (!data.order) return null;
    const [whole] = (await completeAll([data.order], (o) => wholeOrder(client, o))).complete;
    if (!whole) return null;
    const checked = checkEntity('orders', id, () => fromShopify(whole));
    return 'entity' in checked ? checked.entity : null;
  },

  async findExisting({ client }, order) {
    const name = orderName(order.number);
    const data = await client.request<{ orders: { nodes: { id: string; name: string }[] } }>(FIND, { query: `name:${searchValue(name)}` });
    const found = data.orders.nodes.find((n) => n.name === name);
    return found ? { targetId: found.id } : null;
  },

  async plan(deps, { entity, targetId, knownAbsent }, context): Promise<PlannedWrite> {
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    if (existing) return { ok: true, calls: [{ call: 'orderUpdate', body: { input: orderUpdateInput(existing, entity) } }] };
    const { input, cancelled, trackLater } = toOrderCreateInput(entity, context);
    return {
      ok: true,
      calls: [
        { call: 'orderCreate', body: { order: input, options: CREATE_OPTIONS } },
        ...(trackLater ? [{ call: 'fulfillmentCreate', body: { fulfillment: fulfillmentInput('<the new order\'s fulfillment order>', entity) } }] : []),
        ...(cancelled ? [{ call: 'orderCancel', body: { orderId: '<the new order>' } }] : []),
      ],
    };
  },

  async upsert(deps, { entity, targetId, knownAbsent }, context): Promise<WriteResult> {
    const fail = (error: string): WriteResult => ({ sourceId: entity.sourceId, ok: false, error, retryable: false });
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    if (existing) {
      const data = await deps.client.request<{ orderUpdate: { order: { id: string } | null; userErrors: UserError[] } }>(UPDATE, {
        input: orderUpdateInput(existing, entity),
      });
      const problem = userErrorMessage(data.orderUpdate.userErrors);
      return problem ? fail(problem) : { sourceId: entity.sourceId, ok: true, targetId: existing, created: false };
    }
    const { input, cancelled, trackLater } = toOrderCreateInput(entity, context);
    const data = await deps.client.request<{ orderCreate: { order: { id: string; fulfillmentOrders: { nodes: { id: string }[] } } | null; userErrors: UserError[] } }>(CREATE, {
      order: input, options: CREATE_OPTIONS,
    });
    const created = data.orderCreate.order;
    const problem = userErrorMessage(data.orderCreate.userErrors);
    if (problem || !created) return fail(problem ?? 'no order returned');
    const fulfillmentOrderId = created.fulfillmentOrders.nodes[0]?.id;
    const followUps: string[] = [];
    // The order exists either way: a failed follow-up is reported with its id, so a retry updates it instead of creating it twice.
    const createdThen = { sourceId: entity.sourceId, ok: false as const, targetId: created.id, created: true };
    try {
      if (trackLater && fulfillmentOrderId) {
        const fulfilProblem = await fulfillWithTracking(deps, fulfillmentOrderId, entity);
        if (fulfilProblem) followUps.push(`fulfilment: ${fulfilProblem}`);
      }
      if (cancelled) {
        const cancel = await deps.client.request<{ orderCancel: { orderCancelUserErrors: UserError[] } }>(CANCEL, { orderId: created.id });
        const cancelProblem = userErrorMessage(cancel.orderCancel.orderCancelUserErrors);
        if (cancelProblem) followUps.push(`cancel: ${cancelProblem}`);
      }
    } catch (error) {
      if (!(error instanceof PlatformError) || error.status === 401 || error.status === 403) throw error;
      return { ...createdThen, error: error.message, retryable: error.retryable };
    }
    if (followUps.length > 0) return { ...createdThen, error: followUps.join('; '), retryable: false };
    return { sourceId: entity.sourceId, ok: true, targetId: created.id, created: true };
  },

  async remove({ client }, id) {
    const data = await client.request<{ orderDelete: { deletedId: string | null; userErrors: UserError[] } }>(DELETE, { orderId: id });
    return userErrorMessage(data.orderDelete.userErrors) ?? (data.orderDelete.deletedId ? null : 'not deleted');
  },
};
