/**
 * The milestones of an order's life as the shopper hears them, in the order they happen, and the channels
 * that reach the shopper. Plain constants, free of zod on purpose: the orderLifecycle workflow (one per
 * order, thousands open at once) needs only these, and every module a workflow imports is evaluated again
 * for each workflow it runs.
 */
export const milestones = ['payment', 'processing', 'dispatch'] as const;
export type Milestone = (typeof milestones)[number];

export const channels = ['push', 'sms', 'email'] as const;
export type Channel = (typeof channels)[number];
