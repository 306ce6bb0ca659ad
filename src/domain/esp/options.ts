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

// The CSM's questionnaire is answered from the re-platform's own questionnaire (EspHandoffContext.answers),
// entered once; an `options.questionnaire` is refused as an unknown key so a stale copy cannot disagree.
export const cortexOptionsSchema = z.object({
  /** The smtp connection that sends the questionnaire to the CSM; without one it becomes a checklist item. */
  mailConnection: z.string().min(1).optional(),
  /** How long to wait for ReSci to open the new instance's SFTP before raising a checklist item. */
  instanceDeadline: z.string().min(1).default('7 days'),
}).strict();
export type CortexOptions = z.infer<typeof cortexOptionsSchema>;
