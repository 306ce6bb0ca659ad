/** Small helpers the re-platform's workflow modules share (workflow time: deterministic on replay). */

export const iso = (ms: number): string => new Date(ms).toISOString();
/** A durable timer's timeout from now until `at`; at least 1 ms (0 would mean "no timeout"). */
export const untilMs = (at: string): number => Math.max(1, Date.parse(at) - Date.now());
export const failure = (err: unknown): string => {
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  return cause ?? (err instanceof Error ? err.message : String(err));
};
