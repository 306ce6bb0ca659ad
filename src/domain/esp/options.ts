import { z } from 'zod';

/**
 * Each provider's `options` (EspAccount.options), validated where the provider reads them so a typo is a
 * permanent error naming the field, not a silently ignored choice.
 */
export const klaviyoOptionsSchema = z.object({
  /** Welcome-series flows (by name) that should exclude shoppers who already bought ("Placed Order zero times over all time"). */
  welcomeSeriesFlows: z.array(z.string().min(1)).default([]),
  /** How long to wait for the new integration's metrics and first events before raising a checklist item. */
  syncDeadline: z.string().min(1).default('3 days'),
  /** Send the old store's order history as Placed Order events when the new integration lacks it. */
  backfillHistory: z.boolean().default(true),
}).strict();
export type KlaviyoOptions = z.infer<typeof klaviyoOptionsSchema>;

export const omnisendOptionsSchema = z.object({
  /** Engagement segments to tag before export (engagement data is not exported): segment id and the tag to add. */
  engagementSegments: z.array(z.object({ segmentId: z.string().min(1), tag: z.string().min(1) }).strict()).default([]),
}).strict();
export type OmnisendOptions = z.infer<typeof omnisendOptionsSchema>;

export const cortexOptionsSchema = z.object({
  /** The questionnaire the seed asks the merchant to answer to the CSM; unanswered questions say so. */
  questionnaire: z.object({
    techContact: z.string().optional(),
    sameDomain: z.boolean().optional(),
    launchDate: z.string().optional(),
    deactivationDate: z.string().optional(),
    activationDate: z.string().optional(),
    movingExistingData: z.boolean().optional(),
    businessConsiderations: z.string().optional(),
  }).strict().default({}),
  /** The smtp connection that sends the questionnaire to the CSM; without one it becomes a checklist item. */
  mailConnection: z.string().min(1).optional(),
  /** How long to wait for ReSci to open the new instance's SFTP before raising a checklist item. */
  instanceDeadline: z.string().min(1).default('7 days'),
}).strict();
export type CortexOptions = z.infer<typeof cortexOptionsSchema>;
