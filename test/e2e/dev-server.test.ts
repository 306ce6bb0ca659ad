import { WorkflowFailedError } from '@temporalio/client';
import { rootCause } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import { ConnectionRegistry } from '../../src/config/secrets';
import { openStore, type Store } from '../../src/store/database';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { createDevEnv, createTestWorker, uniqueTaskQueue } from '../support/temporal';

describe('the real Temporal dev server', () => {
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

  it('has the project search attributes registered', async () => {
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: env.namespace ?? 'default' });
    for (const attribute of cutoverSearchAttributes) expect(Object.keys(customAttributes ?? {})).toContain(attribute.name);
  });

  it('runs checkConnections with a real worker and resolves named credentials inside the activity', async () => {
    const token = 'shpat_dev_server_token_1234';
    const connections = new ConnectionRegistry({
      shop: { kind: 'shopify', shopDomain: 'demo.myshopify.com', apiVersion: '2025-10', accessToken: token },
    });
    const taskQueue = uniqueTaskQueue('dev');
    const worker = await createTestWorker(env, { connections, store }, { taskQueue });
    const result = await worker.runUntil(env.client.workflow.execute('checkConnections', {
      taskQueue, workflowId: `check-${taskQueue}`, args: [{ connections: ['shop'] }],
    }));
    const fingerprint = createHash('sha256').update(`accessToken=${token}`).digest('hex').slice(0, 12);
    expect(result).toEqual([expect.objectContaining({ name: 'shop', kind: 'shopify', ok: true, fingerprint })]);
  });

  it('fails a bad input at once, non-retryable, naming the field by its path', async () => {
    const taskQueue = uniqueTaskQueue('dev-bad');
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store }, { taskQueue });
    const run = env.client.workflow.execute('checkConnections', {
      taskQueue, workflowId: `check-bad-${taskQueue}`, args: [{ connections: ['ok', 'has space'] }],
    });
    const error = await worker.runUntil(run.then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause?.message).toMatch(/connections\.1: a connection name is letters/);
  });

  it('fails an unknown connection without retrying, naming the connection', async () => {
    const taskQueue = uniqueTaskQueue('dev-unknown');
    const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store }, { taskQueue });
    const run = env.client.workflow.execute('checkConnections', {
      taskQueue, workflowId: `check-unknown-${taskQueue}`, args: [{ connections: ['missing-shop'] }],
    });
    const error = await worker.runUntil(run.then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const handle = env.client.workflow.getHandle(`check-unknown-${taskQueue}`);
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes?.attempt);
    expect(attempts).toEqual([1]);
    expect(rootCause((error as WorkflowFailedError).cause)).toMatch(/no connection named "missing-shop"/);
  });
});
