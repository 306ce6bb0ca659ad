import { z } from 'zod';
import { entityTypes, entityTypeSchema } from '../catalog/entities';
import { connectionNameSchema } from '../connections';

/** Temporal duration strings as the Temporal CLI and UI users type them: "90s", "6 hours", "7 days". */
export const durationSchema = z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?|weeks?)$/, 'a duration such as "30s", "6 hours" or "7 days"');

export const fullMigrationInputSchema = z.object({
  /** Names the migration in the store (id map, report); defaults to the workflow id. */
  migrationId: z.string().regex(/^[A-Za-z0-9._:-]{1,120}$/).optional(),
  source: z.object({ connection: connectionNameSchema }).strict(),
  target: z.object({ connection: connectionNameSchema }).strict(),
  /** Shown as the StoreDomain search attribute. */
  storeDomain: z.string().min(1).optional(),
  /** Which entity types to carry, always run in dependency order whatever order is given. */
  entityTypes: z.array(entityTypeSchema).min(1).default([...entityTypes]),
  /** Overrides of the platform pair's default order-status map: source status → target status. */
  statusMap: z.record(z.string(), z.string()).default({}),
  pageSize: z.number().int().min(1).max(100).default(50),
  /** Concurrent writes per target store; the adapter's rate-limit pacing applies on top. */
  concurrency: z.number().int().min(1).max(32).default(8),
  /**
   * With failed records at the end, how long the workflow stays open for a `retryFailed` update before
   * completing ("0s": complete at once, as a child of the re-platform workflow, which retries itself).
   */
  holdForRetry: durationSchema.default('7 days'),
  /** Pages per workflow run before continuing as new, which keeps each run's history bounded. */
  pagesPerRun: z.number().int().min(1).max(1000).default(200),
}).strict().refine((i) => i.source.connection !== i.target.connection, { message: 'source and target must be different connections', path: ['target', 'connection'] });
export type FullMigrationInput = z.input<typeof fullMigrationInputSchema>;
export type FullMigrationSettings = z.output<typeof fullMigrationInputSchema>;

/** Dependency order: a product points at its categories, an order at its customer, products and variants. */
export function inDependencyOrder(types: readonly z.infer<typeof entityTypeSchema>[]): z.infer<typeof entityTypeSchema>[] {
  return entityTypes.filter((t) => types.includes(t));
}
