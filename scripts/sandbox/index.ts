/**
 * The sandbox of `npm run dev`: with no connections configured, the project's simulators stand in for real
 * stores and accounts on loopback ports, registered under the connection names the README uses, so every
 * README example runs as written. Only entry points (scripts/) start it; production code never imports
 * src/sandbox.
 *
 * State: the simulators keep theirs in memory and every start seeds them the same way. So that nothing
 * points at a store that no longer exists, the sandbox's Temporal history and Cutover store live in
 * <dataDir>/sandbox/, which every start empties: a sandbox session starts from the seed, whole. Codec keys
 * and tokens stay in <dataDir>, so the UI and the CLI keep working across starts.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import { writeSandboxFile } from '../../src/config/sandbox-file';
import { channelConnectorFactories, createWebPushChannel } from '../../src/connectors/channels';
import type { Config } from '../../src/domain/config';
import { type Connection, DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { startBigCommerceSimulator } from '../../src/sandbox/bigcommerce';
import { startCortexSftpSimulator, type CortexSftpSimulator } from '../../src/sandbox/cortex-sftp';
import { startKlaviyoSimulator, type KlaviyoSimulator } from '../../src/sandbox/klaviyo';
import { startOmnisendSimulator, type OmnisendSimulator } from '../../src/sandbox/omnisend';
import { startPushService, type PushService } from '../../src/sandbox/push-service';
import { startShopifySimulator, type ShopifySimulator } from '../../src/sandbox/shopify';
import { SmtpSink } from '../../src/sandbox/smtp';
import { startTiendanubeSimulator, type TiendanubeSimulator } from '../../src/sandbox/tiendanube';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/sandbox/twilio';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import type { Store } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { SANDBOX_PUSH_SUBSCRIBE_SECRET, type SandboxService, startSandboxPages } from './pages';
import { SANDBOX_SHOPPER, seedKlaviyoAccount, seedOmnisendBrand, seedTiendanubeOrders } from './seed';

export { sendTiendanubeWebhook, subscribeBrowser } from './pages';
export { SANDBOX_SHOPPER } from './seed';

/** The Tiendanube store of the purchase examples (`order-tienda-sur-1001`, `settings show tienda-sur`). */
export const SANDBOX_STORE = 'tienda-sur';
/** Webhook secrets of the simulated platforms: known, so README's signed-webhook examples can use them. */
export const SANDBOX_SECRETS = {
  shopifyWebhook: 'sandbox-shopify-webhook-secret',
  wooWebhook: 'sandbox-woo-webhook-secret',
  tiendanubeApp: 'sandbox-tiendanube-app-secret',
} as const;
const SMS_FROM = '+15550001111';
/** Where the sandbox's pages listen by default (the port mail catchers such as MailHog use for their web inbox). */
export const DEFAULT_PAGES_PORT = 8025;

export interface SandboxOptions {
  /** The ingress as the simulators reach it: Twilio's status callbacks, the pages' webhooks and push subscriptions. */
  ingressUrl: string;
  /** The pages' port; default 8025, and any free port when that one is taken. */
  pagesPort?: number;
  /** The seeded WooCommerce store's size (default 6 categories, 60 products, 40 customers, 80 orders). */
  size?: { categories?: number; products?: number; customers?: number; orders?: number };
  /** The seeded Tiendanube store's size, tienda-vieja (default 6 categories, 24 products, 12 customers, 20 orders). */
  tiendanubeSize?: { categories?: number; products?: number; customers?: number; orders?: number };
  log?: (line: string) => void;
}

export interface Sandbox {
  connections: Record<string, Connection>;
  /** Channel connectors for the worker: web push trusts the sandbox push service's self-signed certificate. */
  channelFactories: typeof channelConnectorFactories;
  services: SandboxService[];
  pagesUrl: string;
  woo: WooCommerceSimulator;
  shopify: ShopifySimulator;
  tiendanube: TiendanubeSimulator;
  klaviyo: KlaviyoSimulator;
  omnisendOld: OmnisendSimulator;
  omnisendNew: OmnisendSimulator;
  cortexOld: CortexSftpSimulator;
  cortexNew: CortexSftpSimulator;
  mail: SmtpSink;
  twilio: TwilioSimulator;
  push: PushService;
  /** The banner `npm run dev` prints: SIMULATED, each connection and where, the pages. */
  banner(): string[];
  /** The sandbox store's purchase settings and SMS credits in Cutover's store (idempotent). */
  seedStore(store: Store): Promise<void>;
  close(): Promise<void>;
}

export class SandboxRefused extends Error {}

/**
 * Whether `npm run dev` starts the sandbox: yes when no connection is configured (`--no-sandbox` turns it
 * off), never beside real connections (`--sandbox` then is refused: names would collide).
 */
export function sandboxWanted(config: Pick<Config, 'connections'>, argv: readonly string[]): boolean {
  const configured = Object.keys(config.connections);
  if (argv.includes('--no-sandbox')) return false;
  if (configured.length === 0) return true;
  if (argv.includes('--sandbox')) {
    throw new SandboxRefused(`--sandbox: connections are configured (${configured.join(', ')}); the sandbox never runs beside real connections. `
      + 'Remove them (cutover.config.json, CUTOVER_CONNECTIONS) to use the sandbox.');
  }
  return false;
}

/** <dataDir>/sandbox, emptied: the sandbox's Temporal history and store start from the seed with the simulators. */
export function freshSandboxDir(dataDir: string): string {
  const dir = join(dataDir, 'sandbox');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Tells the cutover client and the demo, in other processes, which connections the sandbox serves. */
export function announceSandbox(dataDir: string, sandbox: Sandbox): void {
  writeSandboxFile(dataDir, {
    pid: process.pid, startedAt: new Date().toISOString(), pagesUrl: sandbox.pagesUrl,
    connections: Object.fromEntries(sandbox.services.map((s) => [s.connection, { kind: sandbox.connections[s.connection]?.kind ?? '?', what: s.what, url: s.url }])),
  });
}

async function listenPages(parts: Parameters<typeof startSandboxPages>[0], port: number, log: (line: string) => void) {
  try {
    return await startSandboxPages(parts, '127.0.0.1', port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    log(`port ${port} is taken: the sandbox pages take any free port`);
    return startSandboxPages(parts, '127.0.0.1', 0);
  }
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? (() => undefined);
  const size = { categories: 6, products: 60, customers: 40, orders: 80, ...options.size };
  const closers: (() => Promise<void>)[] = [];
  const started = <T extends { close(): Promise<void> }>(service: T): T => {
    closers.push(() => service.close());
    return service;
  };
  try {
    const woo = started(await startWooCommerceSimulator({ seed: { seed: 42, variableRate: 0.35, ...size } }));
    const shopify = started(await startShopifySimulator({ shopDomain: 'new-shop.myshopify.com', plan: 'standard' }));
    const tiendanube = started(await startTiendanubeSimulator({ storeId: '4815162' }));
    // Standard plan's quota (150 requests per 30 s): a migration to it shows the adapter waiting out the window.
    const bigcommerce = started(await startBigCommerceSimulator({ storeHash: 'bcsandbox1' }));
    seedTiendanubeOrders(tiendanube);
    // A Tiendanube store to migrate from, at the documented pace (a bucket of 40 requests leaking 2 a second).
    const tiendanubeShop = started(await startTiendanubeSimulator({ storeId: '2718281', seed: { seed: 7, categories: 6, products: 24, customers: 12, orders: 20, ...options.tiendanubeSize } }));
    const klaviyo = started(await startKlaviyoSimulator({ apiKey: 'pk_sandbox_klaviyo' }));
    seedKlaviyoAccount(klaviyo);
    const omnisendOld = started(await startOmnisendSimulator({ apiKey: 'omnisend-sandbox-old' }));
    seedOmnisendBrand(omnisendOld);
    const omnisendNew = started(await startOmnisendSimulator({ apiKey: 'omnisend-sandbox-new' }));
    const cortexOld = started(await startCortexSftpSimulator({ username: 'shop-old', password: 'cortex-sandbox-old' }));
    const cortexNew = started(await startCortexSftpSimulator({ username: 'shop-new', password: 'cortex-sandbox-new' }));
    const mail = await new SmtpSink().start();
    closers.push(() => mail.stop());
    const twilio = started(await startTwilioSimulator({ fromNumbers: [SMS_FROM], statusStepMs: 500 }));
    const push = started(await startPushService());
    const vapid = webpush.generateVAPIDKeys();

    const connections: Record<string, Connection> = {
      'old-shop': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: SANDBOX_SECRETS.wooWebhook },
      'new-shop': { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, webhookSecret: SANDBOX_SECRETS.shopifyWebhook, endpoint: shopify.url },
      [SANDBOX_STORE]: { kind: 'tiendanube', storeId: tiendanube.storeId, accessToken: tiendanube.accessToken, appSecret: SANDBOX_SECRETS.tiendanubeApp, userAgent: 'Cutover sandbox (ops@cutover.example)', endpoint: tiendanube.url },
      'bc-shop': { kind: 'bigcommerce', storeHash: bigcommerce.storeHash, accessToken: bigcommerce.accessToken, endpoint: bigcommerce.url },
      'tienda-vieja': { kind: 'tiendanube', storeId: tiendanubeShop.storeId, accessToken: tiendanubeShop.accessToken, appSecret: SANDBOX_SECRETS.tiendanubeApp, userAgent: 'Cutover sandbox (ops@cutover.example)', endpoint: tiendanubeShop.url },
      klaviyo: { kind: 'klaviyo', privateApiKey: 'pk_sandbox_klaviyo', endpoint: klaviyo.url },
      'omnisend-old': { kind: 'omnisend', apiKey: omnisendOld.apiKey, endpoint: omnisendOld.url },
      'omnisend-new': { kind: 'omnisend', apiKey: omnisendNew.apiKey, endpoint: omnisendNew.url },
      'cortex-old': { kind: 'cortex', sftpHost: cortexOld.host, sftpPort: cortexOld.port, username: cortexOld.username, password: cortexOld.password, csmEmail: 'csm@retentionscience.com' },
      'cortex-new': { kind: 'cortex', sftpHost: cortexNew.host, sftpPort: cortexNew.port, username: cortexNew.username, password: cortexNew.password, csmEmail: 'csm@retentionscience.com' },
      mail: { kind: 'smtp', host: '127.0.0.1', port: mail.port, secure: false, from: 'Shop <alerts@shop.example>' },
      sms: { kind: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, from: SMS_FROM, endpoint: twilio.url },
      push: {
        kind: 'webpush', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, subject: 'mailto:ops@shop.example',
        // The simulated storefront's signing key, and the simulated push service beside the browsers' real ones.
        subscribeSecret: SANDBOX_PUSH_SUBSCRIBE_SECRET, extraPushServiceHosts: [new URL(push.origin).host],
      },
    };
    const services: SandboxService[] = [
      { connection: 'old-shop', what: `WooCommerce store, seeded: ${woo.state.count('categories')} categories, ${woo.state.count('products')} products, ${woo.state.count('customers')} customers, ${woo.state.count('orders')} orders`, url: woo.url },
      { connection: 'new-shop', what: 'Shopify store, empty, Standard plan (100 cost points a second)', url: shopify.url },
      { connection: SANDBOX_STORE, what: `Tiendanube store for purchase alerts, orders ${tiendanube.orders().map((o) => o.number).join(', ')}`, url: tiendanube.url },
      { connection: 'bc-shop', what: 'BigCommerce store, empty, Standard plan (150 requests per 30 s)', url: bigcommerce.url },
      { connection: 'tienda-vieja', what: `Tiendanube store to migrate from, seeded: ${Object.entries(tiendanubeShop.counts()).map(([k, v]) => `${v} ${k}`).join(', ')} (40 requests, 2 a second)`, url: tiendanubeShop.url },
      { connection: 'klaviyo', what: 'Klaviyo account, WooCommerce and Shopify metrics, flows to twin', url: klaviyo.url },
      { connection: 'omnisend-old', what: 'Omnisend brand of the old store, 3 contacts', url: omnisendOld.url },
      { connection: 'omnisend-new', what: 'Omnisend brand of the new store, empty', url: omnisendNew.url },
      { connection: 'cortex-old', what: 'ReSci Cortex SFTP feed of the old store', url: `sftp://${cortexOld.username}@${cortexOld.host}:${cortexOld.port}` },
      { connection: 'cortex-new', what: 'ReSci Cortex SFTP feed of the new store', url: `sftp://${cortexNew.username}@${cortexNew.host}:${cortexNew.port}` },
      { connection: 'mail', what: 'SMTP server that keeps every message (read them on the inbox page)', url: `smtp://127.0.0.1:${mail.port}` },
      { connection: 'sms', what: `Twilio Messages API, sender ${SMS_FROM} (read them on the SMS log page)`, url: twilio.url },
      { connection: 'push', what: 'web push service, VAPID checked, payloads decrypted (read them on the pushes page)', url: push.origin },
    ];
    const pages = await listenPages({
      services, mail, twilio, push, ingressUrl: options.ingressUrl,
      tiendanube: { sim: tiendanube, store: SANDBOX_STORE, appSecret: SANDBOX_SECRETS.tiendanubeApp },
      state: () => ({
        'old-shop': { categories: woo.state.count('categories'), products: woo.state.count('products'), customers: woo.state.count('customers'), orders: woo.state.count('orders') },
        'new-shop': { ...shopify.state.counts(), costPointsSpent: shopify.state.costPointsSpent, throttled: shopify.state.throttledCount },
        mail: mail.received.length, sms: twilio.messages.length, push: push.received.length,
      }),
    }, options.pagesPort ?? DEFAULT_PAGES_PORT, log);
    closers.push(() => pages.close());

    return {
      connections, services, pagesUrl: pages.url,
      channelFactories: { ...channelConnectorFactories, webpush: (c, s) => createWebPushChannel(c, s, { ca: push.ca }) },
      woo, shopify, tiendanube, klaviyo, omnisendOld, omnisendNew, cortexOld, cortexNew, mail, twilio, push,
      banner: () => [
        '════ SANDBOX: these connections are SIMULATED services on this machine, not real stores or accounts ════',
        'no connection is configured, so the simulators stand in (configure connections, or `npm run dev -- --no-sandbox`, to run without them):',
        ...services.map((s) => `  ${s.connection.padEnd(13)} SIMULATED ${s.what}  ${s.url}`),
        `  pages: ${pages.url}/sandbox (services, Tiendanube webhooks), ${pages.url}/sandbox/inbox (emails), ${pages.url}/sandbox/messages (SMS log), ${pages.url}/sandbox/push (pushes)`,
        `  purchase store "${SANDBOX_STORE}": settings and 100 SMS credits seeded, no quiet hours; shopper ${SANDBOX_SHOPPER.email} ${SANDBOX_SHOPPER.phone}`,
        'sandbox state starts from the seed at every start: the simulators\' memory, and the history and store in <dataDir>/sandbox/ with it',
      ],
      async seedStore(store) {
        // No quiet hours: in the sandbox an alert shows at once, whatever the hour in Buenos Aires.
        const saved = await new MerchantSettingsRepository(store).put(SANDBOX_STORE, {
          storeName: 'Tienda Sur', quietHours: null, merchantEmail: 'owner@tiendasur.example',
          connections: { email: 'mail', sms: 'sms', push: 'push', platform: SANDBOX_STORE },
        });
        if (!saved.ok) throw new Error(`sandbox settings: ${saved.problems.join('; ')}`);
        const ledger = new SmsCreditLedger(store);
        if ((await ledger.balance(SANDBOX_STORE)).topupBalance === 0) await ledger.topUp(SANDBOX_STORE, 100);
      },
      async close() {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw err;
  }
}
