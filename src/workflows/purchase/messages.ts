import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel, Milestone, OrderEvent, OrderSnapshot } from '../../domain/purchase/events';

/** Messages of the orderLifecycle workflow, defined once for the workflow, the ingress and the client. */
export const orderEventSignal = defineSignal<[OrderEvent]>('orderEvent');

export type MilestoneState = 'waiting' | 'sent' | 'partly-sent' | 'failed' | 'disabled' | 'superseded' | 'not-applicable' | 'no-tracking';

export interface ChannelOutcome {
  channel: Channel;
  status: 'sent' | 'failed' | 'skipped-native' | 'no-recipient' | 'no-credits' | 'fallback';
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

/** Re-runs the alert of a milestone whose sending failed (a provider was down, a setting was wrong). */
export const replayMilestoneUpdate = defineUpdate<OrderLifecycleStatus['milestones'][Milestone], [Milestone]>('replayMilestone');
