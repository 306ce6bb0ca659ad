import type { Order } from '../../../domain/catalog/entities';
import type { FieldWrite, WriteContext } from '../types';
import { userErrorMessage, type UserError } from './graphql-client';
import type { HandlerDeps } from './handler';
import { financialStatusOf, fulfillmentStatusOf, targetStatus } from './order-status';

/**
 * An order already on Shopify is history: its lines and money are fixed, and each change of state is a
 * mutation of its own (Shopify has no single order status to write). So smart update's order fields go
 * field by field: status through orderMarkAsPaid, fulfillmentCreate, orderCancel and orderClose; tracking
 * through fulfillmentCreate (a new shipment) or fulfillmentTrackingInfoUpdate (a changed number or carrier);
 * status history in the order's custom attributes, where the migration put it. What Shopify cannot do (take
 * a cancellation or a payment back, refund without the refunded lines) is reported as unsupported-on-target.
 */

const FULFILLMENTS_READ = 20;
const STATE = `query CutoverOrderState($id: ID!) {
  order(id: $id) {
    id cancelledAt closed displayFinancialStatus displayFulfillmentStatus note email customAttributes { key value }
    fulfillments(first: ${FULFILLMENTS_READ}) { id status createdAt trackingInfo(first: 10) { company number url } }
    fulfillmentOrders(first: 10) { nodes { id status } }
  }
}`;
const MARK_PAID = `mutation CutoverOrderMarkAsPaid($input: OrderMarkAsPaidInput!) { orderMarkAsPaid(input: $input) { order { id } userErrors { field message } } }`;
const CLOSE = `mutation CutoverOrderClose($input: OrderCloseInput!) { orderClose(input: $input) { order { id } userErrors { field message } } }`;
const CANCEL = `mutation CutoverOrderCancelLater($orderId: ID!, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: OTHER, restock: false, notifyCustomer: false, staffNote: $staffNote) { job { id } orderCancelUserErrors { field message } }
}`;
const FULFILL = `mutation CutoverShipment($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } } }`;
const TRACKING_UPDATE = `mutation CutoverTrackingUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!) {
  fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: false) { fulfillment { id } userErrors { field message } }
}`;
const UPDATE = `mutation CutoverOrderAttributes($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }`;

interface TrackingInfo { company: string | null; number: string | null; url: string | null }
interface OrderState {
  id: string; cancelledAt: string | null; closed: boolean; displayFinancialStatus: string | null; displayFulfillmentStatus: string;
  note: string | null; email: string | null; customAttributes: { key: string; value: string | null }[];
  fulfillments: { id: string; status: string; createdAt: string; trackingInfo: TrackingInfo[] }[];
  fulfillmentOrders: { nodes: { id: string; status: string }[] };
}

type Shipment = Order['shipments'][number];

/** FulfillmentTrackingInput: one company for the parcel(s), a number per parcel, URLs only beside numbers. */
export function trackingInput(shipments: readonly Shipment[]): Record<string, unknown> {
  const carrier = shipments.find((s) => s.carrier)?.carrier;
  const withUrls = shipments.every((s) => s.trackingUrl);
  return {
    ...(carrier ? { company: carrier } : {}),
    numbers: shipments.map((s) => s.trackingNumber ?? ''),
    ...(withUrls && shipments.length > 0 ? { urls: shipments.map((s) => s.trackingUrl as string) } : {}),
  };
}

const trackingKey = (t: { number: string | null; company: string | null }): string => `${t.number ?? ''}|${(t.company ?? '').toLowerCase()}`;

export async function updateOrderFields(
  deps: HandlerDeps, targetId: string, merged: Order, fields: readonly string[], context: WriteContext,
  writeAttributes: (order: Order, tracked: boolean) => { key: string; value: string }[],
): Promise<FieldWrite[]> {
  const results: FieldWrite[] = [];
  const state = (await deps.client.request<{ order: OrderState | null }>(STATE, { id: targetId })).order;
  if (!state) return fields.map((field) => ({ field, outcome: 'failed', reason: `order ${targetId} is no longer on Shopify`, retryable: false }));
  const call = async (document: string, name: string, variables: Record<string, unknown>): Promise<string | null> => {
    const data = await deps.client.request<Record<string, { userErrors?: UserError[]; orderCancelUserErrors?: UserError[] }>>(document, variables);
    const payload = data[name];
    return userErrorMessage(payload?.orderCancelUserErrors ?? payload?.userErrors) ?? null;
  };
  const openFulfillmentOrders = state.fulfillmentOrders.nodes.filter((f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS');
  const shipped = state.fulfillments.filter((f) => f.status === 'SUCCESS');
  const wantedShipments = merged.shipments.filter((s) => s.trackingNumber || s.trackingUrl);
  let cancelled = state.cancelledAt !== null;
  let fulfilled = state.displayFulfillmentStatus === 'FULFILLED';
  let trackingShipped = false;
  let trackedFulfilment = shipped.some((f) => f.trackingInfo.length > 0);

  /** One new shipment over every open fulfillment order, with the order's tracking when it has some. */
  const ship = async (shipments: readonly Shipment[]): Promise<string | null> => {
    if (openFulfillmentOrders.length === 0) return 'the order has no open fulfillment order';
    const problem = await call(FULFILL, 'fulfillmentCreate', {
      fulfillment: {
        lineItemsByFulfillmentOrder: openFulfillmentOrders.map((f) => ({ fulfillmentOrderId: f.id })), notifyCustomer: false,
        ...(shipments.length > 0 ? { trackingInfo: trackingInput(shipments) } : {}),
      },
    });
    if (!problem) { fulfilled = true; trackedFulfilment ||= shipments.length > 0; }
    return problem;
  };

  if (fields.includes('status')) {
    const wanted = targetStatus(merged, context.orderStatusMap);
    const financial = financialStatusOf(state.displayFinancialStatus);
    const done: string[] = [];
    const unsupported: string[] = [];
    let failed: string | null = null;
    if (cancelled && !wanted.cancelled) unsupported.push('Shopify cannot restore a cancelled order');
    if (!cancelled && !wanted.cancelled) {
      if (wanted.financialStatus === 'paid' && ['pending', 'authorized', 'partially_paid'].includes(financial)) {
        failed = await call(MARK_PAID, 'orderMarkAsPaid', { input: { id: targetId } });
        if (!failed) done.push('marked as paid');
      } else if (wanted.financialStatus !== financial && !(wanted.financialStatus === 'paid' && financial === 'paid')) {
        unsupported.push(`payment "${financial}" → "${wanted.financialStatus}" has no Shopify mutation without the refunded lines or the payment taken back`);
      }
      if (!failed && wanted.fulfillmentStatus === 'fulfilled' && !fulfilled) {
        // The shipment carries the order's tracking when that is synchronised too; otherwise the target's own.
        failed = await ship(wantedShipments);
        if (!failed) { done.push('fulfilled'); trackingShipped = wantedShipments.length > 0; }
      } else if (wanted.fulfillmentStatus === 'partial' && fulfillmentStatusOf(state.displayFulfillmentStatus) === 'unfulfilled') {
        unsupported.push('a partial fulfilment needs the shipped lines, which the source status does not give');
      } else if (wanted.fulfillmentStatus === 'unfulfilled' && fulfilled) {
        unsupported.push('Shopify keeps a fulfilment once made (it would have to be cancelled by hand)');
      }
    }
    if (!failed && wanted.cancelled && !cancelled) {
      failed = await call(CANCEL, 'orderCancel', { orderId: targetId, staffNote: `Cancelled on the previous store (${merged.sourceStatus})` });
      if (!failed) { done.push('cancelled'); cancelled = true; }
    }
    // A paid, fulfilled order is done with: Shopify closes (archives) it, as it does on its own by default.
    if (!failed && !cancelled && fulfilled && wanted.financialStatus === 'paid' && !state.closed && wanted.fulfillmentStatus === 'fulfilled') {
      failed = await call(CLOSE, 'orderClose', { input: { id: targetId } });
      if (!failed) done.push('closed');
    }
    if (failed) results.push({ field: 'status', outcome: 'failed', reason: `${done.length ? `${done.join(', ')}; then ` : ''}${failed}`, retryable: false });
    else if (unsupported.length) results.push({ field: 'status', outcome: 'unsupported-on-target', reason: [...(done.length ? [`${done.join(', ')}, but`] : []), ...unsupported].join('; ') });
    else results.push({ field: 'status', outcome: 'written' });
  }

  let keepShipmentsInAttributes = false;
  if (fields.includes('tracking')) {
    const have = shipped.flatMap((f) => f.trackingInfo);
    const same = !trackingShipped && [...have.map(trackingKey)].sort().join() === [...wantedShipments.map((s) => trackingKey({ number: s.trackingNumber, company: s.carrier }))].sort().join();
    let problem: string | null = null;
    if (trackingShipped || same || wantedShipments.length === 0 && have.length === 0) {
      // Shipped with the status above, or nothing to change.
    } else if (shipped.length > 0) {
      // Parcels already on other fulfilments stay there; the rest (a new number, a changed carrier) go on the latest.
      const last = shipped[shipped.length - 1] as OrderState['fulfillments'][number];
      const elsewhere = new Set(shipped.slice(0, -1).flatMap((f) => f.trackingInfo.map((t) => t.number ?? '')));
      const onLast = wantedShipments.filter((s) => !elsewhere.has(s.trackingNumber ?? ''));
      if (onLast.length === 0) problem = 'a tracking number was removed from an earlier shipment, which Shopify keeps';
      else problem = await call(TRACKING_UPDATE, 'fulfillmentTrackingInfoUpdate', { fulfillmentId: last.id, trackingInfoInput: trackingInput(onLast) });
      if (!problem) trackedFulfilment = true;
    } else if (!cancelled && openFulfillmentOrders.length > 0 && wantedShipments.length > 0) {
      problem = await ship(wantedShipments);
    } else {
      // A cancelled order cannot ship: its parcels are kept in the attributes, where the reader finds them.
      keepShipmentsInAttributes = !trackedFulfilment;
    }
    if (problem?.startsWith('a tracking number was removed')) results.push({ field: 'tracking', outcome: 'unsupported-on-target', reason: problem });
    else if (problem) results.push({ field: 'tracking', outcome: 'failed', reason: problem, retryable: false });
    else results.push({ field: 'tracking', outcome: 'written' });
  }

  if (fields.includes('statusHistory') || fields.includes('status') || keepShipmentsInAttributes) {
    const problem = await call(UPDATE, 'orderUpdate', { input: { id: targetId, customAttributes: writeAttributes(merged, trackedFulfilment) } });
    if (fields.includes('statusHistory')) results.push(problem ? { field: 'statusHistory', outcome: 'failed', reason: problem, retryable: false } : { field: 'statusHistory', outcome: 'written' });
  }
  for (const field of fields.filter((f) => !results.some((r) => r.field === f))) {
    if (field === 'shipping') results.push({ field, outcome: 'unsupported-on-target', reason: 'a placed order\'s shipping lines are fixed on Shopify (order editing is not used for history)' });
    else results.push({ field, outcome: 'unsupported-on-target', reason: `Cutover does not write "${field}" on Shopify orders` });
  }
  return results;
}
