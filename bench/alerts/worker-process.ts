/**
 * The alerts bench's worker, in a process of its own: the production worker (createCutoverWorker, the
 * production activities and channel connectors) against the bench's Temporal server. It answers the bench
 * over IPC: merchants to set up in its store, and snapshots of its own CPU time, in-flight work and provider
 * call durations. Its CPU time per alert is the figure that sizes a deployment.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createConnectorSenders } from '../../src/activities/purchase/connector-senders';
import type { ChannelSenders } from '../../src/activities/purchase/channel-senders';
import { ConnectionRegistry } from '../../src/config/secrets';
import { openStore } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { createCutoverWorker, type CutoverWorkerOptions } from '../../src/worker';
import type { WorkerProcessConfig, WorkerReply, WorkerRequest, WorkerSnapshot } from './ipc';

const providerMs: Record<string, number[]> = { email: [], sms: [], push: [] };

/** The production senders, each provider call timed: the provider's share of the delay. */
function timed(senders: ChannelSenders): ChannelSenders {
  const time = async <T>(channel: string, call: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await call();
    } finally {
      providerMs[channel]?.push(performance.now() - start);
    }
  };
  return {
    email: (connection, message) => time('email', () => senders.email(connection, message)),
    sms: (connection, message) => time('sms', () => senders.sms(connection, message)),
    push: (connection, subscription, payload) => time('push', () => senders.push(connection, subscription, payload)),
  };
}

let session: Session | null = null;

/** The main thread's CPU profile (BENCH_WORKER_PROFILE): started with no file, written to `file` when stopped. */
async function profile(file: string | undefined): Promise<void> {
  const post = <T>(method: string): Promise<T> => new Promise((resolve, reject) => {
    (session as Session).post(method, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
  if (!file) {
    session = new Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
    return;
  }
  if (!session) return;
  const { profile: taken } = await post<{ profile: unknown }>('Profiler.stop');
  writeFileSync(file, JSON.stringify(taken));
  session.disconnect();
  session = null;
}

function reply(message: WorkerReply): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
  // Errors only: under the bench's load the core warns of every workflow task over 5 s, which the report shows anyway.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const store = await openStore({ url: config.databaseUrl });
  const connections = new ConnectionRegistry(config.connections);
  const senders = createConnectorSenders(connections, undefined, { publicUrl: config.publicUrl });
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker: Worker = await createCutoverWorker({
    connection, namespace: config.namespace, taskQueue: config.taskQueue, codecKeys: config.codecKeys,
    deps: { connections, store, publicUrl: config.publicUrl, channels: timed(senders) },
    // As the production worker reads it (off unless CUTOVER_WORKFLOW_STACK_TRACES=true): the bench can compare both.
    workflowStackTraces: process.env.CUTOVER_WORKFLOW_STACK_TRACES === 'true',
    // BENCH_WORKER_TUNING='{"workflowThreadPoolSize":2}': worker options to compare against the production defaults.
    ...(process.env.BENCH_WORKER_TUNING ? { tuning: JSON.parse(process.env.BENCH_WORKER_TUNING) as CutoverWorkerOptions['tuning'] } : {}),
  });
  const running = worker.run();

  process.on('message', (message: WorkerRequest) => {
    void (async () => {
      try {
        if (message.kind === 'merchant') {
          const saved = await new MerchantSettingsRepository(store).put(message.store, message.settings);
          if (!saved.ok) throw new Error(saved.problems.join('; '));
          if (message.smsCredits > 0) await new SmsCreditLedger(store).topUp(message.store, message.smsCredits);
          return reply({ kind: 'done', id: message.id });
        }
        if (message.kind === 'profile') {
          await profile(message.file);
          return reply({ kind: 'done', id: message.id });
        }
        if (message.kind === 'snapshot') {
          const cpu = process.cpuUsage();
          const status = worker.getStatus();
          const snapshot: WorkerSnapshot = {
            cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system, rssBytes: process.memoryUsage.rss(),
            inFlightActivations: status.numInFlightWorkflowActivations, inFlightActivities: status.numInFlightActivities,
            cachedWorkflows: status.numCachedWorkflows, providerMs,
          };
          return reply({ kind: 'done', id: message.id, snapshot });
        }
        worker.shutdown();
        await running;
        await senders.close();
        await store.destroy();
        await connection.close();
        // Exit now, not when the last handle closes: a profiler started with --cpu-prof writes its profile on exit.
        process.send?.({ kind: 'done', id: message.id } satisfies WorkerReply, undefined, undefined, () => process.exit(0));
      } catch (err) {
        reply({ kind: 'done', id: message.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
      }
    })();
  });
  running.catch((err: unknown) => reply({ kind: 'failed', error: err instanceof Error ? err.stack ?? err.message : String(err) }));
  reply({ kind: 'ready' });
}

main().catch((err: unknown) => {
  reply({ kind: 'failed', error: err instanceof Error ? err.stack ?? err.message : String(err) });
  process.exitCode = 1;
});
