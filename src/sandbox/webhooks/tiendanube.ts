import { createHmac } from 'node:crypto';
import { post, type WebhookDelivery } from './delivery';

export interface TiendanubeWebhookSenderOptions {
  /** The store the event comes from: `store_id` in the body (the `user_id` of the app's authorisation). */
  storeId: string;
  /** The app's secret: the HMAC key. Every store that installed the app shares it. */
  appSecret: string;
}

/** "we will retry to deliver the notification 14 times along the next three days" (resources/webhook.md). */
export const TIENDANUBE_RETRIES = 14;

/**
 * Tiendanube / Nuvemshop's side of a webhook, as its api-docs describe it (resources/webhook.md): a POST
 * of `{"store_id", "event", "id"}` in JSON, signed in x-linkedstore-hmac-sha256 with the hex HMAC-SHA256 of
 * the body keyed by the app's secret. Only a 200 counts ("A webhook notification expects a 200 status
 * code in response"); anything else, or no answer, is retried 14 times, then lost. There is no delivery
 * id, and the same message may come more than once with the same content.
 */
export class TiendanubeWebhookSender {
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly options: TiendanubeWebhookSenderOptions) {
    if (!/^\d+$/.test(options.storeId)) throw new Error(`Tiendanube store ids are numeric; got "${options.storeId}"`);
  }

  /** The notification of `event` (order/paid, order/updated, ...) about resource `id`. */
  async send(url: string, event: string, id: number | string): Promise<WebhookDelivery> {
    if (!/^[a-z_]+\/[a-z_]+$/.test(event)) throw new Error(`a Tiendanube event is <resource>/<action>; got "${event}"`);
    if (!/^\d+$/.test(String(id))) throw new Error(`Tiendanube resource ids are numeric; got "${id}"`);
    const body = `{"store_id":${this.options.storeId},"event":${JSON.stringify(event)},"id":${id}}`;
    const headers = { 'Content-Type': 'application/json', 'x-linkedstore-hmac-sha256': createHmac('sha256', this.options.appSecret).update(body).digest('hex') };
    return this.attempt(url, headers, body, 1);
  }

  /** Deliveries that got no 200 and will be tried again. */
  pending(): WebhookDelivery[] {
    const last = new Map<string, WebhookDelivery>();
    for (const d of this.deliveries) last.set(`${d.url} ${d.body}`, d);
    return [...last.values()].filter((d) => !d.delivered && d.attempt <= TIENDANUBE_RETRIES);
  }

  /** One retry of a delivery that got no 200: the same body and signature. */
  async retry(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    if (delivery.delivered) throw new Error('Tiendanube retries only notifications that got no 200');
    if (delivery.attempt > TIENDANUBE_RETRIES) throw new Error(`Tiendanube gives up after ${TIENDANUBE_RETRIES} retries`);
    return this.attempt(delivery.url, delivery.headers, delivery.body, delivery.attempt + 1);
  }

  private async attempt(url: string, headers: Record<string, string>, body: string, attempt: number): Promise<WebhookDelivery> {
    const answer = await post(url, headers, body);
    const delivery: WebhookDelivery = { url, headers, body, ...answer, delivered: answer.status === 200, attempt };
    this.deliveries.push(delivery);
    return delivery;
  }
}
