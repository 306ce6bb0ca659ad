import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { channelConnectorFactories } from '../../src/connectors/channels';
import { type CodecKey, configSchema } from '../../src/domain/config';
import { ingressRoutes } from '../../src/ingress/routes';
import { startIngress } from '../../src/ingress/server';
import { temporalCliPath } from '../../src/runtime/dev-server';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/sandbox/twilio';
import { openStore } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { createCutoverWorker } from '../../src/worker';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { type AlertsBenchReport, type BenchChannel, coreCount, delayFigures, type DelayFigures, type RateFigures } from './report';
import { SmtpSink } from '../../src/sandbox/smtp';

export interface AlertsBenchOptions {
  /** Orders per second, each run for `seconds` (default 20, 50 and 100). */
  rates?: number[];
  seconds?: number;
  /** email alone (default), or email and SMS on the payment milestone. */
  channels?: BenchChannel[];
  /** After the last order of a phase, how long to wait for the provider to accept the rest (default max(30, seconds) s). */
  drainSeconds?: number;
  /** A PostgreSQL server for the store; default PGlite in memory. */
  databaseUrl?: string;
  temporalCli?: string;
  log?: (line: string) => void;
}

const WEBHOOK_SECRET = 'bench-shopify-webhook-secret';
const SMS_FROM = '+15550001111';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fires `count` calls at `rate` per second on a fixed schedule (open loop: a slow answer never delays the next call). */
async function paced(rate: number, count: number, fire: (i: number) => Promise<void>): Promise<{ achievedRate: number }> {
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(fire(i));
  }
  const spanSeconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  return { achievedRate: count > 1 ? (count - 1) / spanSeconds : count };
}

/** Waits until every expected acceptance is in or the drain time is over. */
async function drain(accepted: () => number, expected: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (accepted() < expected && Date.now() < deadline) await sleep(100);
}

/** A unique shopper per order and phase: the provider's acceptance is matched to the order by recipient. */
function shopper(phase: string, i: number, phaseIndex: number): { email: string; phone: string } {
  return { email: `${phase}-${i}@bench.example`, phone: `+54911${String(phaseIndex).padStart(2, '0')}${String(i).padStart(6, '0')}` };
}

function shopifyPaidOrder(orderId: number, who: { email: string; phone: string }): Record<string, unknown> {
  return {
    id: orderId, order_number: orderId, name: `#${orderId}`, email: who.email, phone: who.phone, cancelled_at: null,
    customer: { first_name: 'Ana', last_name: 'Bench', email: who.email },
    shipping_address: { name: 'Ana Bench', phone: who.phone, city: 'Córdoba' },
    shipping_lines: [{ code: 'standard', title: 'Envío a domicilio' }], fulfillments: [], fulfillment_status: null,
  };
}

/** A webhook exactly as Shopify signs it: base64 HMAC-SHA256 of the raw body. */
function signedShopifyWebhook(body: unknown): { body: Buffer; headers: Record<string, string> } {
  const raw = Buffer.from(JSON.stringify(body));
  return {
    body: raw,
    headers: {
      'content-type': 'application/json', 'x-shopify-topic': 'orders/paid', 'x-shopify-webhook-id': randomUUID(),
      'x-shopify-hmac-sha256': createHmac('sha256', WEBHOOK_SECRET).update(raw).digest('base64'),
    },
  };
}

/**
 * Sends signed order-paid webhooks at each rate through the production ingress, worker and workflows on a
 * real Temporal dev server, and measures from each POST to the provider's acceptance (the SMTP server's end of
 * DATA, the Twilio simulator's message creation); then, at the same rate, the same channel connector called
 * directly, which is the floor Temporal's durability is compared to.
 */
export async function runAlertsBench(options: AlertsBenchOptions = {}): Promise<AlertsBenchReport> {
  const log = options.log ?? (() => undefined);
  const benchStart = performance.now();
  const rates = options.rates ?? [20, 50, 100];
  const seconds = options.seconds ?? 60;
  const channels = options.channels ?? ['email'];
  const drainSeconds = options.drainSeconds ?? Math.max(30, seconds);
  const loadAverageAtStart = loadavg()[0] ?? 0;

  const smtp = await new SmtpSink({ parse: false, maxClients: 2000 }).start();
  let twilio: TwilioSimulator | null = null;
  const codecKeys: CodecKey[] = [{ id: 'bench', key: randomBytes(32).toString('base64') }];
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: options.temporalCli ?? process.env.CUTOVER_TEST_TEMPORAL_CLI ?? temporalCliPath() }, searchAttributes: cutoverSearchAttributes },
    client: { dataConverter: cutoverDataConverter(codecKeys) },
  });
  const store = await openStore({ url: options.databaseUrl });
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const connections = new ConnectionRegistry({});
    connections.register('mail', { kind: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tienda Sur <alerts@tiendasur.example>' });
    if (channels.includes('sms')) {
      twilio = await startTwilioSimulator({ fromNumbers: [SMS_FROM] });
      connections.register('sms', { kind: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, from: SMS_FROM, endpoint: twilio.url });
    }
    const taskQueue = `bench-alerts-${process.pid}`;
    const config = configSchema.parse({ temporal: { taskQueue }, ingress: { host: '127.0.0.1', port: 0 } });
    const codec = { keys: codecKeys, serverToken: randomBytes(24).toString('hex'), source: 'config' as const };
    const ingress = await startIngress(ingressRoutes(config, codec, store, { client: env.client, connections, operatorToken: randomBytes(24).toString('hex') }), config.ingress);
    cleanups.push(() => ingress.close());
    log('bundling the workflows and starting the worker');
    const worker = await createCutoverWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, codecKeys, deps: { connections, store, publicUrl: ingress.url } });
    // A worker that fails (out of memory, say) ends the bench with its error instead of timing out phase by phase.
    let workerFailure: unknown = null;
    const running = worker.run().catch((err: unknown) => { workerFailure = err; });
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const smsAcceptedAt = (phone: string): number | undefined => twilio?.messages.find((m) => m.to === phone)?.dateCreated.getTime();
    const delaysOf = (channel: BenchChannel, who: { email: string; phone: string }[], sentAt: number[]): number[] =>
      who.flatMap((w, i) => {
        const at = channel === 'email' ? smtp.acceptedAt.get(w.email) : smsAcceptedAt(w.phone);
        return at === undefined ? [] : [at - (sentAt[i] as number)];
      });
    const acceptedCount = (who: { email: string; phone: string }[]): number => {
      const phones = new Set(twilio?.messages.map((m) => m.to));
      return who.reduce((n, w) => n + (smtp.acceptedAt.has(w.email) && channels.includes('email') ? 1 : 0) + (channels.includes('sms') && phones.has(w.phone) ? 1 : 0), 0);
    };

    const figures: RateFigures[] = [];
    for (const [index, rate] of rates.entries()) {
      const orders = Math.max(1, Math.round(rate * seconds));
      const merchant = `bench-${rate}`;
      connections.register(merchant, { kind: 'shopify', shopDomain: `${merchant}.myshopify.com`, apiVersion: '2025-10', accessToken: 'shpat_bench', webhookSecret: WEBHOOK_SECRET });
      const saved = await new MerchantSettingsRepository(store).put(merchant, {
        storeName: 'Tienda Sur', quietHours: null, connections: { email: 'mail', ...(channels.includes('sms') ? { sms: 'sms' } : {}) },
        milestones: { payment: { enabled: true, channels } },
      });
      if (!saved.ok) throw new Error(saved.problems.join('; '));
      if (channels.includes('sms')) await new SmsCreditLedger(store).topUp(merchant, orders * 4);

      // Through Temporal: signed webhook → ingress → signal-with-start → workflow → activity → provider.
      log(`${rate}/s: ${orders} signed webhooks over ${seconds}s`);
      const viaTemporal = Array.from({ length: orders }, (_, i) => shopper(`t${rate}`, i, index * 2));
      const webhookSentAt: number[] = [];
      let webhookErrors = 0;
      const sent = await paced(rate, orders, async (i) => {
        const request = signedShopifyWebhook(shopifyPaidOrder(rate * 1_000_000 + i, viaTemporal[i] as { email: string; phone: string }));
        webhookSentAt[i] = Date.now();
        try {
          const res = await fetch(`${ingress.url}/webhooks/shopify/${merchant}`, { method: 'POST', headers: request.headers, body: request.body });
          await res.arrayBuffer();
          if (res.status !== 202) webhookErrors += 1;
        } catch {
          webhookErrors += 1;
        }
      });
      await drain(() => acceptedCount(viaTemporal), orders * channels.length, drainSeconds);
      if (workerFailure) throw workerFailure;
      const temporal: DelayFigures[] = channels.map((c) => delayFigures(c, orders, delaysOf(c, viaTemporal, webhookSentAt)));

      // Directly: the same connectors, built the way the worker builds them, called at the same rate.
      log(`${rate}/s: ${orders} direct sends over ${seconds}s`);
      const email = channelConnectorFactories.smtp(connections.resolve('mail', 'smtp').connection, connections.resolve('mail', 'smtp').secrets);
      const sms = twilio ? channelConnectorFactories.twilio(connections.resolve('sms', 'twilio').connection, connections.resolve('sms', 'twilio').secrets) : null;
      const direct = Array.from({ length: orders }, (_, i) => shopper(`d${rate}`, i, index * 2 + 1));
      const directSentAt: number[] = [];
      await paced(rate, orders, async (i) => {
        const who = direct[i] as { email: string; phone: string };
        directSentAt[i] = Date.now();
        const text = `Ana, we received the payment for order #${i}. We will tell you when it is on its way.`;
        await Promise.all([
          channels.includes('email') ? email.send({ to: who.email, subject: `Tienda Sur: payment approved for order #${i}`, text, html: `<p>${text}</p>` }).catch(() => undefined) : undefined,
          sms ? sms.send({ to: who.phone, body: text }).catch(() => undefined) : undefined,
        ]);
      });
      await drain(() => acceptedCount(direct), orders * channels.length, drainSeconds);
      await email.close();
      await sms?.close();
      const directFigures: DelayFigures[] = channels.map((c) => delayFigures(c, orders, delaysOf(c, direct, directSentAt)));

      const [t, d] = [temporal[0] as DelayFigures, directFigures[0] as DelayFigures];
      figures.push({
        rate, seconds, orders, achievedRate: sent.achievedRate, webhookErrors, temporal, direct: directFigures,
        ratioP50: t.p50Ms / Math.max(1, d.p50Ms), ratioP99: t.p99Ms / Math.max(1, d.p99Ms),
      });
      log(`${rate}/s: temporal p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms (pending ${t.pending}); direct p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms`);
    }
    return {
      rates: figures, channels, store: options.databaseUrl ? 'postgresql' : 'pglite',
      loadAverageAtStart, loadAverageAtEnd: loadavg()[0] ?? 0, cores: coreCount(), benchSeconds: (performance.now() - benchStart) / 1000,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await env.teardown();
    await store.destroy();
    await twilio?.close();
    await smtp.stop();
  }
}
