import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { QuestionnaireInput } from '../../src/domain/replatform/questionnaire';
import type { Store } from '../../src/store/database';
import { MemoryPlatform, seededWooCommerce } from '../support/memory-platform';
import { createTestWorker, uniqueTaskQueue } from '../support/temporal';

export const replatformFixturesPath = require.resolve('../fixtures/replatform-workflows');

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
  mails: { to: string; subject: string }[];
  worker: Worker;
  taskQueue: string;
}

export async function harness(env: TestWorkflowEnvironment, store: Store, source = seededWooCommerce(), target = new MemoryPlatform('shopify')): Promise<Harness> {
  const taskQueue = uniqueTaskQueue('replatform');
  const mails: Harness['mails'] = [];
  const platforms = (name: string) => (name === 'old-shop' ? source : target);
  const channels = {
    email: async (_connection: string, message: { to: string; subject: string }) => { mails.push({ to: message.to, subject: message.subject }); return { providerId: null }; },
    sms: async () => ({ providerId: null }),
    push: async () => ({ providerId: null }),
  };
  const worker = await createTestWorker(env, { connections: new ConnectionRegistry({}), store, platforms, channels }, { taskQueue, workflowsPath: replatformFixturesPath });
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
