import { createHmac, randomUUID } from 'node:crypto';
import { jsonWithBigIntegers, post, type WebhookDelivery } from './delivery';

export interface ShopifyWebhookSenderOptions {
  /** The shop the events happen in: <shop>.myshopify.com, sent as X-Shopify-Shop-Domain. */
  shopDomain: string;
  /** The app's client secret: the HMAC key. */
  clientSecret: string;
  /** The subscription's API version, sent as X-Shopify-API-Version. Default 2026-10. */
  apiVersion?: string;
  now?: () => Date;
}

export interface ShopifySendOptions {
  /**
   * X-Shopify-Event-Id: "a unique ID shared across all deliveries produced by the same merchant action".
   * Default: a new merchant action. Pass an earlier delivery's to model a second subscription (or a second
   * topic) fed by the same action.
   */
  eventId?: string;
}

/** How many times Shopify retries a delivery that got no 2xx: 8 times over 4 hours (changelog, 2024-09-10). */
export const SHOPIFY_RETRIES = 8;

/**
 * Shopify's side of a webhook subscription, as shopify.dev documents a delivery (apps/build/webhooks/
 * delivery-structure): an HTTPS POST of the topic's JSON payload with X-Shopify-Topic, X-Shopify-Hmac-Sha256
 * (base64 HMAC-SHA256 of the raw body with the app's client secret), X-Shopify-Shop-Domain,
 * X-Shopify-API-Version, X-Shopify-Webhook-Id (one per delivery), X-Shopify-Triggered-At and
 * X-Shopify-Event-Id (one per merchant action). Any 2xx is success; anything else is retried with the
 * original payload and headers. Ids are written with all their digits (Shopify's ids pass 2^53).
 */
export class ShopifyWebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly now: () => Date;

  constructor(private readonly options: ShopifyWebhookSenderOptions) {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(options.shopDomain)) throw new Error(`Shopify sends its shop's myshopify.com domain; got "${options.shopDomain}"`);
    this.now = options.now ?? (() => new Date());
  }

  /** One delivery of `topic`: `payload` is the resource (bigint ids keep their digits) or its JSON text verbatim. */
  async send(url: string, topic: string, payload: unknown, options: ShopifySendOptions = {}): Promise<WebhookDelivery> {
    const body = typeof payload === 'string' ? payload : jsonWithBigIntegers(payload);
    try {
      JSON.parse(body);
    } catch {
      throw new Error('Shopify only sends JSON bodies');
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', this.options.clientSecret).update(body).digest('base64'),
      'X-Shopify-Shop-Domain': this.options.shopDomain,
      'X-Shopify-API-Version': this.options.apiVersion ?? '2026-10',
      'X-Shopify-Webhook-Id': randomUUID(),
      'X-Shopify-Triggered-At': this.now().toISOString(),
      'X-Shopify-Event-Id': options.eventId ?? randomUUID(),
    };
    return this.attempt(url, headers, body, 1);
  }

  /** Shopify's retry of a delivery that failed: the same payload and headers, to the same address. */
  async retry(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    if (delivery.delivered) throw new Error('Shopify retries only deliveries that got no 2xx');
    if (delivery.attempt > SHOPIFY_RETRIES) throw new Error(`Shopify gives up after ${SHOPIFY_RETRIES} retries`);
    return this.attempt(delivery.url, delivery.headers, delivery.body, delivery.attempt + 1);
  }

  private async attempt(url: string, headers: Record<string, string>, body: string, attempt: number): Promise<WebhookDelivery> {
    const answer = await post(url, headers, body);
    const delivery: WebhookDelivery = { url, headers, body, ...answer, delivered: answer.status >= 200 && answer.status < 300, attempt };
    this.deliveries.push(delivery);
    return delivery;
  }
}
