import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { channelConnectorFactories } from '../../src/connectors/channels';
import { type CodecKey, configSchema } from '../../src/domain/config';
import type { Connection } from '../../src/domain/connections';
import { orderWorkflowId } from '../../src/domain/purchase/events';
import { ingressRoutes } from '../../src/ingress/routes';
import { startIngress } from '../../src/ingress/server';
import { temporalCliPath } from '../../src/runtime/dev-server';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { SmtpSink } from '../../src/sandbox/smtp';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/sandbox/twilio';
import { openStore } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { fetchOrderTimings, phaseTimings, sampleEvenly } from './history';
import {
  type BenchShopper, forkBenchProcess, type LoadRequest, type LoadResult, type WorkerProcessConfig, type WorkerReply, type WorkerRequest, type WorkerSnapshot,
} from './ipc';
import { cpuPerAlert, findTemporalServerPid, readCpuTimes, type WatchedProcesses } from './processes';
import { type AlertsBenchReport, type BenchChannel, coreCount, delayFigures, type DelayFigures, percentile, type RateFigures } from './report';

export interface AlertsBenchOptions {
  /** Orders per second, each run for `seconds` (default 20, 50 and 100). */
  rates?: number[];
  seconds?: number;
  /** email alone (default), or email and SMS on the payment milestone. */
  channels?: BenchChannel[];
  /**
   * After the last order of a phase, how long to wait for the provider to accept the rest and for the
   * worker to fall idle (default max(60, 2 × seconds) s). What is still queued then is counted as pending
   * and its workflows are terminated, so no backlog runs into the next phase or the direct baseline.
   */
  drainSeconds?: number;
  /** Orders per phase whose workflow history is read for the time breakdown (default 200). */
  historySample?: number;
  /** A PostgreSQL server for the store; default PGlite in memory (in the worker's process). */
  databaseUrl?: string;
  temporalCli?: string;
  log?: (line: string) => void;
}

const WEBHOOK_SECRET = 'bench-shopify-webhook-secret';
const SMS_FROM = '+15550001111';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fires `count` calls at `rate` per second on a fixed schedule (open loop: a slow answer never delays the next call). */
async function paced(rate: number, count: number, fire: (i: number) => Promise<void>): Promise<void> {
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(fire(i));
  }
  await Promise.all(pending);
}

/** A unique shopper per order and phase: the provider's acceptance is matched to the order by recipient. */
function shopper(phase: string, i: number, phaseIndex: number): BenchShopper {
  return { email: `${phase}-${i}@bench.example`, phone: `+54911${String(phaseIndex).padStart(2, '0')}${String(i).padStart(6, '0')}` };
}

/** The worker process, spoken to over IPC: one request at a time gets its own answer. */
class WorkerHandle {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Extract<WorkerReply, { kind: 'done' }>) => void>();
  failure: string | null = null;
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: WorkerReply) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') {
          this.failure = message.error;
          reject(new Error(`the bench worker failed: ${message.error}`));
        } else this.waiting.get(message.id)?.(message);
      });
      child.once('exit', (code) => {
        this.failure ??= `the bench worker exited with ${code}`;
        reject(new Error(this.failure));
        for (const settle of this.waiting.values()) settle({ kind: 'done', id: 0, error: this.failure });
      });
    });
    this.ready.catch(() => undefined);
  }

  async ask(request: WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never): Promise<WorkerSnapshot | undefined> {
    if (this.failure) throw new Error(this.failure);
    const id = this.nextId++;
    const reply = await new Promise<Extract<WorkerReply, { kind: 'done' }>>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...request, id } as WorkerRequest);
    });
    this.waiting.delete(id);
    if (reply.error) throw new Error(reply.error);
    return reply.snapshot;
  }

  async snapshot(): Promise<WorkerSnapshot> {
    return (await this.ask({ kind: 'snapshot' })) as WorkerSnapshot;
  }
}

/** Runs one phase of load in the load generator's process. */
function runLoad(child: ChildProcess, request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: LoadResult): void => {
      if (message.kind !== 'load-result') return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(message);
    };
    const onExit = (code: number | null): void => reject(new Error(`the load generator exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

/** Waits until `done()` or the deadline; true when done. */
async function waitFor(done: () => boolean | Promise<boolean>, deadline: number, everyMs = 100): Promise<boolean> {
  while (!(await done())) {
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
}

const cpuMs = (s: WorkerSnapshot): number => (s.cpuUserMicros + s.cpuSystemMicros) / 1000;

/**
 * Sends signed order-paid webhooks at each rate through the production ingress to the production worker on
 * a real Temporal dev server, and measures from each POST to the provider's acceptance (the SMTP server's end
 * of DATA, the Twilio simulator's message creation); then, at the same rate, the same channel connector
 * called directly, which is the floor Temporal's durability is compared to. Three processes: this one (the
 * Temporal server's parent, the ingress, the SMTP server and the Twilio simulator), the worker, and the load
 * generator. Each phase drains before the next starts; the worker's CPU time per alert, the history of a
 * sample of orders and the provider's call times say where the time went.
 */
export async function runAlertsBench(options: AlertsBenchOptions = {}): Promise<AlertsBenchReport> {
  const log = options.log ?? (() => undefined);
  const benchStart = performance.now();
  const rates = options.rates ?? [20, 50, 100];
  const seconds = options.seconds ?? 60;
  const channels = options.channels ?? ['email'];
  const drainSeconds = options.drainSeconds ?? Math.max(60, 2 * seconds);
  const historySample = options.historySample ?? 200;
  const loadAverageAtStart = loadavg()[0] ?? 0;

  const smtp = await new SmtpSink({ parse: false, maxClients: 2000 }).start();
  let twilio: TwilioSimulator | null = null;
  const codecKeys: CodecKey[] = [{ id: 'bench', key: randomBytes(32).toString('base64') }];
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: options.temporalCli ?? process.env.CUTOVER_TEST_TEMPORAL_CLI ?? temporalCliPath() }, searchAttributes: cutoverSearchAttributes },
    client: { dataConverter: cutoverDataConverter(codecKeys) },
  });
  // The ingress's own store handle: the webhook route does not read it (the worker's store is the one that counts).
  const ingressStore = await openStore({ url: options.databaseUrl });
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const channelConnections: Record<string, Connection> = {
      mail: { kind: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tienda Sur <alerts@tiendasur.example>' },
    };
    if (channels.includes('sms')) {
      twilio = await startTwilioSimulator({ fromNumbers: [SMS_FROM] });
      channelConnections.sms = { kind: 'twilio', accountSid: twilio.accountSid, authToken: twilio.authToken, from: SMS_FROM, endpoint: twilio.url };
    }
    const connections = new ConnectionRegistry({ ...channelConnections });
    const taskQueue = `bench-alerts-${process.pid}`;
    const config = configSchema.parse({ temporal: { taskQueue }, ingress: { host: '127.0.0.1', port: 0 } });
    const codec = { keys: codecKeys, serverToken: randomBytes(24).toString('hex'), source: 'config' as const };
    const ingress = await startIngress(ingressRoutes(config, codec, ingressStore, { client: env.client, connections, operatorToken: randomBytes(24).toString('hex') }), config.ingress);
    cleanups.push(() => ingress.close());

    log('bundling the workflows and starting the worker (its own process)');
    const workerConfig: WorkerProcessConfig = {
      temporalAddress: env.address, namespace: env.namespace ?? 'default', taskQueue, codecKeys, connections: channelConnections,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), publicUrl: ingress.url,
    };
    // BENCH_WORKER_NODE_ARGS: extra node flags for the worker alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const workerNodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const worker = new WorkerHandle(forkBenchProcess('worker-process.ts', [JSON.stringify(workerConfig)], workerNodeArgs));
    cleanups.push(async () => {
      if (worker.child.exitCode !== null) return;
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      await Promise.race([worker.ask({ kind: 'shutdown' }).catch(() => undefined), sleep(30_000)]);
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await exited;
    });
    await worker.ready;
    const loadGenerator = forkBenchProcess('load.ts');
    cleanups.push(async () => {
      if (loadGenerator.exitCode === null) loadGenerator.kill();
    });
    const watched: WatchedProcesses = { worker: worker.child.pid, temporalServer: findTemporalServerPid(env.address), loadGenerator: loadGenerator.pid };

    const smsAcceptedAt = (phone: string): number | undefined => twilio?.messages.find((m) => m.to === phone)?.dateCreated.getTime();
    const delaysOf = (channel: BenchChannel, who: BenchShopper[], sentAt: number[]): number[] =>
      who.flatMap((w, i) => {
        const accepted = channel === 'email' ? smtp.acceptedAt.get(w.email) : smsAcceptedAt(w.phone);
        return accepted === undefined ? [] : [accepted - (sentAt[i] as number)];
      });
    const acceptedCount = (who: BenchShopper[]): number => {
      const phones = new Set(twilio?.messages.map((m) => m.to));
      return who.reduce((n, w) => n + (smtp.acceptedAt.has(w.email) && channels.includes('email') ? 1 : 0) + (channels.includes('sms') && phones.has(w.phone) ? 1 : 0), 0);
    };
    const fullyAccepted = (w: BenchShopper): boolean =>
      (!channels.includes('email') || smtp.acceptedAt.has(w.email)) && (!channels.includes('sms') || !!twilio?.messages.some((m) => m.to === w.phone));

    const figures: RateFigures[] = [];
    const runTag = randomBytes(3).toString('hex');
    for (const [index, rate] of rates.entries()) {
      const orders = Math.max(1, Math.round(rate * seconds));
      // A store of this run's own: alert_sends on a reused DATABASE_URL remembers an earlier run's orders as sent.
      const merchant = `bench-${rate}-${runTag}`;
      connections.register(merchant, { kind: 'shopify', shopDomain: `${merchant}.myshopify.com`, apiVersion: '2025-10', accessToken: 'shpat_bench', webhookSecret: WEBHOOK_SECRET });
      const settings = {
        storeName: 'Tienda Sur', quietHours: null, connections: { email: 'mail', ...(channels.includes('sms') ? { sms: 'sms' } : {}) },
        milestones: { payment: { enabled: true, channels } },
      };
      await worker.ask({ kind: 'merchant', store: merchant, smsCredits: channels.includes('sms') ? orders * 4 : 0, settings });
      // The ingress reads them too (it sends them with each event): on PGlite its store is not the worker's.
      if (!options.databaseUrl) await new MerchantSettingsRepository(ingressStore).put(merchant, settings);

      // Through Temporal: signed webhook → ingress → signal-with-start → workflow → activity → provider.
      log(`${rate}/s: ${orders} signed webhooks over ${seconds}s (load generator in its own process)`);
      const viaTemporal = Array.from({ length: orders }, (_, i) => shopper(`t${rate}`, i, index * 2));
      const orderIdBase = rate * 1_000_000;
      const before = await worker.snapshot();
      const cpuBefore = readCpuTimes(watched);
      // BENCH_WORKER_PROFILE=<dir>: a CPU profile of the worker's main thread over each phase, for where its time goes.
      const profileDir = process.env.BENCH_WORKER_PROFILE;
      if (profileDir) await worker.ask({ kind: 'profile' });
      const load = await runLoad(loadGenerator, {
        kind: 'load', url: `${ingress.url}/webhooks/shopify/${merchant}`, secret: WEBHOOK_SECRET, shopDomain: `${merchant}.myshopify.com`,
        rate, orderIdBase, shoppers: viaTemporal,
      });
      // The phase ends when every alert is accepted and the worker has had nothing in flight for a second.
      const deadline = Date.now() + drainSeconds * 1000;
      await waitFor(() => acceptedCount(viaTemporal) >= orders * channels.length, deadline);
      let idleSince = 0;
      let after = await worker.snapshot();
      await waitFor(async () => {
        after = await worker.snapshot();
        const idle = after.inFlightActivations === 0 && after.inFlightActivities === 0;
        idleSince = idle ? idleSince || Date.now() : 0;
        return idle && Date.now() - idleSince >= 1000;
      }, deadline, 250);
      if (worker.failure) throw new Error(worker.failure);
      const cpuAfter = readCpuTimes(watched);
      if (profileDir) await worker.ask({ kind: 'profile', file: `${profileDir}/worker-main-${rate}.cpuprofile` });
      const temporal: DelayFigures[] = channels.map((c) => delayFigures(c, orders, delaysOf(c, viaTemporal, load.sentAt)));
      const alerts = acceptedCount(viaTemporal);
      const workerCpuMs = cpuMs(after) - cpuMs(before);

      // What is still queued would run into the next phase and the direct baseline: it is counted, then ended.
      const unfinished = viaTemporal.flatMap((w, i) => (fullyAccepted(w) ? [] : [orderWorkflowId(merchant, String(orderIdBase + i))]));
      if (unfinished.length > 0) {
        log(`${rate}/s: ${unfinished.length} orders still queued after ${drainSeconds}s: terminating their workflows`);
        await Promise.all(unfinished.map((id) => env.client.workflow.getHandle(id).terminate('bench phase over').catch(() => undefined)));
      }
      log(`${rate}/s: reading the history of ${Math.min(historySample, orders)} orders`);
      const timings = phaseTimings(await fetchOrderTimings(env.client, sampleEvenly(viaTemporal.map((_, i) => orderWorkflowId(merchant, String(orderIdBase + i))), historySample)));
      const providerMs = Object.fromEntries(channels.map((c) => {
        const calls = (after.providerMs[c] ?? []).slice((before.providerMs[c] ?? []).length);
        return [c, { p50: percentile(calls, 0.5), p99: percentile(calls, 0.99) }];
      }));

      // Directly: the same connectors, built the way the worker builds them, called at the same rate.
      log(`${rate}/s: ${orders} direct sends over ${seconds}s`);
      const email = channelConnectorFactories.smtp(connections.resolve('mail', 'smtp').connection, connections.resolve('mail', 'smtp').secrets);
      const sms = twilio ? channelConnectorFactories.twilio(connections.resolve('sms', 'twilio').connection, connections.resolve('sms', 'twilio').secrets) : null;
      const direct = Array.from({ length: orders }, (_, i) => shopper(`d${rate}`, i, index * 2 + 1));
      const directSentAt: number[] = [];
      await paced(rate, orders, async (i) => {
        const who = direct[i] as BenchShopper;
        directSentAt[i] = Date.now();
        const text = `Ana, we received the payment for order #${i}. We will tell you when it is on its way.`;
        await Promise.all([
          channels.includes('email') ? email.send({ to: who.email, subject: `Tienda Sur: payment approved for order #${i}`, text, html: `<p>${text}</p>` }).catch(() => undefined) : undefined,
          sms ? sms.send({ to: who.phone, body: text }).catch(() => undefined) : undefined,
        ]);
      });
      await waitFor(() => acceptedCount(direct) >= orders * channels.length, Date.now() + drainSeconds * 1000);
      await email.close();
      await sms?.close();
      const directFigures: DelayFigures[] = channels.map((c) => delayFigures(c, orders, delaysOf(c, direct, directSentAt)));

      const [t, d] = [temporal[0] as DelayFigures, directFigures[0] as DelayFigures];
      figures.push({
        rate, seconds, orders, achievedRate: load.achievedRate, webhookErrors: load.errors, temporal, direct: directFigures,
        ratioP50: t.p50Ms / Math.max(1, d.p50Ms), ratioP99: t.p99Ms / Math.max(1, d.p99Ms),
        ingressAck: { p50: percentile(load.ackMs, 0.5), p99: percentile(load.ackMs, 0.99) },
        timings, providerMs, alerts, workerCpuMs, workerCpuMsPerAlert: alerts > 0 ? workerCpuMs / alerts : Number.NaN,
        cpuMsPerAlert: cpuPerAlert(cpuBefore, cpuAfter, alerts),
        workerRssMb: after.rssBytes / 1e6, loadAverage: loadavg()[0] ?? 0,
      });
      log(`${rate}/s: temporal p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms (pending ${t.pending}); direct p50 ${d.p50Ms} ms, p99 ${d.p99Ms} ms; worker ${(workerCpuMs / Math.max(1, alerts)).toFixed(2)} CPU ms per alert`);
    }
    return {
      rates: figures, channels, store: options.databaseUrl ? 'postgresql' : 'pglite',
      loadAverageAtStart, loadAverageAtEnd: loadavg()[0] ?? 0, cores: coreCount(), benchSeconds: (performance.now() - benchStart) / 1000,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await env.teardown();
    await ingressStore.destroy();
    await twilio?.close();
    await smtp.stop();
  }
}
