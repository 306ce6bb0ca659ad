import { createHash, createHmac } from 'node:crypto';
import { post, type WebhookDelivery } from './delivery';

export interface WooCommerceWebhookSenderOptions {
  /** The webhook's post id (X-WC-Webhook-ID, and the ping's `webhook_id=`). */
  webhookId: number;
  /** The webhook's secret: the HMAC key. */
  secret: string;
  /** One topic per webhook, e.g. order.updated. */
  topic: string;
  /** The store's home URL (X-WC-Webhook-Source is home_url('/')). */
  siteUrl: string;
  /** The site's auth salt: wp_hash() keys its HMAC with it. Default: derived from the site URL. */
  authSalt?: string;
  wooCommerceVersion?: string;
  wordPressVersion?: string;
  /** The clock; delivery ids have one-second resolution. */
  now?: () => Date;
}

/**
 * PHP's json_encode with WordPress's default flags (wp_json_encode, flags 0): "/" is escaped as "\/" and
 * every non-ASCII character as \uXXXX (UTF-16 units, lowercase hex). The signature covers these exact bytes.
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * WooCommerce's side of a webhook, read from its source (plugins/woocommerce/includes/class-wc-webhook.php):
 * - deliver(): POST of trim(wp_json_encode(payload)) with Content-Type application/json, the Hookshot
 *   User-Agent, X-WC-Webhook-Source/Topic/Resource/Event/Signature/ID/Delivery-ID. The signature is
 *   base64(HMAC-SHA256(body, secret)); the delivery id is wp_hash(id . strtotime('now')), an HMAC-MD5 of the
 *   webhook id and the current SECOND, so two deliveries within one second share it. 2xx, 301 and 302
 *   count as success (log_delivery); more than 5 consecutive failures disable the webhook.
 * - deliver_ping(): when the webhook is saved active, an UNSIGNED POST of the form body `webhook_id=<id>`
 *   with only the User-Agent; anything but exactly 200 is "Error: Delivery URL returned response code: N".
 * WooCommerce itself never retries a delivery; redeliver() models a network-level repeat of the same request.
 */
export class WooCommerceWebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  status: 'active' | 'disabled' = 'active';
  failureCount = 0;
  /** What the admin screen shows after the last ping, or null when it succeeded. */
  pingError: string | null = null;
  private readonly now: () => Date;
  private readonly userAgent: string;

  constructor(private readonly options: WooCommerceWebhookSenderOptions) {
    if (!/^[a-z_]+\.[a-z_]+$/.test(options.topic)) throw new Error(`a WooCommerce topic is <resource>.<event>; got "${options.topic}"`);
    this.now = options.now ?? (() => new Date());
    this.userAgent = `WooCommerce/${options.wooCommerceVersion ?? '10.3.0'} Hookshot (WordPress/${options.wordPressVersion ?? '6.8.3'})`;
  }

  /** wp_hash( $this->get_id() . strtotime( 'now' ) ): the same for every delivery of this webhook within one second. */
  deliveryId(): string {
    const salt = this.options.authSalt ?? createHash('sha256').update(`auth-salt:${this.options.siteUrl}`).digest('hex');
    const seconds = Math.floor(this.now().getTime() / 1000);
    return createHmac('md5', salt).update(`${this.options.webhookId}${seconds}`).digest('hex');
  }

  /** The webhook ping sent when the webhook is saved active; `delivered` only for exactly 200. */
  async ping(url: string): Promise<WebhookDelivery> {
    // A string body posted by WordPress's HTTP API (Requests over cURL) goes out as a urlencoded form.
    const headers = { 'User-Agent': this.userAgent, 'Content-Type': 'application/x-www-form-urlencoded' };
    const body = `webhook_id=${this.options.webhookId}`;
    const answer = await post(url, headers, body);
    const delivered = answer.status === 200;
    this.pingError = delivered ? null : answer.status === 0
      ? `Error: Delivery URL cannot be reached: ${answer.responseText}`
      : `Error: Delivery URL returned response code: ${answer.status}`;
    const delivery: WebhookDelivery = { url, headers, body, ...answer, delivered, attempt: 1 };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** One delivery of the topic's payload (the REST API's representation of the resource). */
  async deliver(url: string, payload: unknown): Promise<WebhookDelivery> {
    if (this.status !== 'active') throw new Error('a disabled WooCommerce webhook delivers nothing');
    const body = phpJsonEncode(payload).trim();
    const [resource, event] = this.options.topic.split('.') as [string, string];
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': this.userAgent,
      'X-WC-Webhook-Source': `${this.options.siteUrl.replace(/\/+$/, '')}/`,
      'X-WC-Webhook-Topic': this.options.topic,
      'X-WC-Webhook-Resource': resource,
      'X-WC-Webhook-Event': event,
      'X-WC-Webhook-Signature': createHmac('sha256', this.options.secret).update(body).digest('base64'),
      'X-WC-Webhook-ID': String(this.options.webhookId),
      'X-WC-Webhook-Delivery-ID': this.deliveryId(),
    };
    return this.record(url, headers, body, 1);
  }

  /** The very same request again (a proxy or network retry): same headers, same body. */
  async redeliver(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    return this.record(delivery.url, delivery.headers, delivery.body, delivery.attempt + 1);
  }

  private async record(url: string, headers: Record<string, string>, body: string, attempt: number): Promise<WebhookDelivery> {
    const answer = await post(url, headers, body);
    const delivered = answer.status >= 200 && answer.status < 303;
    if (delivered) this.failureCount = 0;
    else if (this.failureCount > 5) this.status = 'disabled';
    else this.failureCount += 1;
    const delivery: WebhookDelivery = { url, headers, body, ...answer, delivered, attempt };
    this.deliveries.push(delivery);
    return delivery;
  }
}
