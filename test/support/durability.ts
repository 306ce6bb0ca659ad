import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from '../../src/domain/connections';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { progressQuery } from '../../src/workflows/migration/messages';
import { freshPostgresDatabase } from './postgres';
import { uniqueTaskQueue } from './temporal';
import { startWorkerProcess } from './worker-process';

export interface KillMidMigrationOptions {
  /** The source and the target, as a deployment's configuration holds them. */
  source: Connection;
  target: Connection;
  /** Names the task queue and the workflow id. */
  name: string;
  /** Small pages, so there are many activities to kill in the middle of. */
  pageSize: number;
  /** Continue-as-new that often, so the kill may land in any run of the chain. */
  pagesPerRun: number;
}

/**
 * Runs fullMigration from `source` to `target` on the production worker in a process of its own (with a fresh
 * PostgreSQL database), SIGKILLs that worker once customers are on their way (categories and products done,
 * the rest not), starts another and returns the migration's result. No worker outlives the call.
 */
export async function migrateKillingTheWorker(env: TestWorkflowEnvironment, options: KillMidMigrationOptions): Promise<FullMigrationResult> {
  const taskQueue = uniqueTaskQueue(options.name);
  const workerOptions = {
    temporalAddress: env.address, taskQueue, databaseUrl: await freshPostgresDatabase(),
    connections: { 'old-store': options.source, 'new-store': options.target },
  };
  const first = startWorkerProcess(workerOptions);
  let second: ReturnType<typeof startWorkerProcess> | undefined;
  try {
    await first.ready;
    const handle = await env.client.workflow.start('fullMigration', {
      taskQueue, workflowId: `durability-${taskQueue}`,
      args: [{ source: { connection: 'old-store' }, target: { connection: 'new-store' }, pageSize: options.pageSize, concurrency: 4, pagesPerRun: options.pagesPerRun, holdForRetry: '0s' }],
    });
    for (let i = 0; i < 600; i++) {
      const progress = await handle.query(progressQuery).catch(() => null);
      if (progress && progress.entities.customers.done > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.kill();
    second = startWorkerProcess(workerOptions);
    await second.ready;
    return (await handle.result()) as FullMigrationResult;
  } finally {
    await first.kill();
    await second?.kill();
  }
}

/** The values that appear more than once (a natural key twice on the target is a duplicate). */
export function duplicates(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  return values.filter((v): v is string => !!v).filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}
