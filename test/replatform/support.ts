import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { PlatformProvider } from '../../src/activities/migration/platform-provider';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { EspProviderModule } from '../../src/connectors/esp/types';
import type { EspProvider } from '../../src/domain/esp/handoff';
import type { QuestionnaireInput } from '../../src/domain/replatform/questionnaire';
import type { Store } from '../../src/store/database';
import { MemoryPlatform, seededWooCommerce } from '../support/memory-platform';
import { createTestWorker, uniqueTaskQueue } from '../support/temporal';

/** Cutover's public URL in these tests: a webhook delivering below it points at Cutover. */
export const CUTOVER_URL = 'https://cutover.test';

/**
 * ESP providers that call no ESP (the real ones are tested against their simulators in test/esp): the real
 * `espHandoff` child runs their steps, so the lifecycle exercises the real child workflow and its signals.
 * "klaviyo" is ready as soon as its steps ran; "cortex" waits for its new instance's models to be trained.
 */
export const quietEspProviders: Partial<Record<EspProvider, EspProviderModule>> = {
  klaviyo: {
    provider: 'klaviyo',
    awaitsModelTraining: () => false,
    steps: (phase) => (phase === 'prepare'
      ? [{ step: 'clone-flows', title: 'Check the cloned flows', instructions: 'Open each cloned flow and check its trigger.' }]
      : phase === 'go-live'
        ? [{ step: 'switch-flows', title: 'Switch the flows to the new store', run: async () => ({ state: 'done', detail: 'twins live' }) }]
        : [{ step: 'disable-old-integration', title: 'Disable the old integration in Klaviyo', instructions: 'Integrations → the old platform → Disable.' }]),
  },
  cortex: {
    provider: 'cortex',
    awaitsModelTraining: () => true,
    steps: (phase) => (phase === 'prepare'
      ? [{ step: 'history-feed', title: 'Send the history', run: async () => ({ state: 'done', detail: 'history sent' }) }]
      : phase === 'go-live'
        ? [{ step: 'move-campaigns', title: 'Move campaigns to the new Cortex instance', instructions: 'With your CSM, move the campaigns.' }]
        : [{ step: 'retire-old-instance', title: 'Retire the old Cortex instance', instructions: 'Ask your CSM to retire it.' }]),
  },
};

export const day = (offsetDays: number, from = Date.now()): string => new Date(from + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function questionnaire(overrides: Partial<QuestionnaireInput> = {}, now = Date.now()): QuestionnaireInput {
  return {
    targetPlatform: 'shopify',
    techContact: { name: 'Ana Tech', email: 'ana@shop.example', phone: '+54 11 5555 0000' },
    sameDomain: true,
    launchDate: day(14, now), deactivationDate: day(28, now), activationDate: day(14, now),
    data: 'move',
    uniqueConsiderations: 'Wholesale customers see net prices',
    esps: [],
    ...overrides,
  };
}

export interface Harness {
  source: MemoryPlatform;
  target: MemoryPlatform;
  mails: { to: string; subject: string; text: string }[];
  worker: Worker;
  taskQueue: string;
}

export interface HarnessOptions {
  /** The old store's adapter when not the in-memory `source` (e.g. the WooCommerce simulator's). */
  sourceAdapter?: ReturnType<PlatformProvider>;
  espProviders?: Partial<Record<EspProvider, EspProviderModule>>;
}

/** The production worker (real workflows, the real espHandoff child) with in-memory stores and quiet ESP providers. */
export async function harness(env: TestWorkflowEnvironment, store: Store, source = seededWooCommerce(), target = new MemoryPlatform('shopify'), options: HarnessOptions = {}): Promise<Harness> {
  const taskQueue = uniqueTaskQueue('replatform');
  const mails: Harness['mails'] = [];
  const platforms: PlatformProvider = (name: string) => (name === 'old-shop' ? options.sourceAdapter ?? source : target);
  const channels = {
    email: async (_connection: string, message: { to: string; subject: string; text: string }) => { mails.push({ to: message.to, subject: message.subject, text: message.text }); return { providerId: null }; },
    sms: async () => ({ providerId: null }),
    push: async () => ({ providerId: null }),
  };
  const worker = await createTestWorker(env, {
    connections: new ConnectionRegistry({}), store, platforms, channels, publicUrl: CUTOVER_URL, espProviders: options.espProviders ?? quietEspProviders,
  }, { taskQueue });
  return { source, target, mails, worker, taskQueue };
}

export function baseInput(storeDomain: string, extra: Record<string, unknown> = {}) {
  return {
    storeDomain, source: { connection: 'old-shop' }, target: { connection: 'new-shop' }, emailConnection: 'mail',
    smartUpdateEvery: '6 hours', remindEvery: '3 days', migration: { pageSize: 5 }, ...extra,
  };
}

/** Polls a condition in real time (activities run in real time even on the time-skipping server). */
export async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string, tries = 300): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/** The time-skipping server with Cutover's search attributes registered (the shared helper leaves them out). */
/** The message a rejected update or failed workflow carries (Temporal wraps it in the error's cause). */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return `${(err as Error).message}: ${cause?.message ?? ''}`;
  }
  throw new Error('expected a rejection');
}

/**
 * Terminates a test's workflow once no activity of it is in flight, so no activity outlives its workflow
 * into the next test. (A later test's `env.sleep` on the time-skipping server was seen to take minutes of
 * real time after earlier tests in the same file; this did not cure it alone, see the 240 s timeout in
 * dates-and-deactivation.test.ts.)
 */
export async function terminateWhenIdle(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const { raw } = await handle.describe();
    if (!raw.pendingActivities?.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await handle.terminate('test done');
}
