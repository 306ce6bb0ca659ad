import type { ReplatformSettings } from '../../domain/replatform/input';
import type { TechNotice } from '../../domain/replatform/notices';
import type { ReplatformReport, ReplatformStatus } from '../../domain/replatform/status';
import type { RemigrateResult } from './messages';

/** What one run hands to the next when it continues as new: everything the status query shows, and more. */
export interface ReplatformState extends ReplatformStatus {
  /** Requests recorded by message handlers for the main loop to act on. */
  requests: { launchNow: boolean; syncNow: boolean; remigrate: { n: number; requestedAt: string } | null };
  /** The last remigration's outcome, for the update that asked for it. */
  lastRemigration: { n: number; result: RemigrateResult } | { n: number; error: string } | null;
  remigrations: number;
  totals: ReplatformReport['totals'];
  /** Notices waiting to be emailed (a refused signal, an ESP not ready at launch). */
  outbox: TechNotice[];
  /** Date reminders sent, by date and value ("launchAt@2026-03-01T00:00:00.000Z"). */
  dateRemindersSent: string[];
  checklistEmailed: boolean;
  /** The ESPs' go-live and deactivation steps for a person are on the checklist (planned ahead, emailed early). */
  espStepsPlanned: boolean;
  espPrepare: 'not-started' | 'running' | 'finished';
  goLiveRuns: number;
  /** After the deactivation, open steps are reminded until then. */
  confirmUntil: string | null;
}

export const KEEP_CONFLICTS = 50;
export const KEEP_TIMELINE = 200;
export const KEEP_NOTICES = 50;
export const KEEP_REJECTED = 20;

export function initialState(settings: ReplatformSettings, id: string): ReplatformState {
  return {
    replatformId: id, storeDomain: settings.storeDomain, phase: 'awaiting-questionnaire', paused: false,
    sourcePlatform: null, targetPlatform: null,
    dates: { launchAt: null, deactivateAt: null, activateAt: null }, goLiveAt: null, questionnaire: null,
    migration: { workflowId: null, progress: null, verified: null, runs: 0 },
    smartUpdate: { runs: 0, nextAt: null, syncedUntil: null, last: null, stoppedAt: null },
    conflicts: [], esps: [], checklist: [], nextReminderAt: null, remindersSent: 0, notices: [], rejectedSignals: [],
    deactivation: { actions: [] }, timeline: [], historyRuns: 0,
    requests: { launchNow: false, syncNow: false, remigrate: null }, lastRemigration: null, remigrations: 0,
    totals: { updated: 0, created: 0, conflicted: 0, failed: 0 },
    outbox: [], dateRemindersSent: [], checklistEmailed: false, espStepsPlanned: false, espPrepare: 'not-started', goLiveRuns: 0, confirmUntil: null,
  };
}

/** The status query's view: the state without the main loop's bookkeeping. */
export function statusView(s: ReplatformState): ReplatformStatus {
  const {
    requests: _r, lastRemigration: _l, remigrations: _m, totals: _t, outbox: _o, dateRemindersSent: _d, checklistEmailed: _c,
    espStepsPlanned: _e, espPrepare: _p, goLiveRuns: _g, confirmUntil: _u, ...view
  } = s;
  return view;
}

export function finalReport(s: ReplatformState): ReplatformReport {
  return {
    replatformId: s.replatformId, storeDomain: s.storeDomain, sourcePlatform: s.sourcePlatform, targetPlatform: s.targetPlatform, dates: s.dates,
    migrationVerified: s.migration.verified, smartUpdateRuns: s.smartUpdate.runs, totals: s.totals,
    doneAutomatically: s.deactivation.actions,
    confirmed: s.checklist.filter((i) => i.doneAt).map((i) => ({ id: i.id, title: i.title, at: i.doneAt as string })),
    checklistOpen: s.checklist.filter((i) => !i.doneAt).map((i) => i.id),
    esps: s.esps, rejectedSignals: s.rejectedSignals, timeline: s.timeline,
  };
}
