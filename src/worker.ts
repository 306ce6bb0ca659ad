import { bundleWorkflowCode, type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ActivityDeps, createActivities } from './activities';
import { createConnectorSenders } from './activities/purchase/connector-senders';
import type { CodecKey } from './domain/config';
import { ConnectionRegistry } from './config/secrets';
import { loadConfig } from './config/load';
import { resolveCodecSettings } from './codec/keys';
import { createLogger, installWorkerRuntime } from './runtime/observability';
import { ensureSchedules } from './runtime/schedules';
import { connectClient, connectWorkerConnection, cutoverDataConverter, FAILURE_CONVERTER_PATH, temporalConnectionOptions } from './runtime/temporal';
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
  /**
   * Stack frames for the stack-trace query (the UI's Stack Trace tab) and for errors thrown in workflow code.
   * Default off (WORKFLOW_STACK_TRACES_OFF): see there for what they cost.
   */
  workflowStackTraces?: boolean;
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

/**
 * Prefixed to the workflow bundle (on its first line, so the bundle's source map still points right): workflow
 * code in the worker's V8 context records no stack frames. The SDK captures a stack trace, mapped through the
 * bundle's source map, for every promise a workflow creates (for its stack-trace query; sdk-typescript#1587),
 * the largest single cost in the workflow thread: replaying an order's recorded history took about 30% less
 * CPU with no frames, and the alerts bench's worker 14% less per alert (README, Alerts benchmark). Errors keep
 * their messages; what is lost is their frames and the UI's Stack Trace tab, which
 * `observability.workflowStackTraces` (CUTOVER_WORKFLOW_STACK_TRACES=true) turns back on to debug a stuck workflow.
 */
export const WORKFLOW_STACK_TRACES_OFF = 'Error.stackTraceLimit = 0;';

/** The workflow bundle's code: prebuilt beside the compiled worker, else bundled now (running from source, or a test's workflows). */
async function workflowBundleCode(workflowsPath: string | undefined): Promise<string> {
  if (!workflowsPath && existsSync(PREBUILT_WORKFLOW_BUNDLE)) return readFileSync(PREBUILT_WORKFLOW_BUNDLE, 'utf8');
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath ?? require.resolve('./workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, preloadModules: PRELOADED_WORKFLOW_MODULES,
    // As Worker.create would bundle: its messages through the runtime's logger.
    logger: Runtime.instance().logger,
  });
  return code;
}

/** The Cutover worker: every workflow of src/workflows, activities from the factory, payloads encrypted. */
export async function createCutoverWorker(options: CutoverWorkerOptions): Promise<Worker> {
  const code = await workflowBundleCode(options.workflowsPath);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: { code: options.workflowStackTraces ? code : WORKFLOW_STACK_TRACES_OFF + code },
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
  const connections = new ConnectionRegistry(config.connections);
  // Built here, not inside the activities, so that shutdown closes their pooled SMTP and keep-alive connections.
  const channels = createConnectorSenders(connections, undefined, { publicUrl: config.ingress.publicUrl });
  const worker = await createCutoverWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    codecKeys: codec.keys,
    deps: { connections, store, publicUrl: config.ingress.publicUrl, channels },
    workflowStackTraces: config.observability.workflowStackTraces,
  });
  logger.info({
    temporal: config.temporal.address ?? 'localhost:7233', namespace: config.temporal.namespace, security: describeTemporalSecurity(temporalConnectionOptions(config)),
    sdkMetrics: sdkMetrics ? `http://${config.observability.sdkMetricsAddress}/metrics` : 'off', workflowBundle: existsSync(PREBUILT_WORKFLOW_BUNDLE) ? 'prebuilt' : 'bundled at start',
    workflowStackTraces: config.observability.workflowStackTraces,
  }, `worker polling task queue "${config.temporal.taskQueue}"`);
  await worker.run();
  await channels.close();
  await store.destroy();
  await connection.close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
