import { type NativeConnection, Worker } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from './activities';
import type { CodecKey } from './domain/config';
import { ConnectionRegistry } from './config/secrets';
import { loadConfig } from './config/load';
import { resolveCodecSettings } from './codec/keys';
import { ensureSchedules } from './runtime/schedules';
import { connectClient, connectWorkerConnection, cutoverDataConverter } from './runtime/temporal';
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
}

/**
 * Every order keeps an orderLifecycle workflow open for days waiting for dispatch. The SDK sizes its cache
 * from the heap limit (about 2,300 on a 4 GB heap), more than the workflow thread's heap holds: the alerts
 * bench crashed it (ERR_WORKER_OUT_OF_MEMORY) at about 1,500 open orders. An evicted workflow is replayed
 * from its short history at its next event, so a smaller cache costs a replay, never a lost alert.
 */
export const MAX_CACHED_WORKFLOWS = 500;

/** The Cutover worker: every workflow of src/workflows, activities from the factory, payloads encrypted. */
export function createCutoverWorker(options: CutoverWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: options.workflowsPath ?? require.resolve('./workflows'),
    activities: createActivities(options.deps),
    dataConverter: cutoverDataConverter(options.codecKeys),
    maxCachedWorkflows: options.maxCachedWorkflows ?? MAX_CACHED_WORKFLOWS,
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const codec = resolveCodecSettings(config, (line) => console.log(line));
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
  console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address ?? 'localhost:7233'}`);
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
