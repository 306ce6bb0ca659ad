import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { ConnectionRegistry } from '../../src/config/secrets';
import { openStore, type Store } from '../../src/store/database';
import type { ShopperProfile } from '../fixtures/workflows';
import { decodedHistoryBytes, rawHistoryBytes } from '../support/history';
import { recordHistory } from '../replay/record';
import { createDevEnv, createTestWorker, testCodecKeys, uniqueTaskQueue } from '../support/temporal';

const shopper: ShopperProfile = {
  name: 'Florencia Romero',
  email: 'florencia.romero@example.com',
  phone: '+5491155550123',
  address: 'Avenida Corrientes 1234, Buenos Aires',
};

describe('what workflow history holds', () => {
  let store: Store;
  beforeAll(async () => { store = await openStore({}); });
  afterAll(async () => { await store?.destroy(); });

  describe('with the payload codec', () => {
    let env: TestWorkflowEnvironment;
    beforeAll(async () => { env = await createDevEnv(); });
    afterAll(async () => { await env?.teardown(); });

    it('never holds a connection secret, even decoded: inputs carry connection names only', async () => {
      const secret = 'ck_live_SECRET_in_history_4242';
      process.env.CUTOVER_TEST_WOO_SECRET = 'cs_live_ENV_SECRET_9898';
      const connections = new ConnectionRegistry({
        woo: { kind: 'woocommerce', url: 'https://old-store.example', consumerKey: secret, consumerSecret: { env: 'CUTOVER_TEST_WOO_SECRET' } },
      });
      const taskQueue = uniqueTaskQueue('secret');
      const worker = await createTestWorker(env, { connections, store }, { taskQueue });
      const workflowId = `secret-${taskQueue}`;
      const [check] = await worker.runUntil(env.client.workflow.execute('checkConnections', { taskQueue, workflowId, args: [{ connections: ['woo'] }] }));
      expect(check?.ok).toBe(true);
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      await recordHistory(env.client.workflow.getHandle(workflowId), 'woocommerce');
      const decoded = await decodedHistoryBytes(history, new AesGcmPayloadCodec(testCodecKeys));
      expect(decoded.includes('woo')).toBe(true);
      expect(decoded.includes(secret)).toBe(false);
      expect(decoded.includes('cs_live_ENV_SECRET_9898')).toBe(false);
    });

    it('holds no shopper name, email, phone or address in plaintext', async () => {
      const taskQueue = uniqueTaskQueue('pii');
      const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store }, { taskQueue });
      const workflowId = `pii-${taskQueue}`;
      const result = await worker.runUntil(env.client.workflow.execute('holdShopper', { taskQueue, workflowId, args: [shopper] }));
      expect(result.email).toBe(shopper.email);
      const raw = rawHistoryBytes(await env.client.workflow.getHandle(workflowId).fetchHistory());
      for (const value of Object.values(shopper)) expect(raw.includes(value)).toBe(false);
    });
  });

  describe('with the codec switched off (negative control)', () => {
    let env: TestWorkflowEnvironment;
    beforeAll(async () => { env = await createDevEnv({ codec: false }); });
    afterAll(async () => { await env?.teardown(); });

    it('the same check finds the plaintext, so the test above would fail without the codec', async () => {
      const taskQueue = uniqueTaskQueue('pii-off');
      const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store }, { taskQueue, codec: false });
      const workflowId = `pii-off-${taskQueue}`;
      await worker.runUntil(env.client.workflow.execute('holdShopper', { taskQueue, workflowId, args: [shopper] }));
      const raw = rawHistoryBytes(await env.client.workflow.getHandle(workflowId).fetchHistory());
      expect(Object.values(shopper).filter((value) => raw.includes(value))).toEqual(Object.values(shopper));
    });
  });
});
