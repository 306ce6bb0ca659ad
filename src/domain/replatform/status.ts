import type { Platform } from '../catalog/platforms';
import type { EspProvider } from '../esp/handoff';
import type { MigrationProgress } from '../migration/progress';
import type { ChecklistEntry } from './checklist';
import type { ReplatformDates } from './dates';
import type { Questionnaire } from './questionnaire';
import type { SmartUpdateConflict, SmartUpdateSummary } from './sync-fields';

export const replatformPhases = [
  'awaiting-questionnaire', 'full-migration', 'smart-update', 'awaiting-launch', 'remigrating', 'launching',
  'awaiting-deactivation', 'deactivating', 'awaiting-confirmation', 'completed',
] as const;
export type ReplatformPhase = (typeof replatformPhases)[number];

export interface TimelineEvent {
  at: string;
  event: string;
}

/** A date signal that was refused: kept in the status and emailed to the tech contact, never dropped. */
export interface RejectedSignal {
  at: string;
  signal: string;
  /** The argument as received (JSON, shortened). */
  received: string;
  problems: string[];
}

/**
 * One ESP account through the handoff, beside the re-platform: `preparing` until its prepare steps (and the
 * retrained-model gate) finish; `ready` or `not-ready` then; `live` once its go-live ran.
 */
export interface EspAccountState {
  provider: EspProvider;
  /** Index in the questionnaire's `esps`. */
  account: number;
  state: 'waiting' | 'preparing' | 'ready' | 'not-ready' | 'live';
  detail: string | null;
  /** When it reached its state (workflow time). */
  since: string | null;
}

/** An email to the tech contact, as the status lists it. */
export interface SentNotice {
  at: string;
  kind: NoticeKind;
  /** What it was about, one line. */
  about: string;
  sent: boolean;
}
export type NoticeKind = 'checklist' | 'checklist-reminder' | 'date-reminder' | 'signal-rejected' | 'esp-not-ready';

/** Something the deactivation did through an API, with what came of it. */
export interface DeactivationAction {
  at: string;
  action: 'final-smart-update' | 'smart-update-stopped' | 'old-webhooks-removed' | 'esp-deactivate' | 'cortex-feed';
  outcome: 'done' | 'failed' | 'skipped';
  detail: string;
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
  /** When the ESPs go live: the activation date, else the launch date. */
  goLiveAt: string | null;
  questionnaire: Questionnaire | null;
  /** The full migration's progress as its child reported it at the end (query the child while it runs). */
  migration: { workflowId: string | null; progress: MigrationProgress | null; verified: boolean | null; runs: number };
  smartUpdate: {
    runs: number; nextAt: string | null; syncedUntil: string | null;
    last: Omit<SmartUpdateSummary, 'conflicts' | 'failures'> | null;
    /** Null until the deactivation's final run; then no run follows. */
    stoppedAt: string | null;
  };
  /** Most recent conflicts, newest last (capped: the store keeps every run's full summary). */
  conflicts: SmartUpdateConflict[];
  /** Each ESP account's handoff: the prepare phase runs beside smart update and never holds the launch. */
  esps: EspAccountState[];
  checklist: ChecklistEntry[];
  nextReminderAt: string | null;
  remindersSent: number;
  /** Emails to the tech contact, newest last (capped). */
  notices: SentNotice[];
  /** Date signals refused, newest last (capped). */
  rejectedSignals: RejectedSignal[];
  deactivation: { actions: DeactivationAction[] };
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
  /** What the deactivation did by API, with when. */
  doneAutomatically: DeactivationAction[];
  /** The steps a person confirmed, with when. */
  confirmed: { id: string; title: string; at: string }[];
  checklistOpen: string[];
  esps: EspAccountState[];
  rejectedSignals: RejectedSignal[];
  timeline: TimelineEvent[];
}
