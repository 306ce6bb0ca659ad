import { type NativeConnection, Worker } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from './activities';
import type { CodecKey } from './domain/config';
import { ConnectionRegistry } from './config/secrets';
import { loadConfig } from './config/load';
import { resolveCodecSettings } from './codec/keys';
import { connectWorkerConnection, cutoverDataConverter } from './runtime/temporal';
import { openStore, storeOptionsFor } from './store/database';

export interface CutoverWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  codecKeys: readonly CodecKey[];
  deps: ActivityDeps;
  /** Tests may add workflows of their own (fixtures); production registers src/workflows only. */
  workflowsPath?: string;
}

/** The Cutover worker: every workflow of src/workflows, activities from the factory, payloads encrypted. */
export function createCutoverWorker(options: CutoverWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: options.workflowsPath ?? require.resolve('./workflows'),
    activities: createActivities(options.deps),
    dataConverter: cutoverDataConverter(options.codecKeys),
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const codec = resolveCodecSettings(config, (line) => console.log(line));
  const store = await openStore(storeOptionsFor(config));
  const connection = await connectWorkerConnection(config);
  const worker = await createCutoverWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    codecKeys: codec.keys,
    deps: { connections: new ConnectionRegistry(config.connections), store },
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
