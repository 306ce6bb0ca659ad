import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ActivityDeps, createActivities } from './activities';
import type { CodecKey } from './domain/config';
import { ConnectionRegistry } from './config/secrets';
import { loadConfig } from './config/load';
import { resolveCodecSettings } from './codec/keys';
import { createLogger, installWorkerRuntime } from './runtime/observability';
import { ensureSchedules } from './runtime/schedules';
import { connectClient, connectWorkerConnection, cutoverDataConverter, temporalConnectionOptions } from './runtime/temporal';
import { describeTemporalSecurity } from './runtime/temporal-profile';
import { openStore, storeOptionsFor } from './store/database';

export interface CutoverWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  codecKeys: readonly CodecKey[];
  deps: ActivityDeps;
  /** Tests may add workflows of their own (fixtures); production registers src/workflows only. */
  workflowsPath?: string;
  /** Open workflows kept in the worker's cache; default MAX_CACHED_WORKFLOWS. */
  maxCachedWorkflows?: number;
  /** Other worker options (threads, slots, pollers) over the defaults below: the alerts bench compares them. */
  tuning?: Partial<Pick<WorkerOptions, 'workflowThreadPoolSize' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentLocalActivityExecutions' | 'maxConcurrentActivityTaskExecutions' | 'workflowTaskPollerBehavior' | 'activityTaskPollerBehavior'>>;
}

/**
 * Every order keeps an orderLifecycle workflow open for days waiting for dispatch. The SDK sizes its cache
 * from the heap limit (about 2,300 on a 4 GB heap), more than the workflow thread's heap holds: the alerts
 * bench crashed it (ERR_WORKER_OUT_OF_MEMORY) at about 1,500 open orders. An evicted workflow is replayed
 * from its short history at its next event, so a smaller cache costs a replay, never a lost alert.
 */
export const MAX_CACHED_WORKFLOWS = 500;

/**
 * The workflow bundle `npm run build` writes beside the compiled worker (scripts/build.ts): a deployed worker
 * loads it instead of running webpack at every start. Running from source, there is none.
 */
export const PREBUILT_WORKFLOW_BUNDLE = resolve(__dirname, 'workflow-bundle.js');

/**
 * Workflow modules evaluated once per workflow thread instead of once per workflow (the reusable V8 context's
 * shared modules): the order workflow's, which every order loads and whose module scope keeps no state (its
 * activity proxies look the workflow up at each call). Their module scope runs before any workflow exists.
 */
export const PRELOADED_WORKFLOW_MODULES = [require.resolve('./workflows/purchase/order-lifecycle')];

/** The Cutover worker: every workflow of src/workflows, activities from the factory, payloads encrypted. */
export function createCutoverWorker(options: CutoverWorkerOptions): Promise<Worker> {
  const workflows = options.workflowsPath || !existsSync(PREBUILT_WORKFLOW_BUNDLE)
    ? { workflowsPath: options.workflowsPath ?? require.resolve('./workflows'), bundlerOptions: { preloadModules: PRELOADED_WORKFLOW_MODULES } }
    : { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflows,
    activities: createActivities(options.deps),
    dataConverter: cutoverDataConverter(options.codecKeys),
    maxCachedWorkflows: options.maxCachedWorkflows ?? MAX_CACHED_WORKFLOWS,
    ...options.tuning,
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.observability.logLevel, service: 'worker' });
  const sdkMetrics = installWorkerRuntime(config, logger);
  const codec = resolveCodecSettings(config, (line) => logger.info(line));
  const store = await openStore(storeOptionsFor(config));
  const connection = await connectWorkerConnection(config);
  const client = await connectClient(config, codec.keys);
  await ensureSchedules(client, config.temporal.taskQueue);
  await client.connection.close();
  const worker = await createCutoverWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    codecKeys: codec.keys,
    deps: { connections: new ConnectionRegistry(config.connections), store, publicUrl: config.ingress.publicUrl },
  });
  logger.info({
    temporal: config.temporal.address ?? 'localhost:7233', namespace: config.temporal.namespace, security: describeTemporalSecurity(temporalConnectionOptions(config)),
    sdkMetrics: sdkMetrics ? `http://${config.observability.sdkMetricsAddress}/metrics` : 'off', workflowBundle: existsSync(PREBUILT_WORKFLOW_BUNDLE) ? 'prebuilt' : 'bundled at start',
  }, `worker polling task queue "${config.temporal.taskQueue}"`);
  await worker.run();
  await store.destroy();
  await connection.close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
