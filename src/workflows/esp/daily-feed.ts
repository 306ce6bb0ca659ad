import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EspActivities } from '../../activities/esp/esp-activities';
import type { EspAccount, EspProvider } from '../../domain/esp/handoff';
import type { EspHandoffContext } from '../../domain/esp/steps';
import { type EspDailyFeedStatus, espDailyFeedStatusQuery, stopDailyFeedSignal } from './messages';

const feeds = proxyActivities<EspActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '5 minutes',
  // A day's feed keeps retrying through an outage; the next day waits for it (the watermark only moves on success).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export interface EspDailyFeedInput {
  provider: EspProvider;
  account: EspAccount;
  context: EspHandoffContext;
  /** The first day's files carry records changed since this time (the end of the history upload). */
  since: string;
  /** Hour of the day (UTC) the feed runs. */
  hourUtc?: number;
  /** Stop after this many days; null or absent: until stopped. */
  days?: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS_PER_RUN = 30;

/**
 * A provider's daily incremental feed (ReSci Cortex), durably scheduled as a long-running workflow rather
 * than a Temporal Schedule: the watermark (`since`) lives in workflow state and only moves when a day's
 * upload succeeded, an outage simply delays the day, no activity needs a Temporal client, and the
 * re-platform owns it by id (`<replatform>-<provider>-feed`). Continues as new every 30 days.
 */
export async function espDailyFeed(input: EspDailyFeedInput, carried?: { since: string; daysSent: number }): Promise<EspDailyFeedStatus> {
  const status: EspDailyFeedStatus = { provider: input.provider, since: carried?.since ?? input.since, daysSent: carried?.daysSent ?? 0, last: null, stopped: false };
  setHandler(espDailyFeedStatusQuery, () => status);
  setHandler(stopDailyFeedSignal, () => { status.stopped = true; });
  const hour = input.hourUtc ?? 3;
  for (let runDays = 0; runDays < DAYS_PER_RUN; runDays += 1) {
    const now = Date.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS + hour * 3600_000;
    const next = today > now ? today : today + DAY_MS;
    if (await condition(() => status.stopped, next - now)) return status;
    const cutoff = new Date(Date.now()).toISOString();
    const outcome = await feeds.runEspFeed({ provider: input.provider, account: input.account, context: { ...input.context, startedAt: cutoff }, day: cutoff, since: status.since });
    status.since = cutoff;
    status.daysSent += 1;
    status.last = { day: cutoff.slice(0, 10), state: outcome.state, detail: outcome.detail };
    if (input.days != null && status.daysSent >= input.days) return status;
    if (workflowInfo().continueAsNewSuggested) break;
  }
  return continueAsNew<typeof espDailyFeed>(input, { since: status.since, daysSent: status.daysSent });
}
