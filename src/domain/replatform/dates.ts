/** The three dates that drive a re-platform, as ISO instants. */
export interface ReplatformDates {
  launchAt: string | null;
  deactivateAt: string | null;
  activateAt: string | null;
}

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
