import { z } from 'zod';
import { type Channel, channels, type Milestone, milestones } from './milestones';

export const milestoneSchema = z.enum(milestones);
export const channelSchema = z.enum(channels);
export { type Channel, channels, type Milestone, milestones };

export const deliveryMethodSchema = z.enum(['carrier', 'pickup', 'to_be_agreed']);

/** What an order looks like to the alerts: enough to address the shopper and describe the milestone. */
export const orderSnapshotSchema = z.object({
  number: z.string().min(1),
  shopperName: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
  /** IANA time zone for quiet hours; null: the merchant's. */
  timeZone: z.string().nullable().default(null),
  delivery: deliveryMethodSchema.default('carrier'),
  carrier: z.string().nullable().default(null),
  trackingCode: z.string().nullable().default(null),
  trackingUrl: z.string().nullable().default(null),
  cancelled: z.boolean().default(false),
});
export type OrderSnapshot = z.infer<typeof orderSnapshotSchema>;

/**
 * One accepted webhook, normalised: which milestone it reports (if any), and the order as the event saw it.
 * Tiendanube's webhooks carry only ids: `order` is null and the workflow fetches the order.
 */
export const orderEventSchema = z.object({
  /** The platform's delivery id, or a hash of the body: a repeated delivery is recognised and ignored. */
  eventId: z.string().min(1),
  platform: z.enum(['shopify', 'woocommerce', 'tiendanube']),
  /** The connection the webhook came through: the merchant's store. */
  store: z.string().min(1),
  orderId: z.string().min(1),
  topic: z.string().min(1),
  milestone: milestoneSchema.nullable(),
  receivedAt: z.iso.datetime(),
  order: orderSnapshotSchema.nullable(),
});
export type OrderEvent = z.infer<typeof orderEventSchema>;

/** The order workflow's id: one per store and order, so repeated and out-of-order webhooks meet in one place. */
export function orderWorkflowId(store: string, orderId: string): string {
  return `order-${store}-${orderId}`;
}
