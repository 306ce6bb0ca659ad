import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, ServiceError, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { EntityType } from '../../src/domain/catalog/entities';
import type { WriteContext, WriteItem, WriteResult } from '../../src/connectors/platforms/types';
import { superviseDevServer } from '../../src/runtime/dev-server';
import { isServerOutage, resultSurvivingOutages } from '../../src/runtime/reconnect';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { openStore } from '../../src/store/database';
import { createCutoverWorker } from '../../src/worker';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { MemoryPlatform, seededWooCommerce } from '../support/memory-platform';
import { startKillableDevServer, type KillableDevServer } from '../support/dev-server';
import { freePort, required, testCodecKeys } from '../support/temporal';

/** A target that takes a while per batch, so the server can be killed with pages still to write. */
class SlowTarget extends MemoryPlatform {
  override async upsertBatch<T extends EntityType>(type: T, items: WriteItem<T>[], context?: WriteContext): Promise<WriteResult[]> {
    await new Promise((resolve) => setTimeout(resolve, 250));
    return super.upsertBatch(type, items, context);
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The Temporal dev server persisted to SQLite (as `npm run dev` runs it) killed with SIGKILL in the middle of a
 * migration and started again on the same file and port: the history was on disk, so the workflow goes on where
 * it was; the worker reconnects by itself; a client waiting for the result (the CLI's `--wait`, the demo) waits
 * the outage out instead of dying with "Failed to get Workflow execution history".
 */
describe('a Temporal server killed with kill -9 mid-migration and started again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-restart-'));
  let server: KillableDevServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the migration complete with exactly the source\'s entities, and the waiting client still gets its result', async () => {
    server = await startKillableDevServer(dir);

    const store = await openStore({});
    const source = seededWooCommerce();
    const target = new SlowTarget('shopify');
    const total = (['categories', 'products', 'customers', 'orders'] as const).reduce((n, t) => n + source.data[t].size, 0);
    const taskQueue = `restart-${process.pid}`;
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createCutoverWorker({
      connection: nativeConnection, namespace: 'default', taskQueue, codecKeys: testCodecKeys,
      deps: { connections: new ConnectionRegistry({}), store, platforms: (name: string) => (name === 'src' ? source : target) },
    });
    const running = worker.run();
    // A client that gives up on an unreachable server after a few quick tries (the SDK's default gives up after
    // some seconds): the outage below outlasts its retries, as a longer restart outlasts the default's.
    const impatient = defaultGrpcRetryOptions({ maxAttempts: 3, initialIntervalMs: () => 50, factor: 2 });
    const connection = await Connection.connect({ address: server.address, interceptors: [makeGrpcRetryInterceptor(impatient)] });
    const client = new Client({ connection, dataConverter: cutoverDataConverter(testCodecKeys) });
    try {
      const handle = await client.workflow.start('fullMigration', {
        taskQueue, workflowId: `restart-${process.pid}`,
        args: [{ source: { connection: 'src' }, target: { connection: 'dst' }, migrationId: 'restart-1', pageSize: 2, storeDomain: 'old.example' }],
      });
      const outage: string[] = [];
      const result = resultSurvivingOutages<FullMigrationResult>(handle, { retryEveryMs: 250, onOutage: () => outage.push('down'), onBack: () => outage.push('back') });
      // What `--wait` and the demo did before: the bare result, which dies with the server.
      const bare = handle.result().then(() => 'completed', (err: unknown) => (err instanceof Error ? err.message : String(err)));

      await until(() => target.writes >= 4, 'the first pages on the target');
      await server.kill();
      const writtenWhenKilled = target.writes;
      expect(writtenWhenKilled).toBeLessThan(total);
      expect(await bare).toMatch(/Failed to get Workflow execution history|UNAVAILABLE|ECONNREFUSED/);
      await until(() => outage.length === 1, 'the waiting client to notice the outage');
      await server.restart();

      const final = await result;
      expect(outage).toEqual(['down', 'back']);
      expect(final.verification.ok).toBe(true);
      for (const type of ['categories', 'products', 'customers', 'orders'] as const) {
        expect({ type, onTarget: target.data[type].size }).toEqual({ type, onTarget: source.data[type].size });
      }
      // Nothing written twice: a page whose completion the dead server never heard of is matched, not created again.
      expect(target.writes).toBeGreaterThanOrEqual(total);
      expect((await handle.describe()).status.name).toBe('COMPLETED');
    } finally {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await store.destroy();
    }
  });

  it('npm run dev\'s supervised dev server comes back by itself after kill -9, with what it held', async () => {
    const [port, uiPort] = [await freePort(), await freePort()];
    const cli = required('CUTOVER_TEST_TEMPORAL_CLI');
    const events: string[] = [];
    const supervised = await superviseDevServer(
      { cli, dbFile: join(dir, 'supervised.db'), port, uiPort, namespace: 'default', searchAttributes: cutoverSearchAttributes, output: 'ignore' },
      (event) => events.push('exit' in event ? `exit ${event.exit}` : 'restarted' in event ? 'restarted' : `failed ${event.failed.message}`),
    );
    const connection = await Connection.connect({ address: supervised.current().address });
    try {
      const client = new Client({ connection, dataConverter: cutoverDataConverter(testCodecKeys) });
      // No worker: the workflow waits on its task queue, held only by the server's file.
      const handle = await client.workflow.start('purgeCommunicationLog', { taskQueue: `nobody-${process.pid}`, workflowId: `supervised-${process.pid}`, args: [{ days: 5 }] });
      const first = supervised.current();
      first.process.kill('SIGKILL');
      await until(() => events.includes('restarted'), 'the restart', 60_000);
      expect(events).toEqual(['exit SIGKILL', 'restarted']);
      expect(supervised.current()).not.toBe(first);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test over');
    } finally {
      await connection.close();
      await supervised.stop();
    }
  });

  it('waits out only an unreachable server, never a workflow\'s own failure (whatever its message says)', () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14, details: 'Connection dropped', metadata: {} });
    expect(isServerOutage(new ServiceError('Failed to get Workflow execution history', { cause: unavailable }))).toBe(true);
    const notFound = Object.assign(new Error('5 NOT_FOUND: workflow not found'), { code: 5, details: 'workflow not found', metadata: {} });
    expect(isServerOutage(new ServiceError('Failed to get Workflow execution history', { cause: notFound }))).toBe(false);
    const failed = new WorkflowFailedError('Workflow execution failed', ApplicationFailure.create({ message: 'connect ECONNREFUSED 127.0.0.1:443' }), 'NON_RETRYABLE_FAILURE');
    expect(isServerOutage(failed)).toBe(false);
  });
});
