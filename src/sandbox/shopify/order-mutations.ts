import { GraphQLError } from 'graphql';
import { gid, parseGid } from './ids';
import { addressFromInput, cleanTags, isFuture, userError, type AddressInput, type UserError } from './input-helpers';
import { parseAmount } from './money';
import type { FulfillmentRecord, LineItemRecord, OrderRecord, TaxLineRecord } from './records';
import type { ShopStore } from './store';
import { fulfillmentStatusOf, fulfillmentView, orderTotals, orderView } from './views';

interface MoneyBagInput { shopMoney: { amount: string | number; currencyCode: string } }
interface TaxLineInput { title: string; rate: string | number; priceSet?: MoneyBagInput | null }

interface OrderCreateInput {
  billingAddress?: AddressInput | null; shippingAddress?: AddressInput | null; currency?: string | null;
  customAttributes?: { key: string; value: string }[] | null;
  customer?: { toAssociate?: { id?: string | null } | null; toUpsert?: { email?: string | null; firstName?: string | null; lastName?: string | null; phone?: string | null } | null } | null;
  discountCode?: {
    itemFixedDiscountCode?: { code: string; amountSet?: MoneyBagInput | null } | null;
    itemPercentageDiscountCode?: { code: string; percentage?: number | null } | null;
    freeShippingDiscountCode?: { code: string } | null;
  } | null;
  email?: string | null; financialStatus?: string | null;
  fulfillment?: { locationId: string; trackingCompany?: string | null; trackingNumber?: string | null } | null;
  fulfillmentStatus?: 'FULFILLED' | 'PARTIAL' | 'RESTOCKED' | null;
  lineItems?: { variantId?: string | null; title?: string | null; sku?: string | null; quantity: number; priceSet?: MoneyBagInput | null; taxLines?: TaxLineInput[] | null }[] | null;
  name?: string | null; note?: string | null; phone?: string | null; processedAt?: string | null; closedAt?: string | null;
  shippingLines?: { title: string; priceSet: MoneyBagInput; code?: string | null }[] | null;
  tags?: string[] | null; taxesIncluded?: boolean | null; taxLines?: TaxLineInput[] | null; test?: boolean | null;
  transactions?: { kind?: string | null; status?: string | null; amountSet: MoneyBagInput; gateway?: string | null; processedAt?: string | null }[] | null;
}

type Payload = { order: object | null; userErrors: UserError[] };

const amountOf = (bag: MoneyBagInput | null | undefined): number => (bag ? parseAmount(bag.shopMoney.amount) ?? 0 : 0);

/**
 * A tax line's `rate` is "the proportion of the item price that the tax represents as a decimal" (0.21 for
 * 21 %): one outside 0..1 is a percentage sent by mistake, refused rather than recorded as a 2,100 % tax.
 */
function taxLines(lines: TaxLineInput[] | null | undefined, field: string[], errors: UserError[]): TaxLineRecord[] {
  return (lines ?? []).map((t, i) => {
    const rate = Number(t.rate);
    if (!(rate >= 0 && rate <= 1)) errors.push(userError([...field, String(i), 'rate'], `Rate must be a decimal between 0 and 1 (0.21 for 21%), got ${String(t.rate)}`, 'INVALID'));
    return { title: t.title, rate, price: amountOf(t.priceSet) };
  });
}

function buildLineItems(store: ShopStore, input: OrderCreateInput, errors: UserError[]): LineItemRecord[] {
  return (input.lineItems ?? []).flatMap((line, i): LineItemRecord[] => {
    const field = ['order', 'lineItems', String(i)];
    if (line.quantity < 1) errors.push(userError([...field, 'quantity'], 'Quantity must be greater than 0', 'INVALID'));
    if (line.variantId) {
      const variant = store.variants.get(parseGid(line.variantId, 'ProductVariant') ?? -1);
      if (!variant) {
        errors.push(userError([...field, 'variantId'], 'Product variant does not exist', 'PRODUCT_VARIANT_NOT_FOUND'));
        return [];
      }
      const product = store.products.get(variant.productId);
      const variantTitle = variant.selectedOptions.map((o) => o.value).join(' / ');
      const title = line.title ?? product?.title ?? '';
      const name = line.title ?? (variantTitle && variantTitle !== 'Default Title' ? `${title} - ${variantTitle}` : title);
      return [{
        id: store.newId(), title, name, sku: line.sku ?? variant.sku, quantity: line.quantity,
        price: line.priceSet ? amountOf(line.priceSet) : variant.price, variantId: variant.id, productId: variant.productId, taxLines: taxLines(line.taxLines, [...field, 'taxLines'], errors),
      }];
    }
    if (!line.title) errors.push(userError([...field, 'title'], "Title can't be blank for a custom line item", 'BLANK'));
    if (!line.priceSet) errors.push(userError([...field, 'priceSet'], "Price can't be blank for a custom line item", 'BLANK'));
    return [{
      id: store.newId(), title: line.title ?? '', name: line.title ?? '', sku: line.sku ?? null, quantity: line.quantity,
      price: amountOf(line.priceSet), variantId: null, productId: null, taxLines: taxLines(line.taxLines, [...field, 'taxLines'], errors),
    }];
  });
}

function resolveCustomer(store: ShopStore, input: OrderCreateInput, errors: UserError[]): number | null {
  const associate = input.customer?.toAssociate;
  if (associate?.id) {
    const id = parseGid(associate.id, 'Customer');
    if (id === null || !store.customers.has(id)) errors.push(userError(['order', 'customer', 'toAssociate', 'id'], 'Customer does not exist', 'INVALID'));
    return id;
  }
  const upsert = input.customer?.toUpsert;
  if (upsert?.email) {
    const existing = [...store.customers.values()].find((c) => c.email?.toLowerCase() === upsert.email?.toLowerCase());
    if (existing) return existing.id;
    const now = store.now();
    const id = store.newId();
    store.customers.set(id, {
      id, email: upsert.email, phone: upsert.phone ?? null, firstName: upsert.firstName ?? null, lastName: upsert.lastName ?? null, note: null, tags: [],
      addresses: [], emailMarketingConsent: { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null },
      smsMarketingConsent: null, createdAt: now, updatedAt: now,
    });
    return id;
  }
  return null;
}

function financialStatus(order: OrderRecord, requested: string | null | undefined): string {
  if (requested) return requested;
  const paid = order.transactions.filter((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE')).reduce((s, t) => s + t.amount, 0);
  const refunded = order.transactions.filter((t) => t.status === 'SUCCESS' && t.kind === 'REFUND').reduce((s, t) => s + t.amount, 0);
  const total = orderTotals(order).total;
  if (refunded > 0) return refunded >= paid ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (paid > 0) return paid >= total ? 'PAID' : 'PARTIALLY_PAID';
  if (order.transactions.some((t) => t.status === 'SUCCESS' && t.kind === 'AUTHORIZATION')) return 'AUTHORIZED';
  return 'PENDING';
}

export function orderCreate(store: ShopStore, { order: input }: { order: OrderCreateInput }): Payload {
  const errors: UserError[] = [];
  const lineItems = buildLineItems(store, input, errors);
  if (lineItems.length === 0 && errors.length === 0) errors.push(userError(['order', 'lineItems'], 'Line items must have at least one line item', 'BLANK'));
  if (isFuture(store, input.processedAt)) errors.push(userError(['order', 'processedAt'], "Processed at can't be in the future", 'INVALID'));
  if (input.fulfillment && !store.locations.has(parseGid(input.fulfillment.locationId, 'Location') ?? -1)) {
    errors.push(userError(['order', 'fulfillment', 'locationId'], 'Location does not exist', 'INVALID'));
  }
  const orderTaxLines = taxLines(input.taxLines, ['order', 'taxLines'], errors);
  const customerId = resolveCustomer(store, input, errors);
  if (errors.length > 0) return { order: null, userErrors: errors };

  const now = store.now();
  const currency = input.currency ?? store.shop.currencyCode;
  const discount = input.discountCode;
  const lineTotal = lineItems.reduce((s, l) => s + l.price * l.quantity, 0);
  const discountAmount = discount?.itemFixedDiscountCode ? amountOf(discount.itemFixedDiscountCode.amountSet)
    : discount?.itemPercentageDiscountCode ? Math.round((lineTotal * (discount.itemPercentageDiscountCode.percentage ?? 0)) / 100) : 0;
  const code = discount?.itemFixedDiscountCode?.code ?? discount?.itemPercentageDiscountCode?.code ?? discount?.freeShippingDiscountCode?.code;
  const order: OrderRecord = {
    id: store.newId(), name: input.name ?? store.nextOrderName(), email: input.email ?? null, phone: input.phone ?? null, customerId, currency, lineItems,
    billingAddress: addressFromInput(store, input.billingAddress), shippingAddress: addressFromInput(store, input.shippingAddress),
    shippingLines: (input.shippingLines ?? []).map((s) => ({ id: store.newId(), title: s.title, code: s.code ?? null, price: amountOf(s.priceSet) })),
    taxLines: orderTaxLines, taxesIncluded: input.taxesIncluded ?? false, discountCodes: code ? [code] : [], totalDiscounts: discountAmount,
    financialStatus: 'PENDING', fulfillmentOrderId: store.newId(), fulfillments: [],
    transactions: (input.transactions ?? []).map((t) => ({
      id: store.newId(), kind: t.kind ?? 'SALE', status: t.status ?? 'SUCCESS', amount: amountOf(t.amountSet), gateway: t.gateway ?? 'manual', processedAt: t.processedAt ?? input.processedAt ?? now,
    })),
    note: input.note ?? null, tags: cleanTags(input.tags), customAttributes: (input.customAttributes ?? []).map((a) => ({ key: a.key, value: a.value })),
    processedAt: input.processedAt ?? now, createdAt: now, updatedAt: now, cancelledAt: null, cancelReason: null, closedAt: input.closedAt ?? null, test: input.test ?? false,
  };
  order.financialStatus = financialStatus(order, input.financialStatus);
  const fulfilled = input.fulfillmentStatus === 'FULFILLED' || (input.fulfillment && input.fulfillmentStatus !== 'PARTIAL');
  if (fulfilled || input.fulfillmentStatus === 'PARTIAL') {
    order.fulfillments.push({
      id: store.newId(), status: 'SUCCESS', createdAt: now,
      lineItemIds: fulfilled ? lineItems.map((l) => l.id) : lineItems.slice(0, 1).map((l) => l.id),
      tracking: input.fulfillment?.trackingNumber || input.fulfillment?.trackingCompany
        ? [{ company: input.fulfillment.trackingCompany ?? null, number: input.fulfillment.trackingNumber ?? null, url: null }] : [],
    });
  }
  store.orders.set(order.id, order);
  return { order: orderView(store, order), userErrors: [] };
}

export function orderUpdate(store: ShopStore, { input }: { input: { id: string; email?: string | null; note?: string | null; tags?: string[] | null; customAttributes?: { key: string; value: string }[] | null; shippingAddress?: AddressInput | null } }): Payload {
  const order = store.order(parseGid(input.id, 'Order'));
  if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
  if (input.email !== undefined) order.email = input.email ?? null;
  if (input.note !== undefined) order.note = input.note ?? null;
  if (input.tags !== undefined) order.tags = cleanTags(input.tags);
  if (input.customAttributes) order.customAttributes = input.customAttributes.map((a) => ({ key: a.key, value: a.value }));
  if (input.shippingAddress) order.shippingAddress = addressFromInput(store, input.shippingAddress);
  order.updatedAt = store.now();
  return { order: orderView(store, order), userErrors: [] };
}

export function orderDelete(store: ShopStore, { orderId }: { orderId: string }): { deletedId: string | null; userErrors: UserError[] } {
  const id = parseGid(orderId, 'Order');
  if (!store.order(id) || id === null || !store.orders.delete(id)) return { deletedId: null, userErrors: [userError(['orderId'], 'Order does not exist', 'NOT_FOUND')] };
  return { deletedId: gid('Order', id), userErrors: [] };
}

export function orderCancel(store: ShopStore, args: { orderId: string; reason: string; refund?: boolean | null; refundMethod?: { originalPaymentMethodsRefund?: boolean | null; storeCreditRefund?: unknown } | null; staffNote?: string | null }): { job: object | null; orderCancelUserErrors: UserError[]; userErrors: UserError[] } {
  const order = store.order(parseGid(args.orderId, 'Order'));
  const fail = (e: UserError): { job: null; orderCancelUserErrors: UserError[]; userErrors: UserError[] } => ({ job: null, orderCancelUserErrors: [e], userErrors: [e] });
  if (!order) return fail(userError(['orderId'], 'Order does not exist', 'NOT_FOUND'));
  if (order.cancelledAt) return fail(userError(['orderId'], 'Order has already been cancelled', 'INVALID'));
  if (args.refund != null && args.refundMethod) return fail(userError(['refundMethod'], 'Provide refundMethod or the deprecated refund, not both', 'INVALID'));
  if (args.refundMethod?.storeCreditRefund) throw new GraphQLError('orderCancel refundMethod.storeCreditRefund is not simulated', { extensions: { code: 'NOT_SIMULATED' } });
  const refund = args.refund ?? args.refundMethod?.originalPaymentMethodsRefund ?? false;
  order.cancelledAt = store.now();
  order.cancelReason = args.reason;
  if (refund && (order.financialStatus === 'PAID' || order.financialStatus === 'PARTIALLY_PAID')) order.financialStatus = 'REFUNDED';
  if (order.financialStatus === 'AUTHORIZED' || order.financialStatus === 'PENDING') order.financialStatus = 'VOIDED';
  order.updatedAt = order.cancelledAt;
  return { job: { id: gid('Job', store.newId()), done: true }, orderCancelUserErrors: [], userErrors: [] };
}

interface TrackingInput { company?: string | null; number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null }

/**
 * FulfillmentTrackingInput's documented rules: "If you provide the url field, you should not provide the urls
 * field. If you provide the number field, you should not provide the numbers field. If you provide the url
 * field, you should provide the number field. If you provide the urls field, you should provide the numbers
 * field." The simulator holds callers to them.
 */
function trackingProblems(tracking: TrackingInput | null | undefined, field: string[]): UserError[] {
  if (!tracking) return [];
  const problems: UserError[] = [];
  if (tracking.url != null && tracking.urls != null) problems.push(userError([...field, 'urls'], 'Provide url or urls, not both'));
  if (tracking.number != null && tracking.numbers != null) problems.push(userError([...field, 'numbers'], 'Provide number or numbers, not both'));
  if (tracking.url != null && tracking.number == null) problems.push(userError([...field, 'number'], 'A tracking url needs its tracking number'));
  if (tracking.urls != null && tracking.urls.length > 0 && tracking.numbers == null) problems.push(userError([...field, 'numbers'], 'Tracking urls need their tracking numbers'));
  return problems;
}

function trackingRecords(tracking: TrackingInput | null | undefined): FulfillmentRecord['tracking'] {
  const numbers = tracking?.numbers ?? (tracking?.number ? [tracking.number] : []);
  const urls = tracking?.urls ?? (tracking?.url ? [tracking.url] : []);
  const count = Math.max(numbers.length, urls.length, tracking?.company ? 1 : 0);
  return Array.from({ length: count }, (_, i) => ({ company: tracking?.company ?? null, number: numbers[i] ?? null, url: urls[i] ?? null }));
}

interface FulfillmentInput {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
  trackingInfo?: TrackingInput | null;
}

export function fulfillmentCreate(store: ShopStore, { fulfillment: input }: { fulfillment: FulfillmentInput }): { fulfillment: object | null; userErrors: UserError[] } {
  const group = input.lineItemsByFulfillmentOrder[0];
  const fulfillmentOrderId = parseGid(group?.fulfillmentOrderId, 'FulfillmentOrder');
  const order = store.visibleOrders().find((o) => o.fulfillmentOrderId === fulfillmentOrderId);
  if (!group || !order) return { fulfillment: null, userErrors: [userError(['fulfillment', 'lineItemsByFulfillmentOrder'], 'Fulfillment order does not exist.')] };
  const done = new Set(order.fulfillments.filter((f) => f.status === 'SUCCESS').flatMap((f) => f.lineItemIds));
  if (order.cancelledAt || fulfillmentStatusOf(order) === 'FULFILLED') {
    return { fulfillment: null, userErrors: [userError(['fulfillment'], `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= closed.`)] };
  }
  const problems = trackingProblems(input.trackingInfo, ['fulfillment', 'trackingInfo']);
  if (problems.length > 0) return { fulfillment: null, userErrors: problems };
  // Fulfillment order line items share the order line items' numbers here.
  const wanted = group.fulfillmentOrderLineItems?.map((l) => parseGid(l.id, 'FulfillmentOrderLineItem') ?? -1);
  const lineItemIds = order.lineItems.map((l) => l.id).filter((id) => !done.has(id) && (!wanted || wanted.includes(id)));
  const record: FulfillmentRecord = { id: store.newId(), status: 'SUCCESS', createdAt: store.now(), lineItemIds, tracking: trackingRecords(input.trackingInfo) };
  order.fulfillments.push(record);
  order.updatedAt = store.now();
  return { fulfillment: fulfillmentView(record), userErrors: [] };
}

export function fulfillmentTrackingInfoUpdate(
  store: ShopStore,
  args: { fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer?: boolean | null },
): { fulfillment: object | null; userErrors: UserError[] } {
  const id = parseGid(args.fulfillmentId, 'Fulfillment');
  const order = store.visibleOrders().find((o) => o.fulfillments.some((f) => f.id === id));
  const record = order?.fulfillments.find((f) => f.id === id);
  if (!order || !record) return { fulfillment: null, userErrors: [userError(['fulfillmentId'], 'Fulfillment does not exist.')] };
  if (record.status === 'CANCELLED') return { fulfillment: null, userErrors: [userError(['fulfillmentId'], 'Tracking of a cancelled fulfillment cannot be updated.')] };
  const problems = trackingProblems(args.trackingInfoInput, ['trackingInfoInput']);
  if (problems.length > 0) return { fulfillment: null, userErrors: problems };
  record.tracking = trackingRecords(args.trackingInfoInput);
  order.updatedAt = store.now();
  return { fulfillment: fulfillmentView(record), userErrors: [] };
}

const PAID_ALREADY = ['PAID', 'REFUNDED', 'PARTIALLY_REFUNDED', 'VOIDED'];

/**
 * "An order can be marked as paid only if it has a positive outstanding balance and its financial status isn't
 * already PAID"; it then records a sale for the outstanding amount, or captures an authorization.
 */
export function orderMarkAsPaid(store: ShopStore, { input }: { input: { id: string } }): Payload {
  const order = store.order(parseGid(input.id, 'Order'));
  if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
  const paid = order.transactions.filter((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE')).reduce((sum, t) => sum + t.amount, 0);
  const outstanding = orderTotals(order).total - paid;
  if (order.cancelledAt || PAID_ALREADY.includes(order.financialStatus) || outstanding <= 0) {
    return { order: null, userErrors: [userError(['id'], 'Order cannot be marked as paid.')] };
  }
  const now = store.now();
  const authorized = order.transactions.some((t) => t.status === 'SUCCESS' && t.kind === 'AUTHORIZATION');
  order.transactions.push({ id: store.newId(), kind: authorized ? 'CAPTURE' : 'SALE', status: 'SUCCESS', amount: outstanding, gateway: 'manual', processedAt: now });
  order.financialStatus = 'PAID';
  order.updatedAt = now;
  return { order: orderView(store, order), userErrors: [] };
}

/** Closing is a state of its own: a closed order stays as it was, and closing it again is refused. */
export function orderClose(store: ShopStore, { input }: { input: { id: string } }): Payload {
  const order = store.order(parseGid(input.id, 'Order'));
  if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
  if (order.closedAt) return { order: null, userErrors: [userError(['id'], 'Order is already closed.')] };
  order.closedAt = store.now();
  order.updatedAt = order.closedAt;
  return { order: orderView(store, order), userErrors: [] };
}
