import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { orderStatusQuery } from '../../src/workflows/purchase/messages';
import { recordHistory } from '../replay/record';
import { createDevEnv, fixtureWorkflowsPath, testCodecKeys } from '../support/temporal';
import { eventually, orderHandle, PurchaseHarness, shopifyFulfillment, shopifyOrder } from './harness';

/**
 * Order workflows live for weeks, so the code that sends alerts in local activities must replay the orders
 * begun before it (remote activities, settings read by an activity): they keep their path (a patch marker
 * tells them apart). And the new path replays itself: an evicted order's history gives the same decisions.
 */
describe('orderLifecycle replays its histories', () => {
  // An order recorded before local activities (the code of 2026-12-01) replays in test/replay/replay.test.ts.

  describe('a new order', () => {
    let env: TestWorkflowEnvironment;
    let h: PurchaseHarness;
    beforeAll(async () => {
      env = await createDevEnv();
      h = await new PurchaseHarness(env).start();
    });
    afterAll(async () => {
      await h?.close();
      await env?.teardown();
    });

    it('sends each alert in the workflow task that decided it (no activity tasks) and replays from its history', async () => {
      const store = await h.merchant('replay-new', 'shopify', { milestones: { dispatch: { enabled: true, channels: ['email'] }, payment: { enabled: true, channels: ['email'] } } });
      const eva = { id: 9101, email: 'eva.replay@example.com', phone: '+5491155559101', name: 'Eva Luna' };
      await h.webhook('shopify', store, 'orders/paid', shopifyOrder(eva));
      const handle = orderHandle(env, store, eva.id);
      await eventually(async () => (await handle.query(orderStatusQuery)).milestones.payment.state === 'sent', 'the payment alert');
      await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(eva, 'success', { company: 'Andreani', number: '360000009101' }));
      expect((await handle.result()).milestones.dispatch.state).toBe('sent');
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      // The settings came with the events; both alerts were local activities.
      expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
      expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(2);
      await Worker.runReplayHistory({ workflowsPath: fixtureWorkflowsPath, dataConverter: cutoverDataConverter(testCodecKeys) }, history, handle.workflowId);
      await recordHistory(handle, 'local-activities');
    });
  });
});
