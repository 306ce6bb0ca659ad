import {
  ApplicationFailure, condition, continueAsNew, executeChild, proxyActivities, upsertSearchAttributes, workflowInfo, allHandlersFinished,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { ReplatformActivities } from '../../activities/replatform/replatform-activities';
import type { EspHandoffResult } from '../../domain/esp/handoff';
import { baseChecklist, type ChecklistEntry, mergeChecklist } from '../../domain/replatform/checklist';
import type { ChecklistItem } from '../../domain/esp/handoff';
import { type DateField, goLiveAt, type ReplatformDates } from '../../domain/replatform/dates';
import type { ReplatformInput, ReplatformSettings } from '../../domain/replatform/input';
import { noticeAbout, type TechNotice } from '../../domain/replatform/notices';
import type { Questionnaire } from '../../domain/replatform/questionnaire';
import {
  accountsToGoLive, datesOf, earliest, hasLaunched, isBeforeLaunch, launchDue, notReadyAtLaunch, phaseAfterQuestionnaire, smartUpdateRunsIn, syncNowRefusal,
} from '../../domain/replatform/rules';
import type { DeactivationAction, EspAccountState, ReplatformPhase, ReplatformStatus } from '../../domain/replatform/status';
import type { SmartUpdateSummary } from '../../domain/replatform/sync-fields';
import type { fullMigration } from '../migration/full-migration';
import { MigrationPhase } from '../search-attributes';
import type { EspAccountReadiness } from '../esp/messages';
import { EspSide } from './esps';
import { failure, iso, untilMs } from './util';
import type { RemigrateResult } from './messages';
import { KEEP_CONFLICTS, KEEP_NOTICES, KEEP_REJECTED, KEEP_TIMELINE, type ReplatformState, initialState, statusView } from './state';

const acts = proxyActivities<ReplatformActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
const long = proxyActivities<ReplatformActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

const REMIGRATION_WARNING = 'remigration deleted on the target every entity Cutover created: edits made on the target to those entities since they were created are lost; entities that were on the target before Cutover are kept';

/**
 * One store's re-platform, in the shape of Temporal's safe-message-handlers sample: the state lives here,
 * message handlers only validate (rules.ts) and record a request, and the main loop calls one method per
 * phase, which owns every long operation (the full migration, smart updates, remigration, the ESP
 * children). The ESP prepare phase runs as a child beside it and reports each account's readiness by signal.
 */
export class ReplatformLifecycle {
  readonly s: ReplatformState;
  readonly everyMs: number;
  readonly remindEveryMs: number;
  readonly remindBeforeMs: number;
  private readonly confirmForMs: number;
  /** Set by every message that changes what the main loop waits for: it re-plans its timers. */
  private changed = false;
  /** Set by every message that changes what the tech contact is to be told. */
  contactChanged = false;
  /** The contact loop is in an activity: continue-as-new waits for it. */
  mailing = false;
  /** The prepare child's end, set by its result's callback; the main loop records it. */
  prepareOutcome: { result: EspHandoffResult } | { error: string } | null = null;
  private runsThisHistory = 0;
  private readonly esp = new EspSide(this);

  constructor(readonly settings: ReplatformSettings, readonly id: string, carried?: ReplatformState) {
    this.s = carried ?? initialState(settings, id);
    this.everyMs = msToNumber(settings.smartUpdateEvery as never);
    this.remindEveryMs = msToNumber(settings.remindEvery as never);
    this.remindBeforeMs = msToNumber(settings.remindBefore as never);
    this.confirmForMs = msToNumber(settings.confirmFor as never);
  }

  get phase(): ReplatformPhase { return this.s.phase; }
  get moving(): boolean { return this.s.questionnaire?.data === 'move'; }
  status(): ReplatformStatus { return statusView(this.s); }

  note(event: string): void {
    this.s.timeline.push({ at: iso(Date.now()), event });
    if (this.s.timeline.length > KEEP_TIMELINE) this.s.timeline.splice(0, this.s.timeline.length - KEEP_TIMELINE);
  }

  private setPhase(phase: ReplatformPhase): void {
    this.s.phase = phase;
    this.note(`phase: ${phase}`);
    upsertSearchAttributes([{ key: MigrationPhase, value: phase }]);
    this.changed = true;
    this.contactChanged = true;
  }

  private setDates(dates: ReplatformDates): void {
    this.s.dates = dates;
    this.s.goLiveAt = goLiveAt(dates);
    this.changed = true;
    this.contactChanged = true;
  }

  addChecklist(items: readonly ChecklistItem[]): void {
    const before = this.s.checklist.length;
    this.s.checklist = mergeChecklist(this.s.checklist, items);
    if (this.s.checklist.length > before) this.contactChanged = true;
  }

  /** Queues an email to the tech contact (the contact loop sends it; never dropped, even before the questionnaire). */
  tell(notice: TechNotice): void {
    this.s.outbox.push(notice);
    this.contactChanged = true;
  }

  recordNotice(notice: TechNotice, sent: boolean): void {
    this.s.notices.push({ at: iso(Date.now()), kind: notice.kind, about: noticeAbout(notice), sent });
    if (this.s.notices.length > KEEP_NOTICES) this.s.notices.splice(0, this.s.notices.length - KEEP_NOTICES);
  }

  // ---- Message handlers: each records a request or a change; none waits on anything long. ----

  answer(q: Questionnaire, how: string): ReplatformStatus {
    this.s.questionnaire = q;
    this.setDates(datesOf(q));
    this.addChecklist(baseChecklist(q));
    this.s.espStepsPlanned = false;
    if (this.s.espPrepare === 'not-started') this.s.esps = q.esps.map((e, account) => ({ provider: e.provider, account, state: 'waiting', detail: null, since: null }));
    this.note(`questionnaire ${how}`);
    return this.status();
  }

  moveDate(field: DateField, dates: ReplatformDates, by: 'signal' | 'update'): ReplatformDates {
    this.setDates(dates);
    this.note(`${field === 'launchAt' ? 'launchDate' : field === 'deactivateAt' ? 'deactivationDate' : 'activationDate'} set to ${dates[field]} (${by})`);
    return this.s.dates;
  }

  rejectSignal(signal: string, arg: unknown, problems: string[]): void {
    const text = JSON.stringify(arg) ?? 'nothing';
    const received = text.length > 120 ? `${text.slice(0, 117)}...` : text;
    this.s.rejectedSignals.push({ at: iso(Date.now()), signal, received, problems });
    if (this.s.rejectedSignals.length > KEEP_REJECTED) this.s.rejectedSignals.splice(0, this.s.rejectedSignals.length - KEEP_REJECTED);
    this.note(`signal ${signal} ${received} rejected: ${problems.join('; ')}`);
    this.tell({ kind: 'signal-rejected', signal, received, problems });
  }

  launchNow(): string {
    this.s.requests.launchNow = true;
    // The launch date is now: the deactivation date is then checked against the real launch, not the planned one.
    this.setDates({ ...this.s.dates, launchAt: iso(Date.now()) });
    this.note('launch requested now');
    return 'launching: smart update runs once more, the ESPs go live as each is ready';
  }

  /** Records the request, then waits (doing nothing) until the main loop has run it. */
  async remigrate(): Promise<RemigrateResult> {
    const n = this.s.remigrations + 1;
    this.s.requests.remigrate = { n, requestedAt: iso(Date.now()) };
    this.changed = true;
    this.note('remigration requested');
    await condition(() => this.s.lastRemigration?.n === n);
    const outcome = this.s.lastRemigration as NonNullable<ReplatformState['lastRemigration']>;
    if ('error' in outcome) throw ApplicationFailure.create({ message: `remigration failed: ${outcome.error}`, nonRetryable: true });
    return outcome.result;
  }

  pause(): void {
    if (this.s.phase === 'completed' || this.s.paused) return;
    this.s.paused = true;
    this.changed = true;
    this.note('paused');
  }

  resume(): void {
    if (!this.s.paused) return;
    this.s.paused = false;
    this.changed = true;
    this.note('resumed');
  }

  syncNow(): void {
    const refusal = syncNowRefusal(this.s.phase, this.moving);
    if (refusal) {
      this.note(`syncNow ignored: ${refusal}`);
      return;
    }
    this.s.requests.syncNow = true;
    this.changed = true;
  }

  confirm(item: string): ChecklistEntry[] {
    const entry = this.s.checklist.find((i) => i.id === item) as ChecklistEntry;
    entry.doneAt = iso(Date.now());
    this.contactChanged = true;
    this.changed = true;
    this.note(`checklist: ${item} done`);
    return this.s.checklist;
  }

  espAccountReady(readiness: EspAccountReadiness): void {
    const entry = this.s.esps.find((e) => e.account === readiness.account);
    if (!entry || entry.state === 'live') return;
    this.setEspState(entry, readiness.ready ? 'ready' : 'not-ready', readiness.detail);
  }

  setEspState(entry: EspAccountState, state: EspAccountState['state'], detail: string | null): void {
    Object.assign(entry, { state, detail, since: iso(Date.now()) });
    this.note(`ESP ${entry.provider}: ${state}${detail ? ` (${detail})` : ''}`);
    this.changed = true;
    if (state === 'not-ready') {
      this.addChecklist([{
        id: `${entry.provider}:not-ready${entry.account > 0 ? `-${entry.account}` : ''}`, source: entry.provider,
        title: `${entry.provider} could not get ready to go live`,
        instructions: `${detail ?? 'Its handoff did not finish.'} Its go-live does not happen by itself: fix the cause and do its go-live steps by hand (see the README's ESP handoff table), then confirm this item.`,
      }]);
    }
  }

  // ---- The main loop: one method per phase. ----

  async step(): Promise<void> {
    switch (this.s.phase) {
      case 'awaiting-questionnaire':
        await condition(() => this.s.questionnaire !== null);
        this.setPhase(phaseAfterQuestionnaire(this.s.questionnaire as Questionnaire));
        return;
      case 'full-migration':
        await this.runFullMigration('');
        this.s.smartUpdate.nextAt = iso(Date.now() + this.everyMs);
        this.setPhase('smart-update');
        return;
      case 'smart-update':
      case 'awaiting-launch':
      case 'awaiting-deactivation':
        return this.betweenDates();
      case 'remigrating':
        return this.runRemigration();
      case 'launching':
        return this.launch();
      case 'deactivating':
        return this.deactivate();
      case 'awaiting-confirmation':
        await condition(() => !this.s.checklist.some((i) => !i.doneAt), untilMs(this.s.confirmUntil ?? iso(Date.now())));
        this.setPhase('completed');
        return;
      case 'completed':
        return;
    }
  }

  /** Between the dates: does the one thing that is due, or waits for the earliest timer or a message. */
  private async betweenDates(): Promise<void> {
    const s = this.s;
    const now = Date.now();
    if (this.prepareOutcome) return this.esp.recordPrepare();
    if (s.requests.remigrate && s.phase === 'smart-update') {
      this.setPhase('remigrating');
      return;
    }
    if (s.espPrepare === 'not-started' && s.esps.length > 0) return this.esp.startPrepare();
    if (isBeforeLaunch(s.phase) && launchDue(s.dates, s.requests.launchNow, s.paused, now)) {
      this.setPhase('launching');
      return;
    }
    const goLive = s.paused ? [] : accountsToGoLive(s.esps, s.phase, s.goLiveAt, now);
    if (goLive.length) return this.esp.goLive(goLive);
    if (s.phase === 'awaiting-deactivation' && !s.paused && s.dates.deactivateAt && now >= Date.parse(s.dates.deactivateAt)) {
      this.setPhase('deactivating');
      return;
    }
    const syncing = smartUpdateRunsIn(s.phase, this.moving) && !s.paused;
    if (syncing && (s.requests.syncNow || (s.smartUpdate.nextAt !== null && now >= Date.parse(s.smartUpdate.nextAt)))) {
      const why = s.requests.syncNow ? 'on demand' : 'on schedule';
      s.requests.syncNow = false;
      await this.smartUpdate(why);
      s.smartUpdate.nextAt = iso(Date.now() + this.everyMs);
      this.runsThisHistory += 1;
      return;
    }
    const waitingForGoLive = hasLaunched(s.phase) && s.esps.some((e) => e.state === 'ready') && s.goLiveAt !== null && Date.parse(s.goLiveAt) > now;
    const next = s.paused ? null : earliest(
      isBeforeLaunch(s.phase) ? s.dates.launchAt : null,
      syncing ? s.smartUpdate.nextAt : null,
      waitingForGoLive ? s.goLiveAt : null,
      s.phase === 'awaiting-deactivation' ? s.dates.deactivateAt : null,
    );
    this.changed = false;
    if (next) await condition(() => this.changed || this.prepareOutcome !== null, untilMs(next));
    else await condition(() => this.changed || this.prepareOutcome !== null);
  }

  private async runFullMigration(suffix: string): Promise<boolean> {
    const workflowId = `${this.id}-full-migration${suffix}`;
    this.s.migration.workflowId = workflowId;
    this.s.smartUpdate.syncedUntil = await acts.replatformClock();
    const result = await executeChild<typeof fullMigration>('fullMigration', {
      workflowId,
      args: [{
        migrationId: this.id, source: this.settings.source, target: this.settings.target, storeDomain: this.settings.storeDomain, holdForRetry: '0s',
        ...this.settings.migration,
      }],
    });
    Object.assign(this.s.migration, { progress: result.progress, verified: result.verification.ok, runs: this.s.migration.runs + 1 });
    this.note(`full migration ${workflowId}: ${result.verification.ok ? 'verified' : 'NOT verified (failures are migrated again by smart update)'}`);
    return result.verification.ok;
  }

  /** One smart-update run; a run that fails after its retries is noted and the schedule goes on. */
  private async smartUpdate(why: string): Promise<SmartUpdateSummary | null> {
    const s = this.s;
    let summary: SmartUpdateSummary;
    try {
      summary = await long.smartUpdate({
        replatformId: this.id, migrationId: this.id, source: this.settings.source.connection, target: this.settings.target.connection,
        since: s.smartUpdate.syncedUntil ?? iso(0), fields: this.settings.sync, conflictPolicy: this.settings.conflictPolicy,
        statusMapOverrides: this.settings.migration.statusMap ?? {}, pageSize: this.settings.migration.pageSize ?? 50,
      });
    } catch (err) {
      this.note(`smart update (${why}) failed: ${failure(err)}`);
      return null;
    }
    s.smartUpdate.syncedUntil = summary.startedAt;
    s.smartUpdate.runs += 1;
    const { conflicts, failures: _f, ...counts } = summary;
    s.smartUpdate.last = counts;
    s.conflicts.push(...conflicts);
    if (s.conflicts.length > KEEP_CONFLICTS) s.conflicts.splice(0, s.conflicts.length - KEEP_CONFLICTS);
    for (const key of ['updated', 'created', 'conflicted', 'failed'] as const) s.totals[key] += summary[key];
    this.note(`smart update (${why}): ${summary.changed} changed, ${summary.updated} updated, ${summary.created} created, ${summary.conflicted} conflicted, ${summary.failed} failed, ${summary.unchanged} unchanged`);
    return summary;
  }

  private async runRemigration(): Promise<void> {
    const request = this.s.requests.remigrate;
    if (!request) {
      this.setPhase('smart-update');
      return;
    }
    try {
      const removal = await long.deleteCutoverCreated({ migrationId: this.id, target: this.settings.target.connection });
      this.note(`remigration: deleted ${JSON.stringify(removal.deleted)} created by Cutover, kept ${removal.kept} that were there before`);
      this.s.remigrations = request.n;
      const verified = await this.runFullMigration(`-r${request.n}`);
      this.s.lastRemigration = { n: request.n, result: { deleted: removal.deleted, kept: removal.kept, failedDeletes: removal.failed.length, warning: REMIGRATION_WARNING, verified } };
    } catch (err) {
      this.s.remigrations = request.n;
      this.s.lastRemigration = { n: request.n, error: failure(err) };
      this.note(`remigration failed: ${failure(err)}`);
    }
    this.s.requests.remigrate = null;
    this.s.smartUpdate.nextAt = iso(Date.now() + this.everyMs);
    this.setPhase('smart-update');
  }

  private async launch(): Promise<void> {
    if (this.moving) {
      await this.smartUpdate('at launch');
      this.s.smartUpdate.nextAt = iso(Date.now() + this.everyMs);
    }
    this.s.requests.launchNow = false;
    const notReady = notReadyAtLaunch(this.s.esps);
    if (notReady.length) {
      this.note(`launched before ${notReady.map((e) => `${e.provider} (${e.state})`).join(', ')} ready: each goes live when it is`);
      this.tell({ kind: 'esp-not-ready', accounts: notReady.map((e) => ({ provider: e.provider, state: e.state, detail: e.detail })), goLiveAt: this.s.goLiveAt });
    }
    this.setPhase('awaiting-deactivation');
  }

  act(action: DeactivationAction['action'], outcome: DeactivationAction['outcome'], detail: string): void {
    this.s.deactivation.actions.push({ at: iso(Date.now()), action, outcome, detail });
    this.note(`deactivation: ${action} ${outcome}: ${detail}`);
  }

  /** At the deactivation date: everything an API can do, each recorded; then open steps are reminded until confirmed. */
  private async deactivate(): Promise<void> {
    const s = this.s;
    if (this.moving && !s.smartUpdate.stoppedAt) {
      const summary = await this.smartUpdate('final, at deactivation');
      this.act('final-smart-update', summary ? 'done' : 'failed', summary ? `${summary.changed} changed, ${summary.updated} updated, ${summary.created} created, ${summary.failed} failed` : 'the final run failed; see the timeline');
      s.smartUpdate.nextAt = null;
      s.smartUpdate.stoppedAt = iso(Date.now());
      this.act('smart-update-stopped', 'done', `no run follows; ${s.smartUpdate.runs} run(s) in all`);
    }
    try {
      const removal = await acts.removeCutoverWebhooks({ store: this.settings.source.connection });
      const removed = removal.removed.map((w) => `${w.topic} → ${w.address} (${w.id})`).join('; ') || 'none pointed at Cutover';
      const failed = removal.failed.map((f) => `${f.id}: ${f.error}`).join('; ');
      this.act('old-webhooks-removed', removal.failed.length ? 'failed' : 'done', `removed ${removal.removed.length}: ${removed}; ${removal.kept} pointing elsewhere kept${failed ? `; failed: ${failed}` : ''}`);
    } catch (err) {
      this.act('old-webhooks-removed', 'failed', failure(err));
      this.addChecklist([{ id: 'remove-old-webhooks', source: 'replatform', title: 'Remove the old store\'s webhooks that point at Cutover', instructions: `Cutover could not remove them through the API (${failure(err)}): delete them in the old ${s.sourcePlatform ?? 'store'}'s admin.` }]);
    }
    await this.esp.deactivateEsps();
    this.setPhase(s.checklist.some((i) => !i.doneAt) ? 'awaiting-confirmation' : 'completed');
    if (s.phase === 'awaiting-confirmation') s.confirmUntil = iso(Date.now() + this.confirmForMs);
  }

  /** Continues as new after enough smart updates, when nothing is in flight: no child, no handler, no email. */
  async continueIfLong(input: ReplatformInput): Promise<void> {
    if (this.runsThisHistory < this.settings.runsPerHistory && !workflowInfo().continueAsNewSuggested) return;
    if (this.s.espPrepare === 'running') return;
    await condition(() => allHandlersFinished() && !this.mailing);
    this.s.historyRuns += 1;
    await continueAsNew<(input: ReplatformInput, carried?: ReplatformState) => Promise<unknown>>(input, this.s);
  }
}
