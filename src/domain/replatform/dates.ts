import { dateInputSchema } from './questionnaire';

/** The three dates that drive a re-platform, as ISO instants. */
export interface ReplatformDates {
  launchAt: string | null;
  deactivateAt: string | null;
  activateAt: string | null;
}
export type DateField = keyof ReplatformDates;

/** The messages (signal and update alike) that move a date, and the date each one moves. */
export const dateMessages = { markLaunchDate: 'launchAt', markDeactivationDate: 'deactivateAt', markActivationDate: 'activateAt' } as const;
export type DateMessage = keyof typeof dateMessages;

/** Each date by the name the questionnaire and the messages' problems give it. */
export const dateFieldNames: Record<DateField, string> = { launchAt: 'launchDate', deactivateAt: 'deactivationDate', activateAt: 'activationDate' };

const day = (iso: string): string => iso.slice(0, 10);

/**
 * The date rules: launch not before today, deactivation not before launch. Each problem says what is wrong
 * and what is allowed. `now` is the workflow's clock (deterministic on replay).
 */
export function dateProblems(dates: ReplatformDates, now: Date, options: { launchFixed?: boolean } = {}): string[] {
  const problems: string[] = [];
  const today = now.toISOString().slice(0, 10);
  if (dates.launchAt && !options.launchFixed && day(dates.launchAt) < today) {
    problems.push(`launchDate: ${day(dates.launchAt)} is in the past; a launch date is today (${today}) or later`);
  }
  if (dates.launchAt && dates.deactivateAt && dates.deactivateAt < dates.launchAt) {
    problems.push(`deactivationDate: ${dates.deactivateAt} is before the launch date ${dates.launchAt}; the old platform is deactivated at or after launch`);
  }
  if (dates.deactivateAt && !dates.launchAt && day(dates.deactivateAt) < today) {
    problems.push(`deactivationDate: ${day(dates.deactivateAt)} is in the past; it is today (${today}) or later`);
  }
  return problems;
}

/**
 * A date message's argument, `{ "date": "2026-03-01" }` or an ISO instant, as an instant; or the one problem
 * with it. Signals arrive unchecked (the CLI sends any JSON), so anything is accepted here and described.
 */
export function parseDateArg(arg: unknown, field: DateField): { ok: true; date: string } | { ok: false; problem: string } {
  const name = dateFieldNames[field];
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
    return { ok: false, problem: `${name}: the argument must be an object such as {"date": "2026-03-01"} (got ${describeValue(arg)})` };
  }
  const extra = Object.keys(arg).filter((k) => k !== 'date');
  if (extra.length) return { ok: false, problem: `${name}: unknown field(s) ${extra.map((k) => `"${k}"`).join(', ')}; the argument is {"date": "YYYY-MM-DD"}` };
  const value = (arg as { date?: unknown }).date;
  const parsed = dateInputSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: `${name}: "${String(value)}" is not a date; give "YYYY-MM-DD" or an ISO instant such as "2026-03-01T09:00:00Z"` };
  return { ok: true, date: parsed.data };
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** When the ESPs go live: at the activation date when there is one, otherwise at launch. */
export function goLiveAt(dates: ReplatformDates): string | null {
  return dates.activateAt ?? dates.launchAt;
}

/** A reminder sent ahead of a date; the key names the date and its value, so a moved date is reminded again. */
export interface DateReminder {
  key: string;
  field: DateField;
  date: string;
  /** When it is due: `remindBefore` ahead of the date (or at once, when the date was set closer than that). */
  at: string;
}

/**
 * The reminders ahead of the dates that are not sent yet and whose date is still to come, earliest first.
 * `skip` leaves out dates that no longer matter (the launch once launched).
 */
export function pendingDateReminders(dates: ReplatformDates, remindBeforeMs: number, sent: readonly string[], now: number, skip: readonly DateField[] = []): DateReminder[] {
  const reminders: DateReminder[] = [];
  for (const field of ['launchAt', 'activateAt', 'deactivateAt'] as const) {
    const date = dates[field];
    if (!date || skip.includes(field)) continue;
    const key = `${field}@${date}`;
    const dateMs = Date.parse(date);
    if (sent.includes(key) || dateMs <= now) continue;
    reminders.push({ key, field, date, at: new Date(Math.max(dateMs - remindBeforeMs, 0)).toISOString() });
  }
  return reminders.sort((a, b) => a.at.localeCompare(b.at));
}
