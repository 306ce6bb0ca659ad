import type { Order } from '../../../domain/catalog/entities';
import type { Page } from '../../platforms/types';
import type { EspRejectedRecord, EspStepRun } from '../types';
import { klaviyoIntegrationOf } from './integrations';
import type { KlaviyoStepState } from './session';

const PAGE = 100;
/** Profiles per bulk job; Klaviyo accepts up to 1,000 per job, smaller jobs make each retry cheaper. */
const PROFILES_PER_JOB = 100;

/** A Placed Order event in the shape both integrations share for reporting ($value, items, order id). */
function placedOrderEvent(order: Order, service: string, sourcePlatform: string): Record<string, unknown> {
  return {
    type: 'event',
    attributes: {
      properties: {
        OrderId: order.number,
        ItemNames: order.lineItems.map((l) => l.name),
        Items: order.lineItems.map((l) => ({ ProductName: l.name, SKU: l.sku, Quantity: l.quantity, ItemPrice: Number(l.price) })),
        DiscountCodes: order.discountCodes,
        Currency: order.currency,
        SourcePlatform: sourcePlatform,
      },
      time: order.createdAt,
      value: Number(order.total),
      value_currency: order.currency,
      // One id per order: a retried job, or a second run, cannot count an order twice.
      unique_id: `cutover:${sourcePlatform}:order:${order.sourceId}`,
      metric: { data: { type: 'metric', attributes: { name: 'Placed Order', service } } },
    },
  };
}

/**
 * The seed's step 1: purchase history must be under the new integration so reports and segments need only
 * its metrics. When the new Placed Order metric holds fewer events than the old store has orders, the old
 * store's orders are sent as backfill events (they do not fire flows). An order without an email is
 * rejected and reported.
 */
export async function backfillHistory(state: KlaviyoStepState, run: EspStepRun): Promise<{ sent: number; rejected: EspRejectedRecord[]; skipped: boolean; existing: number; orders: number }> {
  const reader = run.services.platform(run.context.sourceStore);
  const orders = await reader.count('orders');
  const placedOrder = state.newMetrics.get('Placed Order');
  const existing = placedOrder ? (await state.api.events(placedOrder, { limit: orders })).length : 0;
  if (existing >= orders) return { sent: 0, rejected: [], skipped: true, existing, orders };
  const service = klaviyoIntegrationOf[run.context.targetPlatform].key;
  const rejected: EspRejectedRecord[] = [];
  let sent = 0;
  let cursor: string | null = null;
  do {
    const page: Page<Order> = await reader.listPage('orders', cursor, PAGE);
    rejected.push(...page.rejected.map((r) => ({ id: `order ${r.sourceId}`, reason: r.reason })));
    const byEmail = new Map<string, Record<string, unknown>[]>();
    for (const order of page.items) {
      if (!order.email) { rejected.push({ id: `order ${order.number}`, reason: 'no email: Klaviyo needs a profile identifier' }); continue; }
      byEmail.set(order.email, [...(byEmail.get(order.email) ?? []), placedOrderEvent(order, service, run.context.sourcePlatform)]);
    }
    const profiles = [...byEmail].map(([email, events]) => ({ email, events }));
    for (let i = 0; i < profiles.length; i += PROFILES_PER_JOB) {
      const batch = profiles.slice(i, i + PROFILES_PER_JOB);
      await state.api.bulkCreateEvents(batch);
      sent += batch.reduce((n, p) => n + p.events.length, 0);
    }
    run.services.heartbeat({ sent });
    cursor = page.nextCursor;
  } while (cursor);
  return { sent, rejected, skipped: false, existing, orders };
}
