import { z } from 'zod';
import { entityTypeSchema } from '../catalog/entities';
import { connectionNameSchema } from '../connections';
import { durationSchema } from '../migration/input';
import { questionnaireSchema } from './questionnaire';
import { conflictPolicySchema, defaultCustomerSyncFields, syncFieldsSchema } from './sync-fields';

export const storeDomainSchema = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, 'a domain such as "shop.example"');

/** The `replatform` workflow's input: connections by name, the store, and how smart update and reminders run. */
export const replatformInputSchema = z.object({
  storeDomain: storeDomainSchema,
  source: z.object({ connection: connectionNameSchema }).strict(),
  target: z.object({ connection: connectionNameSchema }).strict(),
  /** Given now, or later through the `answer` update. */
  questionnaire: questionnaireSchema.optional(),
  sync: syncFieldsSchema.default({ products: ['quantity', 'stockStatus', 'price'], orders: ['status', 'statusHistory', 'tracking'], customers: defaultCustomerSyncFields }),
  conflictPolicy: conflictPolicySchema.default('target-wins'),
  smartUpdateEvery: durationSchema.default('6 hours'),
  remindEvery: durationSchema.default('3 days'),
  /** Each of the three dates is reminded to the tech contact this long ahead of it. */
  remindBefore: durationSchema.default('3 days'),
  /** After the deactivation, steps still open are reminded this long before the final report closes them as open. */
  confirmFor: durationSchema.default('30 days'),
  /** The SMTP connection that emails the tech contact; absent: the checklist is only logged and queryable. */
  emailConnection: connectionNameSchema.optional(),
  /** Passed to the full migration child. */
  migration: z.object({
    entityTypes: z.array(entityTypeSchema).min(1).optional(),
    statusMap: z.record(z.string(), z.string()).optional(),
    pageSize: z.number().int().min(1).max(100).optional(),
    concurrency: z.number().int().min(1).max(32).optional(),
  }).strict().default({}),
  /** How long the ESP retrained-model gate waits before it becomes a checklist item. */
  espTrainingTimeout: durationSchema.default('14 days'),
  /** Smart-update runs per workflow run before continuing as new (history stays bounded over weeks). */
  runsPerHistory: z.number().int().min(1).max(500).default(50),
}).strict().refine((i) => i.source.connection !== i.target.connection, { message: 'source and target must be different connections', path: ['target', 'connection'] });

export type ReplatformInput = z.input<typeof replatformInputSchema>;
export type ReplatformSettings = z.output<typeof replatformInputSchema>;

/** One workflow per store: a second start for the same domain is refused by Temporal. */
export function replatformWorkflowId(storeDomain: string): string {
  return `replatform-${storeDomain.toLowerCase()}`;
}
