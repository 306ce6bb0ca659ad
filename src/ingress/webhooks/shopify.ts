import type { Milestone, OrderSnapshot } from '../../domain/purchase/events';
import { eventId, header, record, requiredId, str } from './common';
import { MalformedWebhook, type WebhookParser } from './types';

type Json = Record<string, unknown>;

function orderSnapshot(order: Json): OrderSnapshot {
  const customer = (order.customer ?? {}) as Json;
  const shipping = (order.shipping_address ?? null) as Json | null;
  const lines = Array.isArray(order.shipping_lines) ? (order.shipping_lines as Json[]) : [];
  const pickup = lines.some((l) => /pick ?up|retiro|retirar/i.test(`${String(l.code ?? '')} ${String(l.title ?? '')}`)) || (!shipping && lines.length === 0);
  const fulfillments = Array.isArray(order.fulfillments) ? (order.fulfillments as Json[]) : [];
  const tracked = fulfillments.find((f) => str(f.tracking_number));
  const name = str(shipping?.name) ?? [str(customer.first_name), str(customer.last_name)].filter(Boolean).join(' ');
  return {
    number: str(order.order_number) ?? str(order.name)?.replace(/^#/, '') ?? requiredId(order, 'id', 'Shopify order'),
    shopperName: name || null,
    email: str(order.email) ?? str(customer.email),
    phone: str(order.phone) ?? str(shipping?.phone) ?? str(customer.phone),
    timeZone: null,
    delivery: pickup ? 'pickup' : 'carrier',
    carrier: str(tracked?.tracking_company),
    trackingCode: str(tracked?.tracking_number),
    trackingUrl: str(tracked?.tracking_url),
    cancelled: !!order.cancelled_at,
  };
}

/**
 * Shopify webhooks (orders/paid, orders/updated, fulfillments/create, fulfillments/update), signed with
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the body with the app's secret).
 */
export const shopifyWebhooks: WebhookParser = {
  signatureHeader: 'x-shopify-hmac-sha256',
  encoding: 'base64',
  secretField: 'webhookSecret',
  parse(store, body, headers, rawBody) {
    const topic = header(headers, 'x-shopify-topic');
    if (!topic) throw new MalformedWebhook('X-Shopify-Topic header is missing');
    const id = eventId(headers, 'x-shopify-webhook-id', rawBody);
    const receivedAt = new Date().toISOString();
    const json = record(body, `Shopify ${topic}`);
    if (topic === 'orders/paid' || topic === 'orders/updated') {
      const order = orderSnapshot(json);
      let milestone: Milestone | null = topic === 'orders/paid' ? 'payment' : null;
      if (topic === 'orders/updated' && json.fulfillment_status === 'fulfilled' && order.trackingCode) milestone = 'dispatch';
      return { kind: 'event', event: { eventId: id, platform: 'shopify', store, orderId: requiredId(json, 'id', 'Shopify order'), topic, milestone, receivedAt, order } };
    }
    if (topic === 'fulfillments/create' || topic === 'fulfillments/update') {
      const status = str(json.status);
      const destination = (json.destination ?? null) as Json | null;
      const order: OrderSnapshot = {
        number: (str(json.name) ?? requiredId(json, 'order_id', 'Shopify fulfillment')).replace(/^#/, '').replace(/\.\d+$/, ''),
        shopperName: str(destination?.name),
        email: str(json.email),
        phone: str(destination?.phone),
        timeZone: null,
        delivery: 'carrier',
        carrier: str(json.tracking_company),
        trackingCode: str(json.tracking_number) ?? (Array.isArray(json.tracking_numbers) ? str(json.tracking_numbers[0]) : null),
        trackingUrl: str(json.tracking_url) ?? (Array.isArray(json.tracking_urls) ? str(json.tracking_urls[0]) : null),
        cancelled: false,
      };
      const milestone: Milestone | null = status === 'success' ? 'dispatch' : status === 'pending' || status === 'open' ? 'processing' : null;
      return { kind: 'event', event: { eventId: id, platform: 'shopify', store, orderId: requiredId(json, 'order_id', 'Shopify fulfillment'), topic, milestone, receivedAt, order } };
    }
    return { kind: 'ignored', reason: `topic ${topic} is not followed` };
  },
};
