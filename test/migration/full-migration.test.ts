import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { openStore, type Store } from '../../src/store/database';
import { IdMapRepository } from '../../src/store/id-map-repository';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import { progressQuery, retryFailedUpdate } from '../../src/workflows/migration/messages';
import { MemoryPlatform, seededWooCommerce } from '../support/memory-platform';
import { recordHistory } from '../replay/record';
import { createDevEnv, createTestWorker, uniqueTaskQueue } from '../support/temporal';

describe('fullMigration (workflow logic, in-memory platforms, real Temporal)', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;
  beforeAll(async () => {
    env = await createDevEnv();
    store = await openStore({});
  });
  afterAll(async () => {
    await store?.destroy();
    await env?.teardown();
  });

  async function run(source: MemoryPlatform, target: MemoryPlatform, input: Record<string, unknown>, during?: (workflowId: string) => Promise<void>) {
    const taskQueue = uniqueTaskQueue('migration');
    const platforms = (name: string) => (name === 'src' ? source : target);
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store, platforms }, { taskQueue });
    const workflowId = `migration-${taskQueue}`;
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start('fullMigration', {
        taskQueue, workflowId, args: [{ source: { connection: 'src' }, target: { connection: 'dst' }, pageSize: 3, ...input }],
      });
      await during?.(workflowId);
      return { result: await handle.result(), handle };
    });
  }

  it('copies every entity in dependency order, continues as new, verifies, and a second run writes nothing', async () => {
    const source = seededWooCommerce();
    const target = new MemoryPlatform('shopify');
    const { result, handle } = await run(source, target, { migrationId: 'mem-1', pagesPerRun: 2, storeDomain: 'old.example' });
    await recordHistory(env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId), 'first-run');
    await recordHistory(handle, 'last-run');
    expect(result.verification.ok).toBe(true);
    expect(result.progress.phase).toBe('completed');
    expect(result.progress.runs).toBeGreaterThan(0);
    for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
      expect(target.data[type].size).toBe(source.data[type].size);
      expect(result.progress.entities[type]).toMatchObject({ total: source.data[type].size, done: source.data[type].size, failed: 0 });
    }
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'MigrationPhase', type: 'KEYWORD' } as never)).toBe('completed');
    const report = await new MigrationReportRepository(store).find('mem-1');
    expect(report?.entities.orders?.verified).toBe(source.data.orders.size);

    const writes = target.writes;
    const again = await run(source, target, { migrationId: 'mem-1' });
    expect(again.result.verification.ok).toBe(true);
    expect(target.writes).toBe(writes);
    expect(target.data.products.size).toBe(source.data.products.size);
  });

  it('records a refused record, keeps going, and retryFailed re-runs just that one', async () => {
    const source = seededWooCommerce();
    const target = new MemoryPlatform('shopify');
    target.refuse.add('u2');
    const { result } = await run(source, target, { migrationId: 'mem-2' }, async (workflowId) => {
      const handle = env.client.workflow.getHandle(workflowId);
      for (let i = 0; i < 100; i++) {
        if ((await handle.query(progressQuery)).phase === 'awaiting-retry') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const failed = await new IdMapRepository(store).list('mem-2', { status: 'failed' });
      expect(failed.map((f) => [f.sourceId, f.error])).toEqual([['u2', 'refused by target: invalid data']]);
      target.refuse.clear();
      expect(await handle.executeUpdate(retryFailedUpdate)).toEqual({ retried: 1, nowMigrated: 1, stillFailed: 0 });
    });
    expect(result.verification.ok).toBe(true);
    expect(target.data.customers.size).toBe(source.data.customers.size);
  });

  it('retries transient write failures with backoff and loses nothing', async () => {
    const source = seededWooCommerce();
    const target = new MemoryPlatform('shopify');
    target.transientFailures = 3;
    const { result } = await run(source, target, { migrationId: 'mem-3' });
    expect(result.verification.ok).toBe(true);
    expect(target.data.orders.size).toBe(source.data.orders.size);
  });

  it('refuses a bad input before any write, naming each field', async () => {
    const target = new MemoryPlatform('shopify');
    const error = await run(seededWooCommerce(), target, { pageSize: 0, entityTypes: ['products', 'invoices'], statusMap: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/pageSize: Too small/);
    expect(message).toMatch(/entityTypes\.1: Invalid option/);
    expect(target.writes).toBe(0);
  });

  it('refuses an order-status map with words the platforms do not know', async () => {
    const target = new MemoryPlatform('shopify');
    const error = await run(seededWooCommerce(), target, { statusMap: { processing: 'shipped-ish', lost: 'paid' } }).catch((e: unknown) => e);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/statusMap\.processing: "shipped-ish" is not a shopify order status/);
    expect(message).toMatch(/statusMap\.lost: "lost" is not a woocommerce order status/);
    expect(target.writes).toBe(0);
  });
});
