import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { Connection } from '../../src/domain/connections';
import { parseJsonKeepingLargeIntegers } from '../../src/ingress/webhooks/json';
import { shopifyWebhooks } from '../../src/ingress/webhooks/shopify';
import { tiendanubeWebhooks } from '../../src/ingress/webhooks/tiendanube';
import { ForeignWebhook, type ParsedWebhook, type WebhookParser } from '../../src/ingress/webhooks/types';
import { wooCommerceWebhooks } from '../../src/ingress/webhooks/woocommerce';
import { jsonWithBigIntegers, phpJsonEncode, WooCommerceWebhookSender } from '../../src/sandbox/webhooks';

const sample = readFileSync(join(__dirname, '..', 'purchase', 'fixtures', 'shopify-order-sample.json'), 'utf8');

describe('webhook bodies parsed with every digit of 64-bit ids', () => {
  it('keeps Shopify\'s sample ids as their digits and leaves everything else as JSON.parse reads it', () => {
    const order = parseJsonKeepingLargeIntegers(sample) as Record<string, unknown> & { line_items: Record<string, unknown>[]; customer: Record<string, unknown> };
    expect(order.id).toBe('820982911946154508');
    expect(order.customer.id).toBe('115310627314723954');
    expect(order.line_items.map((l) => l.id)).toEqual(['866550311766439020', '141249953214522974']);
    // Ids that fit stay numbers; money stays the strings Shopify sends.
    expect(order.line_items[0]).toMatchObject({ product_id: 632910392, variant_id: 808950810, price: '199.00', quantity: 1 });
    expect(order.order_number).toBe(1234);
    expect(order.admin_graphql_api_id).toBe('gid://shopify/Order/820982911946154508');
  });

  it('touches no digits inside strings, no decimals or exponents, and fails on what JSON.parse fails on', () => {
    expect(parseJsonKeepingLargeIntegers('{"note":"order 820982911946154508 \\"99999999999999999999\\"","n":-9223372036854775808,"f":1.5,"e":12345678901234567890e2,"a":[9007199254740991,9007199254740993]}')).toEqual({
      note: 'order 820982911946154508 "99999999999999999999"', n: '-9223372036854775808', f: 1.5, e: Number('12345678901234567890e2'), a: [9007199254740991, '9007199254740993'],
    });
    expect(() => parseJsonKeepingLargeIntegers('{"id": 820982911946154508,')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingLargeIntegers('webhook_id=12')).toThrow(SyntaxError);
  });
});

describe('the ingress parsers', () => {
  const shopify: Connection = { kind: 'shopify', shopDomain: 'tienda-sur.myshopify.com', apiVersion: '2026-10', accessToken: 'x', webhookSecret: 's' } as Connection;
  const woocommerce: Connection = { kind: 'woocommerce', url: 'https://tienda.example', consumerKey: 'ck', consumerSecret: 'cs', webhookSecret: 's' } as Connection;
  const tiendanube: Connection = { kind: 'tiendanube', storeId: '1234', accessToken: 'x', appSecret: 's' } as Connection;
  const parse = (parser: WebhookParser, connection: Connection, raw: string, headers: IncomingHttpHeaders = {}): ParsedWebhook =>
    parser.parse({ store: 'tienda-sur', connection, body: parseJsonKeepingLargeIntegers(raw), headers, rawBody: Buffer.from(raw) });
  const eventOf = (parsed: ParsedWebhook) => (parsed.kind === 'event' ? parsed.event : null);

  it('Shopify: the order id is exact, the dedupe key is the topic and X-Shopify-Event-Id, the shop must be the connection\'s', () => {
    const headers = { 'x-shopify-topic': 'orders/paid', 'x-shopify-shop-domain': 'tienda-sur.myshopify.com', 'x-shopify-event-id': 'e-1', 'x-shopify-webhook-id': 'w-1' };
    const paid = eventOf(parse(shopifyWebhooks, shopify, sample, headers));
    expect(paid).toMatchObject({ orderId: '820982911946154508', eventId: 'shopify:orders/paid:event:e-1', milestone: 'payment' });
    // Another subscription's delivery of the same event: another webhook id, the same key.
    expect(eventOf(parse(shopifyWebhooks, shopify, sample, { ...headers, 'x-shopify-webhook-id': 'w-2' }))?.eventId).toBe(paid?.eventId);
    expect(eventOf(parse(shopifyWebhooks, shopify, sample, { ...headers, 'x-shopify-topic': 'orders/updated' }))?.eventId).not.toBe(paid?.eventId);
    expect(() => parse(shopifyWebhooks, shopify, sample, { ...headers, 'x-shopify-shop-domain': 'other.myshopify.com' })).toThrow(ForeignWebhook);
    expect(() => parse(shopifyWebhooks, shopify, sample, { 'x-shopify-topic': 'orders/paid' })).toThrow(/X-Shopify-Shop-Domain header is missing/);
  });

  it('WooCommerce: a shared delivery id with another body is another event; the same delivery is the same event; the ping is recognised', () => {
    const headers = { 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-delivery-id': 'd41d8cd98f00b204e9800998ecf8427e' };
    const order = (status: string) => JSON.stringify({ id: 727, number: '727', status, billing: { email: 'a@example.com' }, date_modified_gmt: '2026-03-02T15:04:05' });
    const processing = eventOf(parse(wooCommerceWebhooks, woocommerce, order('processing'), headers));
    const completed = eventOf(parse(wooCommerceWebhooks, woocommerce, order('completed'), headers));
    expect(processing?.eventId).not.toBe(completed?.eventId);
    expect(eventOf(parse(wooCommerceWebhooks, woocommerce, order('processing'), headers))?.eventId).toBe(processing?.eventId);
    expect(wooCommerceWebhooks.isPing?.({}, Buffer.from('webhook_id=11'))).toBe(true);
    expect(wooCommerceWebhooks.isPing?.({}, Buffer.from('webhook_id=11&status=processing'))).toBe(false);
  });

  it('Tiendanube: store_id must be the connection\'s; each delivery is its own event, since every body of one order is the same', () => {
    const raw = '{"store_id":1234,"event":"order/updated","id":5001}';
    const first = eventOf(parse(tiendanubeWebhooks, tiendanube, raw));
    const second = eventOf(parse(tiendanubeWebhooks, tiendanube, raw));
    expect(first).toMatchObject({ orderId: '5001', order: null, milestone: null });
    expect(first?.eventId).not.toBe(second?.eventId);
    expect(() => parse(tiendanubeWebhooks, tiendanube, '{"store_id":999,"event":"order/paid","id":5001}')).toThrow(/store_id 999.*Tiendanube store 1234/);
    expect(() => parse(tiendanubeWebhooks, tiendanube, '{"event":"order/paid","id":5001}')).toThrow(/"store_id" is missing/);
  });
});

describe('the platforms\' webhook senders (src/sandbox/webhooks)', () => {
  it('WooCommerce encodes like wp_json_encode and derives the delivery id from the webhook id and the second', () => {
    // PHP json_encode with flags 0: "/" escaped, non-ASCII as \uXXXX; the signature covers these bytes.
    expect(phpJsonEncode({ name: 'Ship Your Idea &ndash; Color: Black', url: 'https://tienda.example/p/1', city: 'Córdoba', emoji: '📦' }))
      .toBe('{"name":"Ship Your Idea &ndash; Color: Black","url":"https:\\/\\/tienda.example\\/p\\/1","city":"C\\u00f3rdoba","emoji":"\\ud83d\\udce6"}');
    let now = new Date('2026-03-02T15:04:05.100Z');
    const woo = new WooCommerceWebhookSender({ webhookId: 11, secret: 's', topic: 'order.updated', siteUrl: 'https://tienda.example', now: () => now });
    const first = woo.deliveryId();
    now = new Date('2026-03-02T15:04:05.900Z');
    expect(woo.deliveryId()).toBe(first);
    now = new Date('2026-03-02T15:04:06.000Z');
    expect(woo.deliveryId()).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });

  it('Shopify\'s bodies keep 64-bit ids whole', () => {
    expect(jsonWithBigIntegers({ id: 820982911946154508n, name: '#9999', lines: [{ id: 866550311766439020n, qty: 1 }] }))
      .toBe('{"id":820982911946154508,"name":"#9999","lines":[{"id":866550311766439020,"qty":1}]}');
  });
});
