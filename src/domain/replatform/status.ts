import type { Platform } from '../catalog/platforms';
import type { MigrationProgress } from '../migration/progress';
import type { ChecklistEntry } from './checklist';
import type { ReplatformDates } from './dates';
import type { Questionnaire } from './questionnaire';
import type { SmartUpdateConflict, SmartUpdateSummary } from './sync-fields';

export const replatformPhases = [
  'awaiting-questionnaire', 'full-migration', 'esp-prepare', 'smart-update', 'awaiting-launch', 'remigrating', 'launching',
  'awaiting-deactivation', 'deactivating', 'completed',
] as const;
export type ReplatformPhase = (typeof replatformPhases)[number];

export interface TimelineEvent {
  at: string;
  event: string;
}

/** What the `status` query answers: everything an operator or the tech contact asks about. */
export interface ReplatformStatus {
  replatformId: string;
  storeDomain: string;
  phase: ReplatformPhase;
  paused: boolean;
  sourcePlatform: Platform | null;
  targetPlatform: Platform | null;
  dates: ReplatformDates;
  questionnaire: Questionnaire | null;
  /** The full migration's progress as its child reported it at the end (query the child while it runs). */
  migration: { workflowId: string | null; progress: MigrationProgress | null; verified: boolean | null; runs: number };
  smartUpdate: { runs: number; nextAt: string | null; syncedUntil: string | null; last: Omit<SmartUpdateSummary, 'conflicts' | 'failures'> | null };
  /** Most recent conflicts, newest last (capped: the store keeps every run's full summary). */
  conflicts: SmartUpdateConflict[];
  checklist: ChecklistEntry[];
  nextReminderAt: string | null;
  remindersSent: number;
  timeline: TimelineEvent[];
  /** How many times the workflow continued as new. */
  historyRuns: number;
}

export interface ReplatformReport {
  replatformId: string;
  storeDomain: string;
  sourcePlatform: Platform | null;
  targetPlatform: Platform | null;
  dates: ReplatformDates;
  migrationVerified: boolean | null;
  smartUpdateRuns: number;
  totals: { updated: number; created: number; conflicted: number; failed: number };
  checklistOpen: string[];
  timeline: TimelineEvent[];
}
