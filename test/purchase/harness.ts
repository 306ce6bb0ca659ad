import { createHmac } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import webpush from 'web-push';
import { ConnectionRegistry } from '../../src/config/secrets';
import { channelConnectorFactories, createTwilioChannel, createWebPushChannel } from '../../src/connectors/channels';
import type { ConnectionOf } from '../../src/domain/connections';
import { configSchema } from '../../src/domain/config';
import { orderWorkflowId } from '../../src/domain/purchase/events';
import type { PurchaseSettingsInput } from '../../src/domain/purchase/settings';
import { signPushToken } from '../../src/ingress/push-token';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { startPushService, type PushService } from '../../src/sandbox/push-service';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/sandbox/twilio';
import { openStore, type Store } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import type { orderLifecycle } from '../../src/workflows/purchase/order-lifecycle';
import { createTestWorker, testCodecKeys, uniqueTaskQueue } from '../support/temporal';
import { SmtpSink } from '../../src/sandbox/smtp';
import { ShopifyWebhookSender, TiendanubeWebhookSender, type WebhookDelivery, WooCommerceWebhookSender } from '../../src/sandbox/webhooks';

export const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
/** The codec server's token: a credential of its own, which the operator API refuses. */
export const CODEC_TOKEN = 'codec-token-for-tests-0123456789';
export const SMS_FROM = '+15550001111';
export const INVALID_PHONE = '+15005550001';
/** The `push` connection's subscribeSecret: what the storefront signs subscription tokens with. */
export const PUSH_SUBSCRIBE_SECRET = 'storefront-push-subscribe-secret-0123456789';
const SHOPIFY_SECRET = 'shopify-webhook-secret';
const WOO_SECRET = 'woo-webhook-secret';
const TIENDANUBE_SECRET = 'tiendanube-app-secret';

export type Platform = 'shopify' | 'woocommerce' | 'tiendanube';

/**
 * The whole purchase experience on loopback: the production ingress routes and worker against a real
 * Temporal server, a real SMTP server, the Twilio simulator and the HTTPS push service simulator. Each
 * test names its own stores (connections), so workflow ids never meet across tests.
 */
export class PurchaseHarness {
  readonly mail = new SmtpSink();
  twilio!: TwilioSimulator;
  push!: PushService;
  store!: Store;
  ingress!: IngressServer;
  readonly vapid = webpush.generateVAPIDKeys();
  readonly connections = new ConnectionRegistry({});
  readonly merchantNotices: { store: string; message: string }[] = [];
  private worker!: Worker;
  private running!: Promise<void>;
  readonly taskQueue = uniqueTaskQueue('purchase');

  constructor(private readonly env: TestWorkflowEnvironment) {}

  async start(options: { notifyMerchant?: boolean; twilioTimeoutMs?: number } = {}): Promise<this> {
    await this.mail.start();
    this.twilio = await startTwilioSimulator({ invalidNumbers: [INVALID_PHONE], fromNumbers: [SMS_FROM], statusStepMs: 5 });
    this.push = await startPushService();
    this.store = await openStore({});
    this.connections.register('mail', { kind: 'smtp', host: '127.0.0.1', port: this.mail.port, secure: false, from: 'Tienda Sur <alerts@tiendasur.example>' });
    this.connections.register('sms', { kind: 'twilio', accountSid: this.twilio.accountSid, authToken: this.twilio.authToken, from: SMS_FROM, endpoint: this.twilio.url });
    this.connections.register('push', {
      kind: 'webpush', vapidPublicKey: this.vapid.publicKey, vapidPrivateKey: this.vapid.privateKey, subject: 'mailto:ops@tiendasur.example',
      // The storefront's signing key, and the push service simulator on loopback: an extension named here only.
      subscribeSecret: PUSH_SUBSCRIBE_SECRET, extraPushServiceHosts: [new URL(this.push.origin).host],
    });
    const config = configSchema.parse({ temporal: { taskQueue: this.taskQueue }, ingress: { port: 0 } });
    const codec = { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' as const };
    this.ingress = await startIngress(ingressRoutes(config, codec, this.store, { client: this.env.client, connections: this.connections, operatorToken: OPERATOR_TOKEN }), config.ingress);
    this.worker = await createTestWorker(this.env, {
      connections: this.connections,
      store: this.store,
      publicUrl: this.ingress.url,
      // The push service simulator's certificate is self-signed: trusted here, and only here.
      channelFactories: {
        ...channelConnectorFactories, webpush: (c, s) => createWebPushChannel(c, s, { ca: this.push.ca }),
        ...(options.twilioTimeoutMs ? { twilio: (c: ConnectionOf<'twilio'>, s: { authToken?: string }) => createTwilioChannel(c, s, { timeoutMs: options.twilioTimeoutMs }) } : {}),
      },
      ...(options.notifyMerchant ? { notifyMerchant: async (store: string, message: string) => { this.merchantNotices.push({ store, message }); } } : {}),
    }, { taskQueue: this.taskQueue });
    this.running = this.worker.run();
    return this;
  }

  async close(): Promise<void> {
    if (this.worker) {
      this.worker.shutdown();
      await this.running;
    }
    await this.ingress?.close();
    await this.store?.destroy();
    await this.twilio?.close();
    await this.push?.close();
    await this.mail.stop();
  }

  /** A merchant: a platform connection with its webhook secret, and purchase settings using the channels above. */
  async merchant(name: string, platform: Platform, settings: PurchaseSettingsInput = {}, smsCredits = 100): Promise<string> {
    if (platform === 'shopify') this.connections.register(name, { kind: 'shopify', shopDomain: `${name}.myshopify.com`, apiVersion: '2025-10', accessToken: 'shpat_x', webhookSecret: SHOPIFY_SECRET });
    if (platform === 'woocommerce') this.connections.register(name, { kind: 'woocommerce', url: `https://${name}.example`, consumerKey: 'ck_x', consumerSecret: 'cs_x', webhookSecret: WOO_SECRET });
    if (platform === 'tiendanube') this.connections.register(name, { kind: 'tiendanube', storeId: '1234', accessToken: 'tn_x', appSecret: TIENDANUBE_SECRET });
    const saved = await new MerchantSettingsRepository(this.store).put(name, {
      storeName: 'Tienda Sur', quietHours: null, connections: { email: 'mail', sms: 'sms', push: 'push' }, ...settings,
    });
    if (!saved.ok) throw new Error(saved.problems.join('; '));
    if (smsCredits > 0) await new SmsCreditLedger(this.store).topUp(name, smsCredits);
    return name;
  }

  /** The ingress address a platform's webhook subscription points at for this store. */
  webhookUrl(platform: Platform, store: string): string {
    return `${this.ingress.url}/webhooks/${platform}/${store}`;
  }

  private readonly senders = new Map<string, ShopifyWebhookSender | WooCommerceWebhookSender | TiendanubeWebhookSender>();
  private nextWooWebhookId = 11;

  /** The store's Shopify, as its webhook subscriptions deliver (one sender per store; `secret` to forge). */
  shopify(store: string, secret = SHOPIFY_SECRET): ShopifyWebhookSender {
    const key = `shopify ${store} ${secret}`;
    if (!this.senders.has(key)) this.senders.set(key, new ShopifyWebhookSender({ shopDomain: `${store}.myshopify.com`, clientSecret: secret }));
    return this.senders.get(key) as ShopifyWebhookSender;
  }

  /** The store's WooCommerce webhook for one topic (WooCommerce webhooks have one topic each). */
  woo(store: string, topic = 'order.updated', secret = WOO_SECRET, now?: () => Date): WooCommerceWebhookSender {
    const key = `woocommerce ${store} ${topic} ${secret}`;
    if (!this.senders.has(key) || now) {
      this.senders.set(key, new WooCommerceWebhookSender({ webhookId: this.nextWooWebhookId++, secret, topic, siteUrl: `https://${store}.example`, ...(now ? { now } : {}) }));
    }
    return this.senders.get(key) as WooCommerceWebhookSender;
  }

  /** Tiendanube's notifications for a store id, signed with an app's secret. */
  tiendanube(storeId: string, secret = TIENDANUBE_SECRET): TiendanubeWebhookSender {
    const key = `tiendanube ${storeId} ${secret}`;
    if (!this.senders.has(key)) this.senders.set(key, new TiendanubeWebhookSender({ storeId, appSecret: secret }));
    return this.senders.get(key) as TiendanubeWebhookSender;
  }

  /**
   * Delivers a webhook to the ingress as the platform does (src/sandbox/webhooks), or with a wrong secret.
   * `raw` sends a signed body no platform would send (broken JSON), built by hand.
   */
  async webhook(platform: Platform, store: string, topic: string, body: unknown, options: { badSignature?: boolean; raw?: string } = {}): Promise<Response> {
    const url = this.webhookUrl(platform, store);
    if (options.raw !== undefined) {
      const secret = platform === 'shopify' ? SHOPIFY_SECRET : platform === 'woocommerce' ? WOO_SECRET : TIENDANUBE_SECRET;
      const mac = createHmac('sha256', secret).update(options.raw);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (platform === 'shopify') Object.assign(headers, { 'x-shopify-topic': topic, 'x-shopify-hmac-sha256': mac.digest('base64'), 'x-shopify-shop-domain': `${store}.myshopify.com` });
      if (platform === 'woocommerce') Object.assign(headers, { 'x-wc-webhook-topic': topic, 'x-wc-webhook-signature': mac.digest('base64') });
      if (platform === 'tiendanube') Object.assign(headers, { 'x-linkedstore-hmac-sha256': mac.digest('hex') });
      return fetch(url, { method: 'POST', headers, body: options.raw });
    }
    let delivery: WebhookDelivery;
    if (platform === 'shopify') delivery = await this.shopify(store, options.badSignature ? 'not-the-secret' : SHOPIFY_SECRET).send(url, topic, body);
    else if (platform === 'woocommerce') delivery = await this.woo(store, topic, options.badSignature ? 'not-the-secret' : WOO_SECRET).deliver(url, body);
    else {
      const { store_id: storeId, id } = body as { store_id: number | string; id: number | string };
      delivery = await this.tiendanube(String(storeId), options.badSignature ? 'not-the-secret' : TIENDANUBE_SECRET).send(url, topic, id);
    }
    return answerOf(delivery);
  }

  /**
   * A simulated browser subscribes through the ingress, as the store's page would: with a token the storefront
   * signed for the shopper's email (a key with "@") or the order id.
   */
  async subscribe(store: string, shopperKey: string): Promise<string> {
    const key = (await (await fetch(`${this.ingress.url}/push/${store}/vapid-public-key`)).json()) as { publicKey: string };
    const subscription = this.push.subscribe({ applicationServerKey: key.publicKey });
    const expires = Math.floor(Date.now() / 1000) + 600;
    const token = signPushToken(PUSH_SUBSCRIBE_SECRET, store, shopperKey.includes('@') ? { email: shopperKey, expires } : { orderId: shopperKey, expires });
    const res = await fetch(`${this.ingress.url}/push/${store}/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription, token }) });
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
    return subscription.endpoint;
  }

  /** The order's tracking link as its dispatch alert carried it: /t/<the token saved with the order>. */
  async trackingLink(store: string, orderId: number | string): Promise<string> {
    const row = await this.store.selectFrom('tracking_links').select('token').where('store', '=', store).where('order_id', '=', String(orderId)).executeTakeFirstOrThrow();
    return `${this.ingress.url}/t/${row.token}`;
  }

  pushesTo(endpoint: string): { title: string; body: string; url: string | null }[] {
    return this.push.received.filter((r) => r.endpoint === endpoint).map((r) => JSON.parse(String(r.plaintext)) as { title: string; body: string; url: string | null });
  }

  smsTo(phone: string): string[] {
    return this.twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
  }

  async log(store: string) {
    return this.store.selectFrom('communication_log').selectAll().where('store', '=', store).orderBy('id').execute();
  }
}

/** The ingress's answer to a delivery, as a Response (status and JSON body). */
export function answerOf(delivery: WebhookDelivery): Response {
  return new Response(delivery.responseText, { status: delivery.status, headers: { 'content-type': 'application/json' } });
}

/** Polls until `check` holds (deliveries happen in activities, after the webhook's 202). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ShopperOrder {
  id: number;
  email: string;
  phone: string;
  name: string;
}

export function shopifyOrder(o: ShopperOrder, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [first, last] = o.name.split(' ');
  return {
    id: o.id, order_number: o.id, name: `#${o.id}`, email: o.email, phone: o.phone, cancelled_at: null,
    customer: { first_name: first, last_name: last, email: o.email },
    shipping_address: { name: o.name, phone: o.phone, city: 'Córdoba' },
    shipping_lines: [{ code: 'standard', title: 'Envío a domicilio' }],
    fulfillments: [], fulfillment_status: null, ...extra,
  };
}

export function shopifyFulfillment(o: ShopperOrder, status: 'pending' | 'success', tracking: { company: string; number: string } | null): Record<string, unknown> {
  return {
    id: o.id * 10, order_id: o.id, name: `#${o.id}.1`, status, email: o.email, destination: { name: o.name, phone: o.phone },
    tracking_company: tracking?.company ?? null, tracking_number: tracking?.number ?? null, tracking_numbers: tracking ? [tracking.number] : [],
  };
}

export function wooOrder(o: ShopperOrder, status: string, options: { pickup?: boolean; tracking?: { provider: string; number: string } } = {}): Record<string, unknown> {
  const [first, last] = o.name.split(' ');
  return {
    id: o.id, number: String(o.id), status,
    billing: { first_name: first, last_name: last, email: o.email, phone: o.phone },
    shipping: { first_name: first, last_name: last },
    shipping_lines: [{ method_id: options.pickup ? 'local_pickup' : 'flat_rate', method_title: options.pickup ? 'Retiro en tienda' : 'Envío' }],
    meta_data: options.tracking ? [{ key: '_tracking_provider', value: options.tracking.provider }, { key: '_tracking_number', value: options.tracking.number }] : [],
  };
}

/** The order's workflow, typed: result() is the final OrderLifecycleStatus. */
export function orderHandle(env: TestWorkflowEnvironment, store: string, orderId: number | string) {
  return env.client.workflow.getHandle<typeof orderLifecycle>(orderWorkflowId(store, String(orderId)));
}
