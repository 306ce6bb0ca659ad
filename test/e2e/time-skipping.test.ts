import { ConnectionRegistry } from '../../src/config/secrets';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue, useTestBed } from '../support/temporal';

describe('the Java time-skipping test server', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');

  it('lets a workflow sleep 30 days on a durable timer', async () => {
    expect(bed.env.supportsTimeSkipping).toBe(true);
    const taskQueue = uniqueTaskQueue('skip');
    const worker = await createTestWorker(bed.env, { connections: new ConnectionRegistry({}), store: bed.store }, { taskQueue });
    const started = Date.now();
    const result = await worker.runUntil(bed.env.client.workflow.execute('sleepDays', { taskQueue, workflowId: `sleep-${taskQueue}`, args: [30] }));
    // Workflow time moved 30 days; the wall time is printed for the note, never asserted.
    expect(result.sleptMs).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
    console.log(`30-day sleep took ${Date.now() - started} ms of wall time`);
  });
});
