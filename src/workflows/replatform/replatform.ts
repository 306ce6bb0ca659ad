import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ReplatformActivities } from '../../activities/replatform/replatform-activities';
import { type DateMessage, dateMessages, dateProblems } from '../../domain/replatform/dates';
import { type ReplatformInput, replatformInputSchema } from '../../domain/replatform/input';
import {
  answerVerdict, checklistDoneProblems, datesOf, dateChange, launchNowProblems, remigrateProblems,
} from '../../domain/replatform/rules';
import type { ReplatformReport } from '../../domain/replatform/status';
import { espAccountReadySignal } from '../esp/messages';
import { MigrationPhase, SourcePlatform, StoreDomain, TargetPlatform } from '../search-attributes';
import { INVALID_INPUT, parseWorkflowInput } from '../validate';
import { contactLoop } from './contact';
import { ReplatformLifecycle } from './lifecycle';
import {
  answerUpdate, checklistDoneUpdate, dateMessageDefinitions, launchNowUpdate, pauseSignal, remigrateUpdate, resumeSignal, statusQuery, syncNowSignal,
} from './messages';
import { finalReport, type ReplatformState } from './state';

const acts = proxyActivities<ReplatformActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10 } });

function rejected(what: string, problems: string[]): Error {
  return new Error(`${what} rejected: ${problems.join('; ')}`);
}

/**
 * One store's re-platform, over weeks: the questionnaire, the full migration (a child), smart updates on a
 * period and on demand, the ESP handoff's preparation beside them (a child that never holds the launch),
 * the launch, each ESP's go-live at the activation date (else at launch) once it is ready, and at the
 * deactivation date what an API can do, done and recorded. The dates move by signal or update alike; the
 * tech contact is emailed the checklist, reminders ahead of each date, and what went wrong.
 */
export async function replatform(input: ReplatformInput, carried?: ReplatformState): Promise<ReplatformReport> {
  const settings = parseWorkflowInput(replatformInputSchema, input, 'replatform input');
  const lc = new ReplatformLifecycle(settings, workflowInfo().workflowId, carried);

  // A questionnaire given at start obeys the same rules as an answer; a bad one fails the start at once.
  if (!carried && settings.questionnaire) {
    const problems = dateProblems(datesOf(settings.questionnaire), new Date());
    if (problems.length) throw ApplicationFailure.create({ type: INVALID_INPUT, nonRetryable: true, message: `invalid replatform input: ${problems.map((p) => `questionnaire.${p}`).join('; ')}`, details: [problems] });
    lc.answer(settings.questionnaire, 'given at start');
  }

  // Message handlers: validate (pure rules), then record. None does long work.
  setHandler(statusQuery, () => lc.status());
  setHandler(answerUpdate, (answer) => {
    const verdict = answerVerdict(answer, { phase: lc.phase, current: lc.s.questionnaire, now: new Date() });
    if (!verdict.ok) throw rejected('answer', verdict.problems);
    return lc.answer(verdict.value, 'answered');
  }, {
    validator: (answer) => {
      const verdict = answerVerdict(answer, { phase: lc.phase, current: lc.s.questionnaire, now: new Date() });
      if (!verdict.ok) throw rejected('answer', verdict.problems);
    },
  });
  for (const message of Object.keys(dateMessages) as DateMessage[]) {
    const verdict = (arg: unknown) => dateChange(message, arg, { phase: lc.phase, dates: lc.s.dates, now: new Date() });
    const { update, signal } = dateMessageDefinitions[message];
    setHandler(update, (arg) => {
      const v = verdict(arg);
      if (!v.ok) throw rejected(message, v.problems);
      return lc.moveDate(v.value.field, v.value.dates, 'update');
    }, {
      validator: (arg) => {
        const v = verdict(arg);
        if (!v.ok) throw rejected(message, v.problems);
      },
    });
    // A signal cannot be refused to its sender: a bad one is recorded as rejected and emailed, never dropped.
    setHandler(signal, (arg) => {
      const v = verdict(arg);
      if (v.ok) lc.moveDate(v.value.field, v.value.dates, 'signal');
      else lc.rejectSignal(message, arg, v.problems);
    });
  }
  setHandler(launchNowUpdate, () => lc.launchNow(), {
    validator: () => {
      const problems = launchNowProblems(lc.phase, lc.s.paused);
      if (problems.length) throw rejected('launchNow', problems);
    },
  });
  setHandler(remigrateUpdate, () => lc.remigrate(), {
    validator: (arg) => {
      const problems = remigrateProblems(arg, lc.phase, lc.moving, lc.s.requests.remigrate !== null);
      if (problems.length) throw rejected('remigrate', problems);
    },
  });
  setHandler(checklistDoneUpdate, ({ item }) => lc.confirm(item), {
    validator: (arg) => {
      const problems = checklistDoneProblems(arg, lc.s.checklist);
      if (problems.length) throw rejected('checklistDone', problems);
    },
  });
  setHandler(pauseSignal, () => lc.pause());
  setHandler(resumeSignal, () => lc.resume());
  setHandler(syncNowSignal, () => lc.syncNow());
  setHandler(espAccountReadySignal, (readiness) => lc.espAccountReady(readiness));

  upsertSearchAttributes([{ key: StoreDomain, value: settings.storeDomain }, { key: MigrationPhase, value: lc.phase }]);
  if (!lc.s.sourcePlatform || !lc.s.targetPlatform) {
    const platforms = await acts.describePlatforms({ source: settings.source.connection, target: settings.target.connection });
    lc.s.sourcePlatform = platforms.sourcePlatform;
    lc.s.targetPlatform = platforms.targetPlatform;
  }
  upsertSearchAttributes([{ key: SourcePlatform, value: lc.s.sourcePlatform }, { key: TargetPlatform, value: lc.s.targetPlatform }]);

  const contact = contactLoop(lc);
  // The main loop: it alone changes the phase and runs every long operation.
  while (lc.phase !== 'completed') {
    await lc.step();
    await lc.continueIfLong(input);
  }
  await contact;
  await condition(allHandlersFinished);
  return finalReport(lc.s);
}
