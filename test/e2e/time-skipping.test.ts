import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { openStore, type Store } from '../../src/store/database';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../support/temporal';

describe('the Java time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    store = await openStore({});
  });
  afterAll(async () => {
    await store?.destroy();
    await env?.teardown();
  });

  it('lets a workflow sleep 30 days on a durable timer', async () => {
    expect(env.supportsTimeSkipping).toBe(true);
    const taskQueue = uniqueTaskQueue('skip');
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store }, { taskQueue });
    const started = Date.now();
    const result = await worker.runUntil(env.client.workflow.execute('sleepDays', { taskQueue, workflowId: `sleep-${taskQueue}`, args: [30] }));
    // Workflow time moved 30 days; the wall time is printed for the note, never asserted.
    expect(result.sleptMs).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    console.log(`30-day sleep took ${Date.now() - started} ms of wall time`);
  });
});
