import {
  ApplicationFailure, allHandlersFinished, condition, continueAsNew, executeChild, log, proxyActivities, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { ReplatformActivities } from '../../activities/replatform/replatform-activities';
import { type EspHandoffInput, type EspHandoffPhase, type EspHandoffResult, espHandoffWorkflowId } from '../../domain/esp/handoff';
import { baseChecklist, type ChecklistEntry, mergeChecklist } from '../../domain/replatform/checklist';
import { dateProblems, type ReplatformDates } from '../../domain/replatform/dates';
import { type ReplatformInput, type ReplatformSettings, replatformInputSchema } from '../../domain/replatform/input';
import { dateInputSchema, type Questionnaire, questionnaireSchema } from '../../domain/replatform/questionnaire';
import type { ReplatformPhase, ReplatformReport, ReplatformStatus } from '../../domain/replatform/status';
import type { SmartUpdateSummary } from '../../domain/replatform/sync-fields';
import { describeIssues } from '../../domain/validation';
import type { fullMigration } from '../migration/full-migration';
import { MigrationPhase, SourcePlatform, StoreDomain, TargetPlatform } from '../search-attributes';
import { INVALID_INPUT, parseWorkflowInput } from '../validate';
import {
  answerUpdate, checklistDoneUpdate, launchNowUpdate, markActivationDateUpdate, markDeactivationDateUpdate, markLaunchDateUpdate,
  pauseSignal, type RemigrateResult, remigrateUpdate, resumeSignal, statusQuery, syncNowSignal,
} from './messages';

const acts = proxyActivities<ReplatformActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
const long = proxyActivities<ReplatformActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** What one run hands to the next when it continues as new: everything the status query shows, and more. */
export interface ReplatformState extends ReplatformStatus {
  launchRequested: boolean;
  syncRequested: boolean;
  checklistEmailed: boolean;
  remigrations: number;
  totals: ReplatformReport['totals'];
}

const KEEP_CONFLICTS = 50;
const KEEP_TIMELINE = 200;
const PHASES_BEFORE_LAUNCH: readonly ReplatformPhase[] = ['awaiting-questionnaire', 'full-migration', 'esp-prepare', 'smart-update', 'awaiting-launch', 'remigrating'];
const REMIGRATION_WARNING = 'remigration deleted on the target every entity Cutover created: edits made on the target to those entities since they were created are lost; entities that were on the target before Cutover are kept';

const iso = (ms: number): string => new Date(ms).toISOString();
/** A durable timer's timeout from now until `at`; at least 1 ms (0 would mean "no timeout"). */
const untilMs = (at: string): number => Math.max(1, Date.parse(at) - Date.now());

function rejected(what: string, problems: string[]): Error {
  return new Error(`${what} rejected: ${problems.join('; ')}`);
}

function parseDate(value: unknown, field: string): string {
  const parsed = dateInputSchema.safeParse((value as { date?: unknown } | undefined)?.date);
  if (!parsed.success) throw rejected(field, [`${field}: "${String((value as { date?: unknown } | undefined)?.date)}" is not a date; give "YYYY-MM-DD" or an ISO instant such as "2026-03-01T09:00:00Z"`]);
  return parsed.data;
}

function initialState(settings: ReplatformSettings, id: string): ReplatformState {
  return {
    replatformId: id, storeDomain: settings.storeDomain, phase: 'awaiting-questionnaire', paused: false,
    sourcePlatform: null, targetPlatform: null,
    dates: { launchAt: null, deactivateAt: null, activateAt: null }, questionnaire: null,
    migration: { workflowId: null, progress: null, verified: null, runs: 0 },
    smartUpdate: { runs: 0, nextAt: null, syncedUntil: null, last: null },
    conflicts: [], checklist: [], nextReminderAt: null, remindersSent: 0, timeline: [], historyRuns: 0,
    launchRequested: false, syncRequested: false, checklistEmailed: false, remigrations: 0,
    totals: { updated: 0, created: 0, conflicted: 0, failed: 0 },
  };
}

/**
 * One store's re-platform, over weeks: the questionnaire, the full migration (a child), the ESP handoff's
 * preparation (a child), smart updates on a period and on demand until launch, the ESPs going live at
 * launch, and at the deactivation date the old integrations switched off and a final report. Dates move by
 * update and the durable timers follow; the checklist of what no API can do is emailed and reminded until
 * each item is confirmed. Continues as new carrying its state so history stays bounded.
 */
export async function replatform(input: ReplatformInput, carried?: ReplatformState): Promise<ReplatformReport> {
  const settings = parseWorkflowInput(replatformInputSchema, input, 'replatform input');
  const id = workflowInfo().workflowId;
  const s: ReplatformState = carried ?? initialState(settings, id);
  const smartUpdateEveryMs = msToNumber(settings.smartUpdateEvery as never);
  const remindEveryMs = msToNumber(settings.remindEvery as never);
  /** Set by every message that changes what the main loop waits for: it recomputes its timers. */
  let wake = false;
  let syncing = false;
  let mailing = false;
  let checklistChanged = false;

  const note = (event: string): void => {
    s.timeline.push({ at: iso(Date.now()), event });
    if (s.timeline.length > KEEP_TIMELINE) s.timeline.splice(0, s.timeline.length - KEEP_TIMELINE);
  };
  const setPhase = (phase: ReplatformPhase): void => {
    s.phase = phase;
    note(`phase: ${phase}`);
    upsertSearchAttributes([{ key: MigrationPhase, value: phase }]);
  };
  /** The phase as messages may have changed it while the code awaited (defeats TypeScript's narrowing). */
  const currentPhase = (): ReplatformPhase => s.phase;
  const beforeLaunch = (): boolean => PHASES_BEFORE_LAUNCH.includes(s.phase);
  const moving = (): boolean => s.questionnaire?.data === 'move';

  const applyQuestionnaire = (q: Questionnaire): void => {
    s.questionnaire = q;
    s.dates = { launchAt: q.launchDate, deactivateAt: q.deactivationDate, activateAt: q.activationDate };
    s.checklist = mergeChecklist(s.checklist, baseChecklist(q));
    checklistChanged = true;
    wake = true;
  };

  // A questionnaire given at start obeys the same rules as an answer; a bad one fails the start at once.
  if (!carried && settings.questionnaire) {
    const problems = dateProblems({ launchAt: settings.questionnaire.launchDate, deactivateAt: settings.questionnaire.deactivationDate, activateAt: settings.questionnaire.activationDate }, new Date());
    if (problems.length) throw ApplicationFailure.create({ type: INVALID_INPUT, nonRetryable: true, message: `invalid replatform input: ${problems.map((p) => `questionnaire.${p}`).join('; ')}`, details: [problems] });
    applyQuestionnaire(settings.questionnaire);
    note('questionnaire given at start');
  }

  const status = (): ReplatformStatus => {
    const { launchRequested: _l, syncRequested: _s, checklistEmailed: _c, remigrations: _r, totals: _t, ...view } = s;
    return view;
  };
  setHandler(statusQuery, status);

  setHandler(answerUpdate, (answer) => {
    applyQuestionnaire(questionnaireSchema.parse(answer));
    note('questionnaire answered');
    return status();
  }, {
    validator: (answer) => {
      if (!beforeLaunch()) throw rejected('answer', [`the questionnaire is editable until launch (phase now: ${s.phase})`]);
      const parsed = questionnaireSchema.safeParse(answer);
      if (!parsed.success) throw rejected('answer', describeIssues(parsed.error));
      if (s.questionnaire && s.phase !== 'awaiting-questionnaire' && parsed.data.data !== s.questionnaire.data) {
        throw rejected('answer', [`data: "${parsed.data.data}" cannot replace "${s.questionnaire.data}" once the re-platform has started; use remigrate to start the data over`]);
      }
      const problems = dateProblems({ launchAt: parsed.data.launchDate, deactivateAt: parsed.data.deactivationDate, activateAt: parsed.data.activationDate }, new Date());
      if (problems.length) throw rejected('answer', problems);
    },
  });

  const dateUpdate = (field: keyof ReplatformDates, name: string, check: (dates: ReplatformDates) => void) => ({
    handler: (arg: { date: string }): ReplatformDates => {
      s.dates = { ...s.dates, [field]: parseDate(arg, name) };
      note(`${name} set to ${s.dates[field]}`);
      wake = true;
      return s.dates;
    },
    validator: (arg: { date: string }): void => check({ ...s.dates, [field]: parseDate(arg, name) }),
  });
  const launch = dateUpdate('launchAt', 'launchDate', (dates) => {
    if (!beforeLaunch()) throw rejected('markLaunchDate', [`the launch date can move until launch (phase now: ${s.phase})`]);
    const problems = dateProblems(dates, new Date());
    if (problems.length) throw rejected('markLaunchDate', problems);
  });
  setHandler(markLaunchDateUpdate, launch.handler, { validator: launch.validator });
  const deactivation = dateUpdate('deactivateAt', 'deactivationDate', (dates) => {
    if (s.phase === 'deactivating' || s.phase === 'completed') throw rejected('markDeactivationDate', [`the old platform is already being deactivated (phase now: ${s.phase})`]);
    const problems = dateProblems(dates, new Date(), { launchFixed: !beforeLaunch() });
    if (problems.length) throw rejected('markDeactivationDate', problems);
  });
  setHandler(markDeactivationDateUpdate, deactivation.handler, { validator: deactivation.validator });
  const activation = dateUpdate('activateAt', 'activationDate', () => {
    if (s.phase === 'completed') throw rejected('markActivationDate', ['the re-platform has completed']);
  });
  setHandler(markActivationDateUpdate, activation.handler, { validator: activation.validator });

  setHandler(launchNowUpdate, () => {
    s.launchRequested = true;
    // The launch date is now: the deactivation date is then checked against the real launch, not the planned one.
    s.dates = { ...s.dates, launchAt: iso(Date.now()) };
    wake = true;
    note('launch requested now');
    return 'launching: a final smart update runs, then the ESP flows go live';
  }, {
    validator: () => {
      if (s.phase !== 'smart-update' && s.phase !== 'awaiting-launch') {
        throw rejected('launchNow', [`launch is accepted once the full migration has finished and the ESPs are prepared, in phase smart-update or awaiting-launch (phase now: ${s.phase})`]);
      }
      if (s.paused) throw rejected('launchNow', ['the re-platform is paused; resume it first']);
    },
  });

  setHandler(pauseSignal, () => {
    if (s.phase === 'completed' || s.paused) return;
    s.paused = true;
    wake = true;
    note('paused');
  });
  setHandler(resumeSignal, () => {
    if (!s.paused) return;
    s.paused = false;
    wake = true;
    note('resumed');
  });
  setHandler(syncNowSignal, () => {
    if (s.phase !== 'smart-update') {
      note(`syncNow ignored: smart update runs in phase smart-update (phase now: ${s.phase})`);
      return;
    }
    s.syncRequested = true;
    wake = true;
  });

  setHandler(checklistDoneUpdate, ({ item }) => {
    const entry = s.checklist.find((i) => i.id === item) as ChecklistEntry;
    entry.doneAt = iso(Date.now());
    checklistChanged = true;
    note(`checklist: ${item} done`);
    return s.checklist;
  }, {
    validator: (arg) => {
      const item = (arg as { item?: unknown } | undefined)?.item;
      if (!s.checklist.some((i) => i.id === item)) {
        throw rejected('checklistDone', [`item: unknown checklist item "${String(item)}"; known: ${s.checklist.map((i) => i.id).join(', ') || '(none yet: answer the questionnaire first)'}`]);
      }
    },
  });

  const runFullMigration = async (suffix: string): Promise<boolean> => {
    const workflowId = `${id}-full-migration${suffix}`;
    s.migration.workflowId = workflowId;
    s.smartUpdate.syncedUntil = await acts.replatformClock();
    const result = await executeChild<typeof fullMigration>('fullMigration', {
      workflowId,
      args: [{
        migrationId: id, source: settings.source, target: settings.target, storeDomain: settings.storeDomain, holdForRetry: '0s',
        ...settings.migration,
      }],
    });
    s.migration.progress = result.progress;
    s.migration.verified = result.verification.ok;
    s.migration.runs += 1;
    note(`full migration ${workflowId}: ${result.verification.ok ? 'verified' : 'NOT verified (failures are migrated again by smart update)'}`);
    return result.verification.ok;
  };

  const sendChecklist = async (reminder: boolean): Promise<void> => {
    if (!s.questionnaire) return;
    mailing = true;
    try {
      const sent = await acts.sendChecklist({
        connection: settings.emailConnection ?? null, to: s.questionnaire.techContact.email, storeDomain: settings.storeDomain, items: s.checklist, reminder,
      });
      note(`checklist ${reminder ? 'reminder' : 'email'}: ${sent.detail}`);
      if (reminder) s.remindersSent += 1;
    } finally {
      mailing = false;
    }
  };

  const espHandoff = async (phase: EspHandoffPhase): Promise<void> => {
    const q = s.questionnaire as Questionnaire;
    if (q.esps.length === 0) {
      note(`ESP ${phase}: no ESP accounts, nothing to hand off`);
      return;
    }
    const args: EspHandoffInput = {
      phase, replatformId: id, sourcePlatform: s.sourcePlatform as NonNullable<typeof s.sourcePlatform>, targetPlatform: s.targetPlatform as NonNullable<typeof s.targetPlatform>,
      sourceStore: settings.source.connection, targetStore: settings.target.connection, storeDomain: settings.storeDomain,
      esps: q.esps, trainingTimeout: settings.espTrainingTimeout,
    };
    const result = await executeChild<(input: EspHandoffInput) => Promise<EspHandoffResult>>('espHandoff', { workflowId: espHandoffWorkflowId(id, phase), args: [args] });
    const before = s.checklist.length;
    s.checklist = mergeChecklist(s.checklist, result.checklist);
    if (s.checklist.length > before) checklistChanged = true;
    note(`ESP ${phase}: ${result.steps.filter((x) => x.state === 'done').length} step(s) done, ${result.checklist.length} checklist item(s)${phase === 'prepare' ? `, trained: ${result.trained}` : ''}`);
  };

  const smartUpdate = async (why: string): Promise<SmartUpdateSummary> => {
    syncing = true;
    try {
      const summary = await long.smartUpdate({
        replatformId: id, migrationId: id, source: settings.source.connection, target: settings.target.connection,
        since: s.smartUpdate.syncedUntil ?? iso(0), fields: settings.sync, conflictPolicy: settings.conflictPolicy,
        statusMapOverrides: settings.migration.statusMap ?? {}, pageSize: settings.migration.pageSize ?? 50,
      });
      s.smartUpdate.syncedUntil = summary.startedAt;
      s.smartUpdate.runs += 1;
      const { conflicts, failures: _f, ...counts } = summary;
      s.smartUpdate.last = counts;
      s.conflicts.push(...conflicts);
      if (s.conflicts.length > KEEP_CONFLICTS) s.conflicts.splice(0, s.conflicts.length - KEEP_CONFLICTS);
      s.totals.updated += summary.updated;
      s.totals.created += summary.created;
      s.totals.conflicted += summary.conflicted;
      s.totals.failed += summary.failed;
      note(`smart update (${why}): ${summary.changed} changed, ${summary.updated} updated, ${summary.created} created, ${summary.conflicted} conflicted, ${summary.failed} failed, ${summary.unchanged} unchanged`);
      return summary;
    } finally {
      syncing = false;
    }
  };

  setHandler(remigrateUpdate, async (): Promise<RemigrateResult> => {
    setPhase('remigrating');
    try {
      await condition(() => !syncing);
      const removal = await long.deleteCutoverCreated({ migrationId: id, target: settings.target.connection });
      note(`remigration: deleted ${JSON.stringify(removal.deleted)} created by Cutover, kept ${removal.kept} that were there before`);
      s.remigrations += 1;
      const verified = await runFullMigration(`-r${s.remigrations}`);
      return { deleted: removal.deleted, kept: removal.kept, failedDeletes: removal.failed.length, warning: REMIGRATION_WARNING, verified };
    } finally {
      setPhase('smart-update');
      s.smartUpdate.nextAt = iso(Date.now() + smartUpdateEveryMs);
      wake = true;
    }
  }, {
    validator: (arg) => {
      if ((arg as { confirm?: unknown } | undefined)?.confirm !== true) {
        throw rejected('remigrate', ['confirm: must be true; remigration deletes on the target everything Cutover created (edits made there to those entities are lost) and migrates again']);
      }
      if (s.phase !== 'smart-update' || !moving()) {
        throw rejected('remigrate', [`remigration is accepted after the full migration and before launch, in phase smart-update of a store that moves its data (phase now: ${s.phase})`]);
      }
    },
  });

  /** Emails the checklist once, then reminds of what is open every `remindEvery` until each item is confirmed. */
  const reminders = async (): Promise<void> => {
    const open = (): boolean => s.checklist.some((i) => !i.doneAt);
    await condition(() => s.questionnaire !== null || s.phase === 'completed');
    while (s.phase !== 'completed') {
      if (!s.checklistEmailed) {
        await sendChecklist(false);
        s.checklistEmailed = true;
        s.nextReminderAt = iso(Date.now() + remindEveryMs);
      }
      if (!open()) {
        s.nextReminderAt = null;
        checklistChanged = false;
        await condition(() => open() || s.phase === 'completed');
        s.nextReminderAt = iso(Date.now() + remindEveryMs);
        continue;
      }
      s.nextReminderAt ??= iso(Date.now() + remindEveryMs);
      checklistChanged = false;
      await condition(() => checklistChanged || s.phase === 'completed', untilMs(s.nextReminderAt));
      if (currentPhase() !== 'completed' && open() && s.nextReminderAt && Date.now() >= Date.parse(s.nextReminderAt)) {
        await sendChecklist(true);
        s.nextReminderAt = iso(Date.now() + remindEveryMs);
      }
    }
    s.nextReminderAt = null;
  };

  const continueIfLong = async (runsThisHistory: number): Promise<void> => {
    if (runsThisHistory < settings.runsPerHistory && !workflowInfo().continueAsNewSuggested) return;
    await condition(() => allHandlersFinished() && !mailing && !syncing);
    s.historyRuns += 1;
    await continueAsNew<typeof replatform>(input, s);
  };

  /** Waits until `at` (re-planned whenever a message wakes it), honouring pause; returns early when `done()`. */
  const waitUntil = async (at: () => string | null, done: () => boolean): Promise<void> => {
    for (;;) {
      if (done()) return;
      if (s.paused) {
        await condition(() => !s.paused || done());
        continue;
      }
      const deadline = at();
      if (deadline && Date.now() >= Date.parse(deadline)) return;
      wake = false;
      if (deadline) await condition(() => wake || done(), untilMs(deadline));
      else await condition(() => wake || done());
    }
  };

  upsertSearchAttributes([{ key: StoreDomain, value: settings.storeDomain }, { key: MigrationPhase, value: s.phase }]);
  if (!s.sourcePlatform || !s.targetPlatform) {
    const platforms = await acts.describePlatforms({ source: settings.source.connection, target: settings.target.connection });
    s.sourcePlatform = platforms.sourcePlatform;
    s.targetPlatform = platforms.targetPlatform;
  }
  upsertSearchAttributes([{ key: SourcePlatform, value: s.sourcePlatform }, { key: TargetPlatform, value: s.targetPlatform }]);
  void reminders();

  let runsThisHistory = 0;
  while (s.phase !== 'completed') {
    switch (s.phase) {
      case 'awaiting-questionnaire':
        await condition(() => s.questionnaire !== null);
        setPhase(moving() ? 'full-migration' : 'esp-prepare');
        break;
      case 'full-migration':
        await runFullMigration('');
        setPhase('esp-prepare');
        break;
      case 'esp-prepare':
        await espHandoff('prepare');
        if (moving()) s.smartUpdate.nextAt = iso(Date.now() + smartUpdateEveryMs);
        setPhase(moving() ? 'smart-update' : 'awaiting-launch');
        break;
      case 'remigrating':
        await condition(() => s.phase !== 'remigrating');
        break;
      case 'smart-update':
      case 'awaiting-launch': {
        const launchDue = (): boolean => s.launchRequested || (!s.paused && !!s.dates.launchAt && Date.now() >= Date.parse(s.dates.launchAt));
        const syncDue = (): boolean => s.phase === 'smart-update' && !s.paused && (s.syncRequested || (!!s.smartUpdate.nextAt && Date.now() >= Date.parse(s.smartUpdate.nextAt)));
        const nextEvent = (): string | null => {
          const candidates = [s.dates.launchAt, s.phase === 'smart-update' ? s.smartUpdate.nextAt : null].filter((d): d is string => !!d);
          return candidates.length ? candidates.reduce((a, b) => (a < b ? a : b)) : null;
        };
        await waitUntil(nextEvent, () => launchDue() || syncDue() || s.phase === 'remigrating');
        if (currentPhase() === 'remigrating') break;
        if (syncDue() && !launchDue()) {
          const why = s.syncRequested ? 'on demand' : 'on schedule';
          s.syncRequested = false;
          await smartUpdate(why);
          s.smartUpdate.nextAt = iso(Date.now() + smartUpdateEveryMs);
          runsThisHistory += 1;
          await continueIfLong(runsThisHistory);
          break;
        }
        if (launchDue()) {
          await condition(() => !syncing && s.phase !== 'remigrating');
          setPhase('launching');
        }
        break;
      }
      case 'launching':
        if (moving()) await smartUpdate('final, at launch');
        s.smartUpdate.nextAt = null;
        await espHandoff('go-live');
        setPhase('awaiting-deactivation');
        break;
      case 'awaiting-deactivation':
        await waitUntil(() => s.dates.deactivateAt, () => false);
        setPhase('deactivating');
        break;
      case 'deactivating':
        await espHandoff('deactivate');
        // The platform adapters offer no webhook API yet: removing the old store's webhooks is a person's step.
        s.checklist = mergeChecklist(s.checklist, [{
          id: 'remove-old-webhooks', source: 'replatform', title: 'Remove the old store\'s webhooks and app integrations',
          instructions: `In the old ${s.sourcePlatform ?? 'store'}'s admin, delete the webhooks and uninstall the apps that pointed at your ESPs and at Cutover, so the deactivated store sends nothing.`,
        }]);
        setPhase('completed');
        break;
      default:
        log.warn('unknown phase', { phase: s.phase });
        setPhase('completed');
    }
  }

  await condition(() => allHandlersFinished() && !mailing);
  return {
    replatformId: id, storeDomain: settings.storeDomain, sourcePlatform: s.sourcePlatform, targetPlatform: s.targetPlatform, dates: s.dates,
    migrationVerified: s.migration.verified, smartUpdateRuns: s.smartUpdate.runs, totals: s.totals,
    checklistOpen: s.checklist.filter((i) => !i.doneAt).map((i) => i.id), timeline: s.timeline,
  };
}
