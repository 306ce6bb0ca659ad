import { describeIssues } from '../validation';
import type { ChecklistEntry } from './checklist';
import { type DateField, type DateMessage, dateFieldNames, dateMessages, dateProblems, parseDateArg, type ReplatformDates } from './dates';
import { type Questionnaire, questionnaireSchema } from './questionnaire';
import type { EspAccountState, ReplatformPhase } from './status';

/**
 * The re-platform's phase rules, pure: which message each phase accepts and why not, what the main loop
 * does next. The workflow asks these; the unit tests pin them down without a Temporal server.
 */

const BEFORE_LAUNCH: readonly ReplatformPhase[] = ['awaiting-questionnaire', 'full-migration', 'smart-update', 'awaiting-launch', 'remigrating'];
const FINISHING: readonly ReplatformPhase[] = ['deactivating', 'awaiting-confirmation', 'completed'];

export const isBeforeLaunch = (phase: ReplatformPhase): boolean => BEFORE_LAUNCH.includes(phase);
export const hasLaunched = (phase: ReplatformPhase): boolean => !isBeforeLaunch(phase);
/** The deactivation date has come: the dates no longer move. */
export const isFinishing = (phase: ReplatformPhase): boolean => FINISHING.includes(phase);

export type Verdict<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The phase after the questionnaire: the full migration when the data moves, else straight to waiting for launch. */
export function phaseAfterQuestionnaire(questionnaire: Questionnaire): ReplatformPhase {
  return questionnaire.data === 'move' ? 'full-migration' : 'awaiting-launch';
}

/** Smart update runs from the full migration's end until the deactivation's final run, for a store that moves its data. */
export function smartUpdateRunsIn(phase: ReplatformPhase, moving: boolean): boolean {
  return moving && (phase === 'smart-update' || phase === 'awaiting-deactivation');
}

/**
 * A date message (a signal or an update of the same name): the argument and the phase rules, then the date
 * rules on the dates as they would be. Accepted: the new dates.
 */
export function dateChange(message: DateMessage, arg: unknown, context: { phase: ReplatformPhase; dates: ReplatformDates; now: Date }): Verdict<{ field: DateField; dates: ReplatformDates }> {
  const field = dateMessages[message];
  const name = dateFieldNames[field];
  const { phase } = context;
  if (field === 'launchAt' && !isBeforeLaunch(phase)) return { ok: false, problems: [`${name}: the launch date can move until launch (phase now: ${phase})`] };
  if (field === 'deactivateAt' && isFinishing(phase)) return { ok: false, problems: [`${name}: the old platform is already being deactivated (phase now: ${phase})`] };
  if (field === 'activateAt' && isFinishing(phase)) return { ok: false, problems: [`${name}: the re-platform is finishing (phase now: ${phase})`] };
  const parsed = parseDateArg(arg, field);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const dates = { ...context.dates, [field]: parsed.date };
  const problems = field === 'activateAt' ? [] : dateProblems(dates, context.now, { launchFixed: hasLaunched(phase) });
  return problems.length ? { ok: false, problems } : { ok: true, value: { field, dates } };
}

/** An answer to the questionnaire: the schema, editable until launch, `data` fixed once started, the date rules. */
export function answerVerdict(answer: unknown, context: { phase: ReplatformPhase; current: Questionnaire | null; now: Date }): Verdict<Questionnaire> {
  if (!isBeforeLaunch(context.phase)) return { ok: false, problems: [`the questionnaire is editable until launch (phase now: ${context.phase})`] };
  const parsed = questionnaireSchema.safeParse(answer);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error) };
  const q = parsed.data;
  if (context.current && context.phase !== 'awaiting-questionnaire' && q.data !== context.current.data) {
    return { ok: false, problems: [`data: "${q.data}" cannot replace "${context.current.data}" once the re-platform has started; use remigrate to start the data over`] };
  }
  const problems = dateProblems(datesOf(q), context.now);
  return problems.length ? { ok: false, problems } : { ok: true, value: q };
}

export function datesOf(q: Questionnaire): ReplatformDates {
  return { launchAt: q.launchDate, deactivateAt: q.deactivationDate, activateAt: q.activationDate };
}

export function launchNowProblems(phase: ReplatformPhase, paused: boolean): string[] {
  if (phase !== 'smart-update' && phase !== 'awaiting-launch') {
    return [`launch is accepted once the full migration has finished (the ESPs need not be ready: each goes live when it is), in phase smart-update or awaiting-launch (phase now: ${phase})`];
  }
  return paused ? ['the re-platform is paused; resume it first'] : [];
}

export function remigrateProblems(arg: unknown, phase: ReplatformPhase, moving: boolean, alreadyRequested: boolean): string[] {
  if ((arg as { confirm?: unknown } | undefined)?.confirm !== true) {
    return ['confirm: must be true; remigration deletes on the target everything Cutover created (edits made there to those entities are lost) and migrates again'];
  }
  if (alreadyRequested) return ['a remigration is already requested or running; wait for its result'];
  if (phase !== 'smart-update' || !moving) {
    return [`remigration is accepted after the full migration and before launch, in phase smart-update of a store that moves its data (phase now: ${phase})`];
  }
  return [];
}

/** Why a `syncNow` is not acted on, or null when it is. */
export function syncNowRefusal(phase: ReplatformPhase, moving: boolean): string | null {
  return smartUpdateRunsIn(phase, moving) ? null : `smart update runs between the full migration and the deactivation of a store that moves its data (phase now: ${phase})`;
}

export function checklistDoneProblems(arg: unknown, checklist: readonly ChecklistEntry[]): string[] {
  const item = (arg as { item?: unknown } | undefined)?.item;
  if (checklist.some((i) => i.id === item)) return [];
  return [`item: unknown checklist item "${String(item)}"; known: ${checklist.map((i) => i.id).join(', ') || '(none yet: answer the questionnaire first)'}`];
}

/** The launch is due: asked for now, or its date has come (and the re-platform is not paused). */
export function launchDue(dates: ReplatformDates, launchRequested: boolean, paused: boolean, now: number): boolean {
  return launchRequested || (!paused && !!dates.launchAt && now >= Date.parse(dates.launchAt));
}

/** ESP accounts ready to go live now: past the go-live time, launched, prepared and not live yet. */
export function accountsToGoLive(esps: readonly EspAccountState[], phase: ReplatformPhase, goLive: string | null, now: number): EspAccountState[] {
  if (!hasLaunched(phase) || phase === 'launching' || !goLive || now < Date.parse(goLive)) return [];
  return esps.filter((e) => e.state === 'ready');
}

/** The accounts that are not ready when the store launches: the status and an email say so. */
export function notReadyAtLaunch(esps: readonly EspAccountState[]): EspAccountState[] {
  return esps.filter((e) => e.state !== 'ready' && e.state !== 'live');
}

/** The earliest of some instants (null when none). */
export function earliest(...instants: (string | null | undefined)[]): string | null {
  const present = instants.filter((i): i is string => !!i);
  return present.length ? present.reduce((a, b) => (a < b ? a : b)) : null;
}
