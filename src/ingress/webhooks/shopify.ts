import type { IncomingHttpHeaders } from 'node:http';
import type { Milestone, OrderSnapshot } from '../../domain/purchase/events';
import { shopperTimeZoneOf } from '../../domain/purchase/time-zones';
import { bodyHash, header, record, requiredId, str } from './common';
import { ForeignWebhook, MalformedWebhook, type WebhookParser } from './types';

type Json = Record<string, unknown>;

/** Where a Shopify address is: its country and province codes (names when a shop has no codes). */
function place(address: Json | null): { country: string | null; region: string | null } {
  return { country: str(address?.country_code), region: str(address?.province_code) ?? str(address?.province) };
}

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
    timeZone: shopperTimeZoneOf(place(shipping), place((order.billing_address ?? null) as Json | null)),
    delivery: pickup ? 'pickup' : 'carrier',
    carrier: str(tracked?.tracking_company),
    trackingCode: str(tracked?.tracking_number),
    trackingUrl: str(tracked?.tracking_url),
    cancelled: !!order.cancelled_at,
  };
}

/** The resource's id from its admin_graphql_api_id ("gid://shopify/Order/820982911946154508"), when present. */
function gidNumber(value: unknown, type: string): string | null {
  const match = typeof value === 'string' ? new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value) : null;
  return match?.[1] ?? null;
}

/**
 * The dedupe key. Shopify: "X-Shopify-Event-Id ... the same value across more than one webhook indicates
 * a duplicate" (one per subscription, and retries), and it is "shared across all deliveries produced by the
 * same merchant action", which spans topics (one payment: orders/paid and orders/updated), hence the topic
 * in the key. X-Shopify-Webhook-Id (one per delivery) or the body stand in for deliveries without it.
 */
function shopifyEventId(topic: string, headers: IncomingHttpHeaders, rawBody: Buffer): string {
  const event = header(headers, 'x-shopify-event-id');
  if (event) return `shopify:${topic}:event:${event}`;
  const delivery = header(headers, 'x-shopify-webhook-id');
  return `shopify:${topic}:${delivery ? `delivery:${delivery}` : bodyHash(rawBody)}`;
}

/**
 * Shopify webhooks (orders/paid, orders/updated, fulfillments/create, fulfillments/update), signed with
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the body with the app's secret). Every shop that installed
 * the app shares that secret, so X-Shopify-Shop-Domain must name the connection's shop.
 */
export const shopifyWebhooks: WebhookParser = {
  signatureHeader: 'x-shopify-hmac-sha256',
  encoding: 'base64',
  secretField: 'webhookSecret',
  acceptedStatus: 202,
  parse({ store, connection, body, headers, rawBody }) {
    const topic = header(headers, 'x-shopify-topic');
    if (!topic) throw new MalformedWebhook('X-Shopify-Topic header is missing');
    const shop = header(headers, 'x-shopify-shop-domain')?.trim().toLowerCase();
    if (!shop) throw new MalformedWebhook('X-Shopify-Shop-Domain header is missing');
    if (connection.kind !== 'shopify' || shop !== connection.shopDomain.toLowerCase()) {
      throw new ForeignWebhook(`the webhook is from ${shop}; store "${store}" is ${connection.kind === 'shopify' ? connection.shopDomain : `a ${connection.kind} connection`}`);
    }
    const id = shopifyEventId(topic, headers, rawBody);
    const receivedAt = new Date().toISOString();
    const json = record(body, `Shopify ${topic}`);
    if (topic === 'orders/paid' || topic === 'orders/updated') {
      const order = orderSnapshot(json);
      let milestone: Milestone | null = topic === 'orders/paid' ? 'payment' : null;
      if (topic === 'orders/updated' && json.fulfillment_status === 'fulfilled' && order.trackingCode) milestone = 'dispatch';
      const orderId = gidNumber(json.admin_graphql_api_id, 'Order') ?? requiredId(json, 'id', 'Shopify order');
      return { kind: 'event', event: { eventId: id, platform: 'shopify', store, orderId, topic, milestone, receivedAt, order } };
    }
    if (topic === 'fulfillments/create' || topic === 'fulfillments/update') {
      const status = str(json.status);
      const destination = (json.destination ?? null) as Json | null;
      const order: OrderSnapshot = {
        number: (str(json.name) ?? requiredId(json, 'order_id', 'Shopify fulfillment')).replace(/^#/, '').replace(/\.\d+$/, ''),
        shopperName: str(destination?.name),
        email: str(json.email),
        phone: str(destination?.phone),
        timeZone: shopperTimeZoneOf(place(destination)),
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
