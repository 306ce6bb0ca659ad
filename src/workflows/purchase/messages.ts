import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel, Milestone, OrderEvent, OrderSnapshot } from '../../domain/purchase/events';
import type { PurchaseSettings } from '../../domain/purchase/settings';

/**
 * An order event as the ingress signals it: the webhook's event, with the store's purchase settings as they
 * were read when it arrived (the workflow then need not read them itself; absent: it does).
 */
export type OrderSignal = OrderEvent & { settings?: PurchaseSettings };

/** Messages of the orderLifecycle workflow, defined once for the workflow, the ingress and the client. */
export const orderEventSignal = defineSignal<[OrderSignal]>('orderEvent');

/**
 * `unknown`: an alert may or may not have reached the shopper (the provider took the request and no answer
 * came): nothing sends it again by itself; a person checks with the provider and replays it or not.
 * `replaying`: a person's replay is running (one at a time per milestone).
 */
export type MilestoneState = 'waiting' | 'sent' | 'partly-sent' | 'failed' | 'unknown' | 'replaying' | 'disabled' | 'superseded' | 'not-applicable' | 'no-tracking';

export interface ChannelOutcome {
  channel: Channel;
  status: 'sent' | 'failed' | 'unknown' | 'skipped-native' | 'no-recipient' | 'no-credits' | 'fallback';
  detail: string | null;
}

export interface OrderLifecycleStatus {
  store: string;
  orderId: string;
  order: OrderSnapshot | null;
  milestones: Record<Milestone, { state: MilestoneState; channels: ChannelOutcome[] }>;
  eventsSeen: number;
  duplicatesIgnored: number;
  /** Why the order could not be fetched, when an event carried only its id. */
  fetchError: string | null;
  ended: boolean;
}
export const orderStatusQuery = defineQuery<OrderLifecycleStatus>('status');

/**
 * Re-runs the alert of a milestone whose sending failed (a provider was down, a setting was wrong) or whose
 * outcome is unknown. Channels and recipients already sent are never sent again; one replay at a time.
 */
export const replayMilestoneUpdate = defineUpdate<OrderLifecycleStatus['milestones'][Milestone], [Milestone]>('replayMilestone');
