import { randomUUID } from 'node:crypto';
import type { Milestone } from '../../domain/purchase/events';
import { record, requiredId, str } from './common';
import { ForeignWebhook, MalformedWebhook, type WebhookParser } from './types';

const milestoneByEvent: Record<string, Milestone> = { 'order/paid': 'payment', 'order/packed': 'processing', 'order/fulfilled': 'dispatch' };

/**
 * Tiendanube / Nuvemshop webhooks: the body is only `{store_id, event, id}`, signed with
 * x-linkedstore-hmac-sha256 (hex HMAC-SHA256 with the app's secret); the workflow fetches the order.
 *
 * - Tiendanube "expects a 200 status code in response" and retries anything else 14 times over three days:
 *   an accepted event is answered 200, not 202.
 * - The app's secret is shared by every store that installed the app: `store_id` must be the connection's
 *   store, else 403 (the sender proved it is Tiendanube, not that this store's data may be touched).
 * - There is no delivery id, and every order/updated of one order has the very same body: a key built from
 *   the request would drop each later update (the tracking code added after packing). Each delivery gets
 *   its own event id instead, so each one makes the workflow fetch the order again; the fetched order is
 *   what counts, and a milestone already announced is never announced twice, so a repeated message
 *   ("some messages may be sent multiple times with the same content") costs one read, nothing more.
 */
export const tiendanubeWebhooks: WebhookParser = {
  signatureHeader: 'x-linkedstore-hmac-sha256',
  encoding: 'hex',
  secretField: 'appSecret',
  acceptedStatus: 200,
  parse({ store, connection, body }) {
    const json = record(body, 'Tiendanube webhook');
    const event = str(json.event);
    if (!event) throw new MalformedWebhook('Tiendanube webhook: "event" is missing');
    const storeId = str(json.store_id);
    if (!storeId) throw new MalformedWebhook('Tiendanube webhook: "store_id" is missing');
    if (connection.kind !== 'tiendanube' || storeId !== connection.storeId) {
      throw new ForeignWebhook(`the webhook is about store_id ${storeId}; store "${store}" is ${connection.kind === 'tiendanube' ? `Tiendanube store ${connection.storeId}` : `a ${connection.kind} connection`}`);
    }
    if (!event.startsWith('order/')) return { kind: 'ignored', reason: `event ${event} is not followed` };
    const orderId = requiredId(json, 'id', 'Tiendanube webhook');
    return {
      kind: 'event',
      event: {
        eventId: `tiendanube:${event}:${orderId}:delivery:${randomUUID()}`, platform: 'tiendanube', store, orderId, topic: event,
        milestone: event === 'order/cancelled' ? null : milestoneByEvent[event] ?? null,
        receivedAt: new Date().toISOString(),
        order: event === 'order/cancelled' ? { number: orderId, shopperName: null, email: null, phone: null, timeZone: null, delivery: 'carrier', carrier: null, trackingCode: null, trackingUrl: null, cancelled: true } : null,
      },
    };
  },
};
