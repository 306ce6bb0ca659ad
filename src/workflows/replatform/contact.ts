import { condition, proxyActivities } from '@temporalio/workflow';
import type { EspActivities } from '../../activities/esp/esp-activities';
import type { ReplatformActivities } from '../../activities/replatform/replatform-activities';
import type { ChecklistItem } from '../../domain/esp/handoff';
import { mergeChecklist } from '../../domain/replatform/checklist';
import { pendingDateReminders } from '../../domain/replatform/dates';
import type { TechNotice } from '../../domain/replatform/notices';
import type { Questionnaire } from '../../domain/replatform/questionnaire';
import { earliest, hasLaunched } from '../../domain/replatform/rules';
import type { ReplatformLifecycle } from './lifecycle';
import { iso, untilMs } from './util';

const mail = proxyActivities<ReplatformActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
const planning = proxyActivities<EspActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Everything the tech contact hears, in a loop of its own beside the main loop, so a reminder never waits
 * behind an hour-long smart update: the checklist once, a reminder of what is open every `remindEvery`
 * until each step is confirmed, a reminder `remindBefore` each date, and the notices the handlers queue (a
 * refused signal, ESPs not ready at launch). The ESPs' go-live and deactivation steps for a person are
 * planned ahead (no ESP is called) so they are emailed before their date, not discovered on it.
 */
export async function contactLoop(lc: ReplatformLifecycle): Promise<void> {
  const s = lc.s;
  const done = (): boolean => s.phase === 'completed';
  const open = (): boolean => s.checklist.some((i) => !i.doneAt);
  await condition(() => s.questionnaire !== null || done());
  while (!done() || s.outbox.length > 0) {
    if (!s.espStepsPlanned && !done()) await planEspSteps(lc);
    if (!s.checklistEmailed && !done()) {
      await send(lc, { kind: 'checklist', items: s.checklist });
      s.checklistEmailed = true;
      s.nextReminderAt = iso(Date.now() + lc.remindEveryMs);
    }
    while (s.outbox.length > 0) await send(lc, s.outbox[0] as TechNotice, () => s.outbox.shift());
    if (done()) break;
    const now = Date.now();
    const skip = hasLaunched(s.phase) ? (['launchAt'] as const) : [];
    const dueDates = pendingDateReminders(s.dates, lc.remindBeforeMs, s.dateRemindersSent, now, skip);
    for (const reminder of dueDates.filter((r) => Date.parse(r.at) <= now)) {
      await send(lc, { kind: 'date-reminder', field: reminder.field, date: reminder.date, items: s.checklist });
      s.dateRemindersSent.push(reminder.key);
    }
    if (!open()) s.nextReminderAt = null;
    else if (s.nextReminderAt === null) s.nextReminderAt = iso(Date.now() + lc.remindEveryMs);
    else if (Date.now() >= Date.parse(s.nextReminderAt)) {
      await send(lc, { kind: 'checklist-reminder', items: s.checklist });
      s.remindersSent += 1;
      s.nextReminderAt = iso(Date.now() + lc.remindEveryMs);
    }
    const nextDate = pendingDateReminders(s.dates, lc.remindBeforeMs, s.dateRemindersSent, Date.now(), skip)[0]?.at;
    const next = earliest(s.nextReminderAt, nextDate);
    lc.contactChanged = false;
    const woken = () => lc.contactChanged || s.outbox.length > 0 || done();
    if (next) await condition(woken, untilMs(next));
    else await condition(woken);
  }
  s.nextReminderAt = null;
}

async function send(lc: ReplatformLifecycle, notice: TechNotice, sent?: () => void): Promise<void> {
  const q = lc.s.questionnaire as Questionnaire;
  lc.mailing = true;
  try {
    const result = await mail.notifyTechContact({ connection: lc.settings.emailConnection ?? null, to: q.techContact.email, storeDomain: lc.settings.storeDomain, notice });
    lc.recordNotice(notice, result.sent);
    lc.note(`email (${notice.kind}): ${result.detail}`);
  } catch (err) {
    // A refused address or connection must not stop the re-platform: the notice stays in the status.
    lc.recordNotice(notice, false);
    lc.note(`email (${notice.kind}) failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    lc.mailing = false;
    sent?.();
  }
}

/** The ESPs' steps for a person at go-live and at deactivation, from the providers' plans: on the checklist from the start. */
async function planEspSteps(lc: ReplatformLifecycle): Promise<void> {
  const q = lc.s.questionnaire as Questionnaire;
  lc.s.espStepsPlanned = true;
  if (q.esps.length === 0) return;
  const items: ChecklistItem[] = [];
  for (const phase of ['go-live', 'deactivate'] as const) {
    try {
      const plan = await planning.planEspHandoff({ phase, esps: q.esps });
      for (const step of plan.steps.filter((x) => x.mode === 'manual')) {
        items.push({ id: `${step.provider}:${step.step}`, source: step.provider, title: `${phase === 'go-live' ? 'At go-live' : 'At deactivation'}: ${step.title}`, instructions: step.instructions ?? '' });
      }
    } catch (err) {
      lc.note(`ESP ${phase} steps not planned ahead: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  lc.s.checklist = mergeChecklist(lc.s.checklist, items);
}
