import { z } from 'zod';
import { carrierSchema } from './carriers';
import { channelSchema, milestoneSchema } from './events';
import { isKnownTimeZone } from './quiet-hours';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

const milestoneSettingsSchema = z.object({
  enabled: z.boolean(),
  channels: z.array(channelSchema),
});

/**
 * A merchant's "Strategic Cycles → Purchase Experience" toggles. Defaults follow the seed: every milestone
 * on, push and email for payment and processing, SMS only on dispatch (SMS costs credits).
 */
export const purchaseSettingsSchema = z.object({
  milestones: z.object({
    payment: milestoneSettingsSchema.default({ enabled: true, channels: ['push', 'email'] }),
    processing: milestoneSettingsSchema.default({ enabled: true, channels: ['push', 'email'] }),
    dispatch: milestoneSettingsSchema.default({ enabled: true, channels: ['push', 'sms', 'email'] }),
  }).prefault({}),
  /** Channels the platform already covers with its own alert for a milestone: never sent twice. */
  nativeAlerts: z.partialRecord(milestoneSchema, z.array(channelSchema)).default({}),
  /** SMS and push wait until morning in the shopper's time zone; email does not. */
  quietHours: z.object({ start: clock, end: clock }).nullable().default({ start: '21:00', end: '08:00' }),
  /** The store's IANA zone: quiet hours for shoppers whose order does not say where they are. */
  timeZone: z.string()
    .refine(isKnownTimeZone, { error: (issue) => `an IANA time zone such as America/Argentina/Buenos_Aires; "${String(issue.input)}" is not one` })
    .default('America/Argentina/Buenos_Aires'),
  /** A dispatch without tracking code waits this long for it, then sends without it or not at all. */
  missingTracking: z.object({
    waitMinutes: z.number().int().min(0).max(60 * 24 * 14).default(60 * 24),
    then: z.enum(['send-without', 'skip']).default('send-without'),
  }).prefault({}),
  /** The workflow ends after this many days whatever happened, keeping histories short. */
  maxAgeDays: z.number().int().min(1).max(365).default(60),
  /** Connections that deliver each channel. */
  connections: z.object({
    email: z.string().optional(),
    sms: z.string().optional(),
    push: z.string().optional(),
    /** The store's platform connection: Tiendanube events are fetched through it. */
    platform: z.string().optional(),
  }).prefault({}),
  storeName: z.string().default('our store'),
  /** Where the merchant is told things once (SMS credits exhausted); null: the worker's log only. */
  merchantEmail: z.email().nullable().default(null),
  /** Carriers beyond the known ones (Correo Argentino, Andreani) the tracking redirect may send shoppers to. */
  carriers: z.array(carrierSchema).default([]),
}).strict();
export type PurchaseSettings = z.infer<typeof purchaseSettingsSchema>;
export type PurchaseSettingsInput = z.input<typeof purchaseSettingsSchema>;
