import { WorkflowFailedError } from '@temporalio/client';
import type { EspProviderModule } from '../../src/connectors/esp/types';
import { klaviyoProvider } from '../../src/connectors/esp/klaviyo';
import { espHandoffWorkflowId, type EspHandoffInput, type EspHandoffResult, MODEL_TRAINED_SIGNAL } from '../../src/domain/esp/handoff';
import { type KlaviyoSimulator, startKlaviyoSimulator } from '../../src/sandbox/klaviyo';
import type { espHandoff } from '../../src/workflows/esp/esp-handoff';
import { espHandoffStatusQuery, modelTrainedSignal } from '../../src/workflows/esp/messages';
import { recordHistory } from '../replay/record';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue, useTestBed } from '../support/temporal';
import { KLAVIYO_KEY, klaviyoConnections, oldStore, seedKlaviyo } from './klaviyo-fixture';

/** A provider whose new instance must be retrained: the gate's behaviour, independent of any ESP's API. */
const retrainedProvider: EspProviderModule = {
  provider: 'cortex',
  awaitsModelTraining: () => true,
  steps: (phase) => (phase === 'prepare' ? [{ step: 'csm-questionnaire', title: 'Send the questionnaire', instructions: 'Email the CSM.' }] : []),
};

describe('espHandoff workflow (time-skipping server, Klaviyo simulator)', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');
  let sim: KlaviyoSimulator;
  beforeEach(async () => {
    sim = await startKlaviyoSimulator({ apiKey: KLAVIYO_KEY, limits: { burstPerSecond: 1000, steadyPerMinute: 10000 } });
  });
  afterEach(() => sim.close());

  function input(phase: EspHandoffInput['phase'], extra: Partial<EspHandoffInput> = {}): EspHandoffInput {
    return {
      phase, replatformId: `rp-${phase}-${Math.random().toString(36).slice(2, 8)}`, sourcePlatform: 'woocommerce', targetPlatform: 'shopify',
      sourceStore: 'old-shop', targetStore: 'new-shop',
      esps: [
        { provider: 'klaviyo', connection: 'klaviyo-main', options: { welcomeSeriesFlows: ['Welcome Series'], syncDeadline: '6 hours' } },
        { provider: 'cortex', connection: 'cortex-old' },
      ],
      ...extra,
    };
  }

  async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('esp');
    const worker = await createTestWorker(bed.env, {
      connections: klaviyoConnections(sim), store: bed.store, platforms: () => oldStore(), espProviders: { klaviyo: klaviyoProvider, cortex: retrainedProvider },
    }, { taskQueue });
    return worker.runUntil(fn(taskQueue));
  }

  it('prepare: runs the Klaviyo steps, lists them in `status`, and waits for the retrained model until signalled', async () => {
    seedKlaviyo(sim);
    const args = input('prepare');
    const result = await withWorker(async (taskQueue) => {
      const handle = await bed.env.client.workflow.start('espHandoff', { taskQueue, workflowId: espHandoffWorkflowId(args.replatformId, 'prepare'), args: [args] });
      let status = await handle.query(espHandoffStatusQuery);
      for (let i = 0; i < 200 && status.awaitingModel.length === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        status = await handle.query(espHandoffStatusQuery);
      }
      expect(status.awaitingModel).toEqual(['cortex']);
      expect(status.steps.map((s) => `${s.provider}:${s.step}:${s.state}`)).toEqual([
        'klaviyo:new-integration:done', 'klaviyo:historical-orders:done', 'klaviyo:new-data-syncing:done', 'klaviyo:onsite-tracking:checklist',
        'klaviyo:signup-forms:checklist', 'klaviyo:twin-flows:done', 'klaviyo:welcome-series:done', 'klaviyo:twin-segments:done', 'cortex:csm-questionnaire:checklist',
      ]);
      // The signal is sent by name, as the lifecycle or the ingress would.
      await handle.signal(MODEL_TRAINED_SIGNAL, { provider: 'cortex' });
      await handle.result();
      await recordHistory(handle, 'prepare');
      return handle.result() as Promise<EspHandoffResult>;
    });
    expect(result.trained).toBe(true);
    expect(result.checklist.map((c) => c.id)).toEqual(expect.arrayContaining(['klaviyo:onsite-tracking', 'klaviyo:signup-forms', 'cortex:csm-questionnaire']));
    expect(result.steps.find((s) => s.step === 'historical-orders')?.detail).toContain('rejected: order G-1');
    expect(sim.account.flows.filter((f) => f.name.endsWith('[Shopify]')).map((f) => f.status)).toEqual(['draft', 'draft', 'draft']);
  });

  it('prepare: a sync deadline that passes and a model that is never trained become checklist items', async () => {
    seedKlaviyo(sim);
    // No recent events from the new store: the sync check polls until its deadline.
    sim.account.events.splice(0, sim.account.events.length);
    const args = input('prepare', { trainingTimeout: '14 days' });
    const result = await withWorker((taskQueue) => bed.env.client.workflow.execute<typeof espHandoff>('espHandoff', { taskQueue, workflowId: espHandoffWorkflowId(args.replatformId, 'prepare'), args: [args] }));
    expect(result.trained).toBe(false);
    const ids = result.checklist.map((c) => c.id);
    expect(ids).toContain('klaviyo:new-data-syncing');
    expect(ids).toContain('cortex:model-training-overdue');
    expect(result.steps.find((s) => s.step === 'new-data-syncing')).toMatchObject({ state: 'checklist' });
    expect(result.steps.find((s) => s.step === 'new-data-syncing')?.detail).toMatch(/^deadline 6 hours passed/);
  });

  it('go-live: twins go live and old flows to draft through a Klaviyo outage; empty esps returns at once', async () => {
    const seeded = seedKlaviyo(sim);
    sim.account.addFlow('Abandoned Cart [Shopify]', seeded.flows.abandonedCart.definition, 'draft');
    sim.failNext('503', 3);
    sim.failNext('429', 1);
    const args = input('go-live', { esps: [{ provider: 'klaviyo', connection: 'klaviyo-main', options: {} }] });
    const result = await withWorker((taskQueue) => bed.env.client.workflow.execute<typeof espHandoff>('espHandoff', { taskQueue, workflowId: espHandoffWorkflowId(args.replatformId, 'go-live'), args: [args] }));
    expect(result.steps).toEqual([{ provider: 'klaviyo', step: 'switch-flows', state: 'done', detail: '1 twins live, 1 old flows in draft' }]);
    expect(sim.account.flows.find((f) => f.name === 'Abandoned Cart [Shopify]')?.status).toBe('live');
    expect(sim.account.flows.find((f) => f.name === 'Abandoned Cart')?.status).toBe('draft');

    const empty = input('deactivate', { esps: [] });
    const none = await withWorker((taskQueue) => bed.env.client.workflow.execute<typeof espHandoff>('espHandoff', { taskQueue, workflowId: espHandoffWorkflowId(empty.replatformId, 'deactivate'), args: [empty] }));
    expect(none).toEqual({ phase: 'deactivate', steps: [], checklist: [], trained: true });
  });

  it('refuses a bad input naming each field, and a permanent error fails the step without retrying', async () => {
    const bad = { ...input('prepare'), phase: 'launch', esps: [{ provider: 'mailchimp', connection: 'x' }] } as unknown as EspHandoffInput;
    const error = await withWorker((taskQueue) => bed.env.client.workflow.execute<typeof espHandoff>('espHandoff', { taskQueue, workflowId: `bad-${taskQueue}`, args: [bad] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/phase: Invalid option/);
    expect(message).toMatch(/esps\.0\.provider: Invalid option/);

    seedKlaviyo(sim);
    const wrongKey = input('go-live', { esps: [{ provider: 'klaviyo', connection: 'klaviyo-bad', options: {} }] });
    const taskQueue = uniqueTaskQueue('esp');
    const { ConnectionRegistry } = await import('../../src/config/secrets');
    const connections = new ConnectionRegistry({ 'klaviyo-bad': { kind: 'klaviyo', privateApiKey: 'pk_wrong', endpoint: sim.url } });
    const worker = await createTestWorker(bed.env, { connections, store: bed.store, platforms: () => oldStore() }, { taskQueue });
    const result = await worker.runUntil(bed.env.client.workflow.execute<typeof espHandoff>('espHandoff', { taskQueue, workflowId: `key-${taskQueue}`, args: [wrongKey] }));
    expect(result.steps[0]).toMatchObject({ state: 'failed' });
    expect(result.steps[0]?.detail).toMatch(/HTTP 401/);
    expect(result.checklist.map((c) => c.id)).toEqual(['klaviyo:switch-flows:failed']);
    expect(sim.calls.filter((c) => c === 'GET /api/metrics')).toHaveLength(1);
  });
});

// Keeps the signal definition and the name the lifecycle uses in step.
test('modelTrained signal is defined with the shared name', () => {
  expect(modelTrainedSignal.name).toBe(MODEL_TRAINED_SIGNAL);
});
