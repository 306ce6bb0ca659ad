import {
  ActivityFailure, condition, getExternalWorkflowHandle, log, ParentClosePolicy, proxyActivities, setHandler, sleep, startChild, workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import type { EspActivities } from '../../activities/esp/esp-activities';
import {
  type ChecklistItem, type EspAccount, type EspHandoffInput, espHandoffInputSchema, type EspHandoffResult, type EspProvider, type EspStepStatus, MODEL_TRAINED_SIGNAL,
} from '../../domain/esp/handoff';
import type { EspHandoffContext, EspStepOutcome, PlannedEspStep } from '../../domain/esp/steps';
import { parseWorkflowInput } from '../validate';
import { espDailyFeed } from './daily-feed';
import { type EspAccountReadiness, espAccountReadySignal, espHandoffStatusQuery, modelTrainedSignal } from './messages';

const planning = proxyActivities<EspActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
const steps = proxyActivities<EspActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  // No attempt limit: an ESP outage pauses the handoff until the ESP is back. Permanent errors are non-retryable.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The ESP handoff of one re-platform phase (a child of `replatform`, once per phase): each ESP's steps run
 * in order, automated ones as activities, the others as checklist items for a person; polled steps wait
 * durably until their condition holds or their deadline raises a checklist item. The prepare run ends with
 * the retrained-model gate: it waits for `modelTrained` or escalates after `trainingTimeout`.
 */
export async function espHandoff(input: EspHandoffInput): Promise<EspHandoffResult> {
  const settings = parseWorkflowInput(espHandoffInputSchema, input, 'espHandoff input');
  const statuses: EspStepStatus[] = [];
  const checklist: ChecklistItem[] = [];
  const awaitingModel = new Set<EspProvider>();
  const trainedSignals = new Set<EspProvider | 'all'>();
  let finished = false;

  setHandler(espHandoffStatusQuery, () => ({ phase: settings.phase, steps: statuses, awaitingModel: [...awaitingModel], finished }));
  setHandler(modelTrainedSignal, (payload) => {
    trainedSignals.add(payload?.provider ?? 'all');
    for (const provider of [...awaitingModel]) if (trainedSignals.has('all') || trainedSignals.has(provider)) awaitingModel.delete(provider);
  });

  const done = (trained: boolean): EspHandoffResult => {
    finished = true;
    return { phase: settings.phase, steps: statuses, checklist, trained };
  };
  if (settings.esps.length === 0) return done(true);

  const context: EspHandoffContext = {
    replatformId: settings.replatformId, phase: settings.phase, sourcePlatform: settings.sourcePlatform, targetPlatform: settings.targetPlatform,
    sourceStore: settings.sourceStore, targetStore: settings.targetStore, storeDomain: settings.storeDomain ?? null, startedAt: new Date().toISOString(),
    answers: settings.answers ?? null,
  };
  const plan = await planning.planEspHandoff({ phase: settings.phase, esps: settings.esps });
  for (const planned of plan.steps) statuses.push({ provider: planned.provider, step: planned.step, state: 'waiting', detail: 'not started' });

  const addChecklist = (items: ChecklistItem[]): void => {
    for (const item of items) if (!checklist.some((c) => c.id === item.id)) checklist.push(item);
  };

  /** Accounts whose polled step passed its deadline: not ready to go live (a person must look). */
  const deadlinePassed = new Map<number, string>();
  const runPolled = async (planned: PlannedEspStep, status: EspStepStatus): Promise<EspStepOutcome> => {
    const deadline = planned.poll ? Date.now() + msToNumber(planned.poll.deadline as Duration) : 0;
    for (;;) {
      const outcome = await steps.runEspStep({ provider: planned.provider, step: planned.step, account: settings.esps[planned.account] as EspAccount, context });
      if (outcome.state !== 'waiting' || !planned.poll) return outcome;
      status.detail = outcome.detail;
      if (Date.now() >= deadline) {
        deadlinePassed.set(planned.account, `${planned.provider} ${planned.step}: deadline ${planned.poll.deadline} passed`);
        return {
          state: 'checklist', detail: `deadline ${planned.poll.deadline} passed: ${outcome.detail ?? ''}`,
          checklist: [{ id: `${planned.provider}:${planned.step}`, title: planned.poll.onDeadline.title, instructions: planned.poll.onDeadline.instructions, source: planned.provider }],
        };
      }
      await sleep(Math.min(msToNumber(planned.poll.every as Duration), Math.max(1, deadline - Date.now())));
    }
  };

  const failedAccounts = new Map<number, string>();
  for (const [index, planned] of plan.steps.entries()) {
    const status = statuses[index] as EspStepStatus;
    if (failedAccounts.has(planned.account)) {
      Object.assign(status, { state: 'skipped', detail: 'an earlier step of this ESP failed' });
      continue;
    }
    if (planned.mode === 'manual') {
      Object.assign(status, { state: 'checklist', detail: null });
      addChecklist([{ id: `${planned.provider}:${planned.step}`, title: planned.title, instructions: planned.instructions ?? '', source: planned.provider }]);
      continue;
    }
    try {
      Object.assign(status, { state: 'waiting', detail: 'running' });
      const outcome = await runPolled(planned, status);
      const rejected = outcome.rejected?.length ? ` (rejected: ${outcome.rejected.map((r) => `${r.id}: ${r.reason}`).join('; ')})` : '';
      Object.assign(status, { state: outcome.state === 'waiting' ? 'checklist' : outcome.state, detail: `${outcome.detail ?? ''}${rejected}` || null });
      addChecklist(outcome.checklist ?? []);
    } catch (err) {
      // A permanent error (bad key, invalid option) stops this ESP, not the others: a person must fix it.
      failedAccounts.set(planned.account, `${planned.provider} ${planned.step} failed: ${failureMessage(err)}`);
      Object.assign(status, { state: 'failed', detail: failureMessage(err) });
      addChecklist([{ id: `${planned.provider}:${planned.step}:failed`, title: `Fix ${planned.provider}: ${planned.title}`, instructions: `The step failed and will not retry by itself: ${failureMessage(err)}. Fix the cause, then run the phase again.`, source: planned.provider }]);
    }
  }

  if (settings.phase !== 'prepare') return done(true);
  // The daily feed outlives this run (ABANDON): it keeps the new instance current until it is stopped.
  for (const feed of plan.dailyFeeds) {
    if (failedAccounts.has(feed.account)) continue;
    try {
      await startChild(espDailyFeed, {
        workflowId: `${settings.replatformId}-${feed.provider}-feed`,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [{ provider: feed.provider, account: settings.esps[feed.account] as EspAccount, context, since: context.startedAt }],
      });
    } catch (err) {
      // A re-run of prepare finds the feed already running: that is the feed we want.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  // Each account's readiness goes to the parent re-platform as soon as it is known: the launch never waits.
  const parent = workflowInfo().parent;
  const report = async (readiness: EspAccountReadiness): Promise<void> => {
    if (!parent) return;
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(espAccountReadySignal, readiness);
    } catch (err) {
      // The re-platform has closed (completed or terminated): nobody is waiting for the news.
      log.warn('could not tell the re-platform an ESP account\'s readiness', { account: readiness.account, error: failureMessage(err) });
    }
  };
  for (const provider of plan.awaitsModelTraining) if (!trainedSignals.has('all') && !trainedSignals.has(provider)) awaitingModel.add(provider);
  const accounts = settings.esps.map((account, index) => ({ index, provider: account.provider }));
  for (const { index, provider } of accounts) {
    const blocked = failedAccounts.get(index) ?? deadlinePassed.get(index);
    if (blocked) await report({ account: index, provider, ready: false, detail: blocked });
    else if (!awaitingModel.has(provider)) await report({ account: index, provider, ready: true, detail: 'prepared' });
  }
  const ready = (provider: EspProvider) => accounts.filter((a) => a.provider === provider && !failedAccounts.has(a.index) && !deadlinePassed.has(a.index));
  const gateEndsAt = Date.now() + msToNumber(settings.trainingTimeout as Duration);
  while (awaitingModel.size > 0 && Date.now() < gateEndsAt) {
    const waiting = new Set(awaitingModel);
    await condition(() => awaitingModel.size < waiting.size, Math.max(1, gateEndsAt - Date.now()));
    for (const provider of waiting) {
      if (awaitingModel.has(provider)) continue;
      for (const a of ready(provider)) await report({ account: a.index, provider, ready: true, detail: 'prepared; new instance trained' });
    }
  }
  if (awaitingModel.size === 0) return done(true);
  for (const provider of awaitingModel) {
    for (const a of ready(provider)) await report({ account: a.index, provider, ready: false, detail: `${provider}: models not trained after ${settings.trainingTimeout}` });
  }
  addChecklist([...awaitingModel].map((provider) => ({
    id: `${provider}:model-training-overdue`,
    title: `${provider}: the new instance's models are not trained after ${settings.trainingTimeout}`,
    instructions: `Ask the CSM (or help@retentionscience.com for Cortex) when the models of the new instance will be trained; campaigns stay on the old instance until then. Send the "${MODEL_TRAINED_SIGNAL}" signal to the re-platform's prepare handoff when they are.`,
    source: provider,
  })));
  return done(false);
}
