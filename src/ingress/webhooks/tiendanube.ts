import type { Milestone } from '../../domain/purchase/events';
import { eventId, record, requiredId, str } from './common';
import { MalformedWebhook, type WebhookParser } from './types';

const milestoneByEvent: Record<string, Milestone> = { 'order/paid': 'payment', 'order/packed': 'processing', 'order/fulfilled': 'dispatch' };

/**
 * Tiendanube / Nuvemshop webhooks: the body is only `{store_id, event, id}`, signed with
 * x-linkedstore-hmac-sha256 (hex HMAC-SHA256 with the app's secret); the workflow fetches the order.
 */
export const tiendanubeWebhooks: WebhookParser = {
  signatureHeader: 'x-linkedstore-hmac-sha256',
  encoding: 'hex',
  secretField: 'appSecret',
  parse(store, body, headers, rawBody) {
    const json = record(body, 'Tiendanube webhook');
    const event = str(json.event);
    if (!event) throw new MalformedWebhook('Tiendanube webhook: "event" is missing');
    if (!event.startsWith('order/')) return { kind: 'ignored', reason: `event ${event} is not followed` };
    const orderId = requiredId(json, 'id', 'Tiendanube webhook');
    return {
      kind: 'event',
      event: {
        eventId: eventId(headers, 'x-tiendanube-delivery-id', rawBody), platform: 'tiendanube', store, orderId, topic: event,
        milestone: event === 'order/cancelled' ? null : milestoneByEvent[event] ?? null,
        receivedAt: new Date().toISOString(),
        order: event === 'order/cancelled' ? { number: orderId, shopperName: null, email: null, phone: null, timeZone: null, delivery: 'carrier', carrier: null, trackingCode: null, trackingUrl: null, cancelled: true } : null,
      },
    };
  },
};
