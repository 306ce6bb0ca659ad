import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ChecklistEntry } from '../../domain/replatform/checklist';
import type { DateMessage, ReplatformDates } from '../../domain/replatform/dates';
import type { QuestionnaireInput } from '../../domain/replatform/questionnaire';
import type { ReplatformStatus } from '../../domain/replatform/status';

/** Messages of the `replatform` workflow, defined once for the workflow, the cutover client and the README. */
export const statusQuery = defineQuery<ReplatformStatus>('status');

/** Answers (or re-answers) the questionnaire; rejected with each field's problem, state unchanged. Until launch. */
export const answerUpdate = defineUpdate<ReplatformStatus, [QuestionnaireInput]>('answer');

export interface DateArg {
  /** "2026-03-01" or an ISO instant. */
  date: string;
}
/**
 * Moves a date; the durable timers waiting on it are re-planned. Each date is both an update (the caller
 * learns at once whether it was accepted) and a signal of the same name with the same validation
 * (`temporal workflow signal --name markLaunchDate --input '{"date": "2026-03-01"}'`): a refused signal is
 * recorded in `status.rejectedSignals` and emailed to the tech contact.
 */
export const markLaunchDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markLaunchDate');
export const markDeactivationDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markDeactivationDate');
export const markActivationDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markActivationDate');
export const markLaunchDateSignal = defineSignal<[DateArg]>('markLaunchDate');
export const markDeactivationDateSignal = defineSignal<[DateArg]>('markDeactivationDate');
export const markActivationDateSignal = defineSignal<[DateArg]>('markActivationDate');

/** The update and the signal of each date message, by name. */
export const dateMessageDefinitions: Record<DateMessage, { update: typeof markLaunchDateUpdate; signal: typeof markLaunchDateSignal }> = {
  markLaunchDate: { update: markLaunchDateUpdate, signal: markLaunchDateSignal },
  markDeactivationDate: { update: markDeactivationDateUpdate, signal: markDeactivationDateSignal },
  markActivationDate: { update: markActivationDateUpdate, signal: markActivationDateSignal },
};

/** Launches now: smart update runs once more and the ESPs go live as they are ready. Accepted once the full migration has finished. */
export const launchNowUpdate = defineUpdate<string, []>('launchNow');

export interface RemigrateArg {
  /** Required: remigration deletes on the target what Cutover created, with any edits made to it there. */
  confirm: boolean;
}
export interface RemigrateResult {
  deleted: Record<string, number>;
  kept: number;
  failedDeletes: number;
  warning: string;
  verified: boolean | null;
}
/**
 * Deletes on the target what Cutover created and migrates again. The update records the request; the main
 * loop runs it (other messages are answered meanwhile) and the update returns its result when done.
 */
export const remigrateUpdate = defineUpdate<RemigrateResult, [RemigrateArg]>('remigrate');

export interface ChecklistDoneArg {
  item: string;
}
/** Confirms a checklist item: its reminders stop. */
export const checklistDoneUpdate = defineUpdate<ChecklistEntry[], [ChecklistDoneArg]>('checklistDone');

/** Holds smart updates and date timers until resume; harmless to repeat. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Runs a smart update now (between the full migration and the deactivation). */
export const syncNowSignal = defineSignal('syncNow');
