/** Minutes since midnight of `at` in the IANA time zone `timeZone` (Intl is deterministic for a given instant). */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

function toMinutes(clock: string): number {
  const [h = '0', m = '0'] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * How long to wait from `at` until quiet hours end, in milliseconds; 0 outside quiet hours. Quiet hours may
 * wrap midnight (21:00–08:00). Whole minutes: the durable timer need not be finer than that.
 */
export function delayUntilQuietHoursEnd(at: number, quiet: { start: string; end: string } | null, timeZone: string): number {
  if (!quiet) return 0;
  const now = localMinutes(at, timeZone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const inQuiet = start <= end ? now >= start && now < end : now >= start || now < end;
  if (!inQuiet) return 0;
  const minutes = (end - now + 24 * 60) % (24 * 60);
  return minutes * 60_000;
}

/** True when `zone` is an IANA time zone this runtime knows (Intl refuses the others). */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone quiet hours are kept in: the shopper's when the order gives a known one, else the store's, else
 * UTC. A zone Intl refuses would throw inside every workflow task of the order; it never gets that far.
 */
export function quietHoursZone(shopperZone: string | null | undefined, storeZone: string): string {
  if (shopperZone && isKnownTimeZone(shopperZone)) return shopperZone;
  return isKnownTimeZone(storeZone) ? storeZone : 'UTC';
}
