import {
  ActivityFailure, allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { PurchaseActivities } from '../../activities/purchase/purchase-activities';
import type { OrderSnapshot } from '../../domain/purchase/events';
import { type Channel, type Milestone, milestones } from '../../domain/purchase/milestones';
import { delayUntilQuietHoursEnd, quietHoursZone } from '../../domain/purchase/quiet-hours';
import type { PurchaseSettings } from '../../domain/purchase/settings';
import { OrderMilestone } from '../search-attributes';
import {
  type ChannelOutcome, type MilestoneState, orderEventSignal, type OrderLifecycleStatus, type OrderSignal, orderStatusQuery, replayMilestoneUpdate,
} from './messages';

const settingsOptions = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } } as const;
const orderActivities = proxyActivities<PurchaseActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '5 minutes' } });
// A provider outage delays the alert; it does not lose it. Permanent errors (invalid number, gone
// subscription) are returned and recorded, and so is an unknown outcome (never retried: a person decides).
// Sending is once per order, milestone, channel and recipient (alert_sends), whatever retries happen.
const sendingOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 60 },
} as const;

/**
 * Settings and sends run as local activities: in the workflow task that decided them, without an activity
 * task's round trip through the server and the second workflow task its result would wake. An order's
 * alert costs one workflow task instead of three (histories of 8 events instead of 19), which is most of
 * what the worker spends per alert. A send stays once per recipient whatever runs it twice (alert_sends);
 * backoffs over a minute become durable timers. Orders begun before this change keep their activities.
 */
const LOCAL_ACTIVITIES_PATCH = 'alerts-local-activities';
const local = {
  settings: proxyLocalActivities<PurchaseActivities>(settingsOptions),
  sending: proxyLocalActivities<PurchaseActivities>(sendingOptions),
};
const remote = {
  settings: proxyActivities<PurchaseActivities>(settingsOptions),
  sending: proxyActivities<PurchaseActivities>(sendingOptions),
};

/** Event ids remembered for de-duplication; webhook platforms retry within hours, not hundreds of events. */
const REMEMBERED_EVENTS = 200;

function merge(current: OrderSnapshot | null, update: OrderSnapshot): OrderSnapshot {
  if (!current) return update;
  return {
    ...current,
    ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== null)),
    cancelled: current.cancelled || update.cancelled,
    // A fulfillment event says nothing of how the order is delivered: pickup, once known, stays pickup.
    delivery: current.delivery !== 'carrier' ? current.delivery : update.delivery,
  } as OrderSnapshot;
}

/** A milestone a person may replay: some channel failed, or may not have reached the shopper. */
function replayable(state: MilestoneState): boolean {
  return state === 'failed' || state === 'partly-sent' || state === 'unknown';
}

export interface OrderLifecycleInput {
  store: string;
  orderId: string;
}

/**
 * One order's life as the shopper hears it: payment approved, being prepared, dispatched with tracking.
 * Started by the first webhook (signal-with-start); repeated and out-of-order webhooks meet here.
 */
export async function orderLifecycle(input: OrderLifecycleInput): Promise<OrderLifecycleStatus> {
  const status: OrderLifecycleStatus = {
    store: input.store,
    orderId: input.orderId,
    order: null,
    milestones: { payment: { state: 'waiting', channels: [] }, processing: { state: 'waiting', channels: [] }, dispatch: { state: 'waiting', channels: [] } },
    eventsSeen: 0,
    duplicatesIgnored: 0,
    fetchError: null,
    ended: false,
  };
  const seen: string[] = [];
  const queue: Milestone[] = [];
  let needsFetch = false;
  // Orders begun after this change: settings from the events, local activities, and no condition or timer
  // when one would resolve at once. Asked before the first event is handled, which may carry the settings.
  const lean = patched(LOCAL_ACTIVITIES_PATCH);
  const { settings: settingsActivities, sending } = lean ? local : remote;
  // The store's settings as the latest event brought them (a change reaches the milestones still to come).
  let settings: PurchaseSettings | null = null;

  setHandler(orderEventSignal, (event: OrderSignal) => {
    if (lean && event.settings) settings = event.settings;
    if (seen.includes(event.eventId)) {
      status.duplicatesIgnored += 1;
      return;
    }
    seen.push(event.eventId);
    if (seen.length > REMEMBERED_EVENTS) seen.shift();
    status.eventsSeen += 1;
    if (event.order) status.order = merge(status.order, event.order);
    else needsFetch = true;
    if (event.milestone && status.milestones[event.milestone].state === 'waiting' && !queue.includes(event.milestone)) queue.push(event.milestone);
  });
  setHandler(orderStatusQuery, () => status);

  settings ??= await settingsActivities.loadPurchaseSettings(input.store);
  const started = Date.now();
  const deadline = started + settings.maxAgeDays * 24 * 3600 * 1000;
  // Read through a function: a signal may replace the settings while the workflow waits.
  const current = (): PurchaseSettings => settings as PurchaseSettings;

  const refresh = async (): Promise<void> => {
    if (!needsFetch) return;
    needsFetch = false;
    try {
      const fetched = await orderActivities.fetchOrderSnapshot({ store: input.store, orderId: input.orderId });
      if (fetched) status.order = merge(status.order, fetched);
    } catch (err) {
      // The order cannot be fetched (no adapter, not found): its alerts fail visibly, the workflow lives on.
      status.fetchError = err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);
    }
  };

  // Not an async function: every promise a workflow creates costs the SDK a stack trace, so the common path
  // (no quiet hours to wait out) hands back the activity's own promise.
  const sendOn = (milestone: Milestone, channel: Channel, replay: number): Promise<ChannelOutcome> => {
    // Built when the alert goes, not before a wait: the order and the settings may have changed meanwhile.
    const send = () => sending.sendMilestoneAlert({
      store: input.store, orderId: input.orderId, milestone, channel, order: status.order as OrderSnapshot,
      // What the send needs from the settings, so it need not read them again.
      connection: current().connections[channel] ?? null, storeName: current().storeName, ...(replay ? { replay } : {}),
    });
    if (channel !== 'email') {
      // The shopper's morning: their own zone when the order says where they are, else the store's.
      const wait = delayUntilQuietHoursEnd(Date.now(), current().quietHours, quietHoursZone(status.order?.timeZone, current().timeZone));
      if (wait > 0) return sleep(wait).then(send);
    }
    return send();
  };

  // The order's end of life (maxAgeDays): in lean orders one timer for the whole life, instead of a new timer
  // (started, then cancelled) for every wait.
  let expiry: Promise<void> | null = null;
  let expired = false;
  const untilDeadline = async (ready: () => boolean): Promise<boolean> => {
    if (!lean) return condition(ready, Math.max(deadline - Date.now(), 1));
    if (ready()) return true;
    expiry ??= sleep(Math.max(deadline - Date.now(), 1)).then(() => { expired = true; });
    await condition(() => expired || ready());
    return ready();
  };

  const deliver = async (milestone: Milestone, replay = 0): Promise<void> => {
    const state = status.milestones[milestone];
    const config = current().milestones[milestone];
    if (!config.enabled) {
      state.state = 'disabled';
      return;
    }
    if (!status.order) {
      state.state = 'failed';
      state.channels = [];
      return;
    }
    const native = current().nativeAlerts[milestone] ?? [];
    const channels = config.channels.filter((c) => !native.includes(c));
    state.channels = config.channels.filter((c) => native.includes(c)).map((channel) => ({ channel, status: 'skipped-native', detail: 'the platform sends its own alert' }));
    const outcomes = await Promise.all(channels.map((c) => sendOn(milestone, c, replay)));
    // SMS without credits falls back to the first other channel that reaches the shopper.
    if (outcomes.some((o) => o.status === 'no-credits')) {
      for (const fallback of (['push', 'email'] as const).filter((c) => !channels.includes(c) && !native.includes(c))) {
        const outcome = await sendOn(milestone, fallback, replay);
        outcomes.push({ ...outcome, detail: `fallback for SMS without credits${outcome.detail ? `: ${outcome.detail}` : ''}` });
        if (outcome.status === 'sent') {
          // The shopper heard it another way: the SMS without credits is covered, not a failure to replay.
          for (const o of outcomes) if (o.status === 'no-credits') Object.assign(o, { status: 'fallback', detail: `no SMS credits: sent by ${fallback}` });
          break;
        }
      }
    }
    state.channels.push(...outcomes);
    // Channels that could not reach this shopper (no email, no browser) or were covered by a fallback don't count.
    const counted = outcomes.filter((o) => o.status !== 'no-recipient' && o.status !== 'fallback');
    const sent = counted.filter((o) => o.status === 'sent').length;
    // An alert that may or may not have gone out waits for a person, whatever else went out.
    const inDoubt = counted.some((o) => o.status === 'unknown');
    state.state = counted.length === 0 ? (outcomes.length ? 'not-applicable' : 'sent') : inDoubt ? 'unknown' : sent === 0 ? 'failed' : sent < counted.length ? 'partly-sent' : 'sent';
    upsertSearchAttributes([{ key: OrderMilestone, value: milestone }]);
  };

  // A person's replays, numbered per milestone: each reopens a failed or unknown send once, however often its activity is retried.
  const replays: Record<Milestone, number> = { payment: 0, processing: 0, dispatch: 0 };
  setHandler(replayMilestoneUpdate, async (milestone: Milestone) => {
    // Synchronously, before anything is awaited: the validator of a second replay arriving now sees it (one at a time).
    const state = status.milestones[milestone];
    const before = state.state;
    state.state = 'replaying';
    replays[milestone] += 1;
    try {
      // The merchant may have fixed what made it fail (a connection, a setting): read them again.
      settings = await settingsActivities.loadPurchaseSettings(input.store);
      await deliver(milestone, replays[milestone]);
    } finally {
      if (state.state === 'replaying') state.state = before;
    }
    return status.milestones[milestone];
  }, {
    validator: (milestone: Milestone) => {
      if (!milestones.includes(milestone)) throw new Error(`unknown milestone "${String(milestone)}" (known: ${milestones.join(', ')})`);
      const state = status.milestones[milestone].state;
      if (state === 'replaying') throw new Error(`milestone ${milestone} is being replayed: one replay at a time`);
      if (!replayable(state)) throw new Error(`milestone ${milestone} is ${state}: only a failed, partly sent or unknown alert can be replayed`);
    },
  });

  while (!status.ended) {
    const woke = await untilDeadline(() => queue.length > 0 || needsFetch || status.order?.cancelled === true);
    if (!woke) break;
    if (needsFetch || !lean) await refresh();
    if (status.order?.cancelled) break;
    const milestone = queue.shift();
    if (!milestone) continue;
    const order = milestones.indexOf(milestone);
    // A later milestone already announced makes an earlier one pointless ("being prepared" after "dispatched").
    if (milestones.slice(order + 1).some((m) => ['sent', 'partly-sent'].includes(status.milestones[m].state))) {
      status.milestones[milestone].state = 'superseded';
      continue;
    }
    if (milestone === 'dispatch') {
      if (status.order && status.order.delivery !== 'carrier') {
        status.milestones.dispatch.state = 'not-applicable';
        break;
      }
      if (!status.order?.trackingCode) {
        const arrived = await condition(() => !!status.order?.trackingCode || needsFetch, current().missingTracking.waitMinutes * 60_000);
        await refresh();
        if (!arrived && !status.order?.trackingCode && current().missingTracking.then === 'skip') {
          status.milestones.dispatch.state = 'no-tracking';
          break;
        }
      }
    }
    // Earlier milestones still waiting will never be more timely than now.
    for (const earlier of milestones.slice(0, order)) {
      if (status.milestones[earlier].state === 'waiting' && !queue.includes(earlier)) status.milestones[earlier].state = 'superseded';
    }
    await deliver(milestone);
    if (milestone === 'dispatch') break;
  }
  // Keep answering replays until every alert is settled or the order is too old, then end: the history stays small.
  if (Object.values(status.milestones).some((m) => replayable(m.state) || m.state === 'replaying')) {
    await untilDeadline(() => Object.values(status.milestones).every((m) => !replayable(m.state) && m.state !== 'replaying'));
  }
  await condition(allHandlersFinished);
  status.ended = true;
  return status;
}
