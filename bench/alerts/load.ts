/**
 * The alerts bench's load generator, in a process of its own: signed Shopify orders/paid webhooks on an
 * open-loop schedule (a slow answer never delays the next POST). It shares no CPU with the worker, so the
 * worker's CPU time is the worker's alone, and its pacing is not disturbed by the worker's event loop.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { BenchShopper, LoadRequest, LoadResult } from './ipc';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function shopifyPaidOrder(orderId: number, who: BenchShopper): Record<string, unknown> {
  return {
    id: orderId, order_number: orderId, name: `#${orderId}`, email: who.email, phone: who.phone, cancelled_at: null,
    customer: { first_name: 'Ana', last_name: 'Bench', email: who.email },
    shipping_address: { name: 'Ana Bench', phone: who.phone, city: 'Córdoba', country_code: 'AR', province_code: 'X' },
    shipping_lines: [{ code: 'standard', title: 'Envío a domicilio' }], fulfillments: [], fulfillment_status: null,
  };
}

/** A webhook as Shopify delivers it: base64 HMAC-SHA256 of the raw body, from the connection's shop. */
export function signedShopifyWebhook(body: unknown, secret: string, shopDomain: string): { body: Buffer; headers: Record<string, string> } {
  const raw = Buffer.from(JSON.stringify(body));
  return {
    body: raw,
    headers: {
      'content-type': 'application/json', 'x-shopify-topic': 'orders/paid', 'x-shopify-webhook-id': randomUUID(),
      'x-shopify-event-id': randomUUID(), 'x-shopify-shop-domain': shopDomain, 'x-shopify-api-version': '2026-10',
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
    },
  };
}

export async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const count = request.shoppers.length;
  const sentAt: number[] = new Array<number>(count).fill(0);
  const ackMs: number[] = new Array<number>(count).fill(Number.NaN);
  let errors = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / request.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const webhook = signedShopifyWebhook(shopifyPaidOrder(request.orderIdBase + i, request.shoppers[i] as BenchShopper), request.secret, request.shopDomain);
    const posted = performance.now();
    sentAt[i] = Date.now();
    pending.push((async () => {
      try {
        const res = await fetch(request.url, { method: 'POST', headers: webhook.headers, body: webhook.body });
        await res.arrayBuffer();
        ackMs[i] = performance.now() - posted;
        if (res.status !== 202) errors += 1;
      } catch {
        errors += 1;
      }
    })());
  }
  const spanSeconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  return { kind: 'load-result', sentAt, ackMs: ackMs.filter((v) => Number.isFinite(v)), errors, achievedRate: count > 1 ? (count - 1) / spanSeconds : count };
}

if (require.main === module) {
  process.on('message', (message: LoadRequest) => {
    if (message.kind !== 'load') return;
    runLoad(message).then((result) => process.send?.(result), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  });
}
