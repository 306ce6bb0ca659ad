import type { Milestone, OrderSnapshot } from '../../domain/purchase/events';
import { shopperTimeZoneOf } from '../../domain/purchase/time-zones';
import { bodyHash, header, record, requiredId, str } from './common';
import { MalformedWebhook, type WebhookParser } from './types';

type Json = Record<string, unknown>;

/** WooCommerce statuses → milestone. "packing"-like statuses come from common order-status plugins. */
const milestoneByStatus: Record<string, Milestone> = {
  processing: 'payment',
  preparing: 'processing',
  packing: 'processing',
  packed: 'processing',
  'ready-to-ship': 'processing',
  shipped: 'dispatch',
  completed: 'dispatch',
};

function meta(order: Json, key: string): string | null {
  const entries = Array.isArray(order.meta_data) ? (order.meta_data as Json[]) : [];
  return str(entries.find((m) => m.key === key)?.value);
}

/** Tracking from the common plugins: Shipment Tracking's items, or plain _tracking_* meta. */
function tracking(order: Json): { carrier: string | null; code: string | null; url: string | null } {
  const entries = Array.isArray(order.meta_data) ? (order.meta_data as Json[]) : [];
  const items = entries.find((m) => m.key === '_wc_shipment_tracking_items')?.value;
  if (Array.isArray(items) && items[0] && typeof items[0] === 'object') {
    const item = items[0] as Json;
    return { carrier: str(item.tracking_provider) ?? str(item.custom_tracking_provider), code: str(item.tracking_number), url: str(item.custom_tracking_link) };
  }
  return { carrier: meta(order, '_tracking_provider'), code: meta(order, '_tracking_number'), url: meta(order, '_tracking_url') };
}

/** WooCommerce's activation ping: the form body `webhook_id=<id>`, and nothing else (class-wc-webhook.php, deliver_ping). */
const PING = /^webhook_id=\d+$/;

/**
 * WooCommerce's order.updated (and order.created) webhooks, signed with X-WC-Webhook-Signature (base64
 * HMAC-SHA256 of the body with the webhook's secret).
 *
 * Saving a webhook as active sends an UNSIGNED ping (`webhook_id=<id>`, no X-WC-* headers) and refuses
 * to activate unless the answer is exactly 200: it is answered 200 and starts nothing; any other unsigned
 * request is still refused by the signature check.
 *
 * X-WC-Webhook-Delivery-ID is wp_hash(webhook id . current second): two deliveries of one webhook within a
 * second share it, though they carry different changes. The dedupe key is that id AND the hash of the body:
 * a repeat of the same delivery matches both; a second status change has another body (another status,
 * date_modified), so it counts.
 */
export const wooCommerceWebhooks: WebhookParser = {
  signatureHeader: 'x-wc-webhook-signature',
  encoding: 'base64',
  secretField: 'webhookSecret',
  acceptedStatus: 202,
  isPing: (_headers, rawBody) => PING.test(rawBody.toString('utf8').trim()),
  parse({ store, body, headers, rawBody }) {
    const topic = header(headers, 'x-wc-webhook-topic');
    if (!topic) throw new MalformedWebhook('X-WC-Webhook-Topic header is missing');
    if (topic !== 'order.updated' && topic !== 'order.created') return { kind: 'ignored', reason: `topic ${topic} is not followed` };
    const order = record(body, `WooCommerce ${topic}`);
    const status = str(order.status);
    if (!status) throw new MalformedWebhook('WooCommerce order: "status" is missing');
    const billing = (order.billing ?? {}) as Json;
    const shipping = (order.shipping ?? {}) as Json;
    const lines = Array.isArray(order.shipping_lines) ? (order.shipping_lines as Json[]) : [];
    const t = tracking(order);
    const snapshot: OrderSnapshot = {
      number: str(order.number) ?? requiredId(order, 'id', 'WooCommerce order'),
      shopperName: [str(billing.first_name), str(billing.last_name)].filter(Boolean).join(' ') || null,
      email: str(billing.email),
      phone: str(billing.phone) ?? str(shipping.phone),
      timeZone: shopperTimeZoneOf({ country: str(shipping.country), region: str(shipping.state) }, { country: str(billing.country), region: str(billing.state) }),
      delivery: lines.some((l) => l.method_id === 'local_pickup' || l.method_id === 'pickup_location') ? 'pickup' : 'carrier',
      carrier: t.carrier,
      trackingCode: t.code,
      trackingUrl: t.url,
      cancelled: ['cancelled', 'refunded', 'failed'].includes(status),
    };
    return {
      kind: 'event',
      event: {
        eventId: `woocommerce:${topic}:${header(headers, 'x-wc-webhook-delivery-id') ?? 'no-delivery-id'}:${bodyHash(rawBody)}`,
        platform: 'woocommerce', store, orderId: requiredId(order, 'id', 'WooCommerce order'), topic,
        milestone: milestoneByStatus[status] ?? null, receivedAt: new Date().toISOString(), order: snapshot,
      },
    };
  },
};
