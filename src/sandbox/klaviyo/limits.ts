/**
 * Klaviyo's published limits are per endpoint, a burst (per second) and a steady (per minute) window;
 * over either the API answers 429 with Retry-After. One fixed-window pair per endpoint class, tunable so
 * tests can provoke throttling with a handful of calls.
 */
export interface RateLimit { burstPerSecond: number; steadyPerMinute: number }

export class RateLimiter {
  private readonly windows = new Map<string, { second: number; inSecond: number; minute: number; inMinute: number }>();

  constructor(private readonly limits: (endpointClass: string) => RateLimit, private readonly now: () => number = Date.now) {}

  /** Null when the call may go ahead, else the seconds to wait. */
  take(endpointClass: string): number | null {
    const limit = this.limits(endpointClass);
    const t = this.now();
    const second = Math.floor(t / 1000);
    const minute = Math.floor(t / 60000);
    const w = this.windows.get(endpointClass) ?? { second, inSecond: 0, minute, inMinute: 0 };
    if (w.second !== second) { w.second = second; w.inSecond = 0; }
    if (w.minute !== minute) { w.minute = minute; w.inMinute = 0; }
    if (w.inMinute >= limit.steadyPerMinute) return Math.max(1, Math.ceil(((minute + 1) * 60000 - t) / 1000));
    if (w.inSecond >= limit.burstPerSecond) return 1;
    w.inSecond += 1;
    w.inMinute += 1;
    this.windows.set(endpointClass, w);
    return null;
  }
}

/** As published on each endpoint's page (docs' "Rate limits" lines, also in the SDK's doc comments). */
export const publishedLimits: Record<string, RateLimit> = {
  'flows:create': { burstPerSecond: 1, steadyPerMinute: 15 },
  'flows:write': { burstPerSecond: 3, steadyPerMinute: 60 },
  'flows:read': { burstPerSecond: 3, steadyPerMinute: 60 },
  'events:bulk': { burstPerSecond: 10, steadyPerMinute: 150 },
  'segments:create': { burstPerSecond: 1, steadyPerMinute: 15 },
  default: { burstPerSecond: 10, steadyPerMinute: 150 },
};

/**
 * Daily caps, as published on the create-flow and create-segment pages ("Daily: `100/d`", also in the
 * spec's operation descriptions): a fixed window of one UTC day per endpoint class. Over it Klaviyo answers
 * the same 429 `throttled` error, its Retry-After running to the end of the window (hours, not seconds).
 */
export const publishedDailyLimits: Record<string, number> = {
  'flows:create': 100,
  'segments:create': 100,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export class DailyLimiter {
  private readonly used = new Map<string, { day: number; count: number }>();

  constructor(private readonly limits: Record<string, number>, private readonly now: () => number = Date.now) {}

  /** Null when the call may go ahead (and counts it), else the seconds until the day's window resets. */
  take(endpointClass: string): number | null {
    const limit = this.limits[endpointClass];
    if (limit === undefined) return null;
    const t = this.now();
    const day = Math.floor(t / DAY_MS);
    const w = this.used.get(endpointClass);
    const window = w && w.day === day ? w : { day, count: 0 };
    if (window.count >= limit) return Math.max(1, Math.ceil(((day + 1) * DAY_MS - t) / 1000));
    window.count += 1;
    this.used.set(endpointClass, window);
    return null;
  }
}
