import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ChecklistEntry } from '../../domain/replatform/checklist';
import type { ReplatformDates } from '../../domain/replatform/dates';
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
/** Moves a date; the durable timer waiting on it is re-planned. */
export const markLaunchDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markLaunchDate');
export const markDeactivationDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markDeactivationDate');
export const markActivationDateUpdate = defineUpdate<ReplatformDates, [DateArg]>('markActivationDate');

/** Launches now: a final smart update, then the ESP flows go live. Accepted once the full migration has finished. */
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
export const remigrateUpdate = defineUpdate<RemigrateResult, [RemigrateArg]>('remigrate');

export interface ChecklistDoneArg {
  item: string;
}
/** Confirms a checklist item: its reminders stop. */
export const checklistDoneUpdate = defineUpdate<ChecklistEntry[], [ChecklistDoneArg]>('checklistDone');

/** Holds smart updates and date timers until resume; harmless to repeat. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Runs a smart update now (during the smart-update phase). */
export const syncNowSignal = defineSignal('syncNow');
