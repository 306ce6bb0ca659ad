import { proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { MigrationActivities } from '../../activities/migration/migration-activities';
import type { PreviewActivities } from '../../activities/migration/preview-activities';
import type { EntityType } from '../../domain/catalog/entities';
import { inDependencyOrder } from '../../domain/migration/input';
import { estimateDuration, type EntityPreview, type MigrationPreview, type PreviewMigrationInput, previewMigrationInputSchema } from '../../domain/migration/preview';
import { SourcePlatform, TargetPlatform } from '../search-attributes';
import { parseWorkflowInput } from '../validate';

const checks = proxyActivities<MigrationActivities & PreviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});
const scans = proxyActivities<PreviewActivities>({
  // Reads a whole entity type; it beats after every page, so a dead worker is noticed in two minutes.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * What a migration would do, before anything is written (Cart2Cart's "demo migration"): both connections
 * checked, counts per entity type, the estimated duration at the target's rate limit, the order-status map,
 * a few records per type beside the calls that would write them, and every record that would be refused.
 * Its activities only read.
 */
export async function previewMigration(input: PreviewMigrationInput): Promise<MigrationPreview> {
  const settings = parseWorkflowInput(previewMigrationInputSchema, input, 'previewMigration input');
  const types = inDependencyOrder(settings.entityTypes);
  const source = settings.source.connection;
  const target = settings.target.connection;

  const preflight = await checks.preflightMigration({ source, target, entityTypes: types, statusMap: settings.statusMap });
  upsertSearchAttributes([
    { key: SourcePlatform, value: preflight.sourcePlatform },
    { key: TargetPlatform, value: preflight.targetPlatform },
  ]);
  // Unknown words are reported, not fatal: a preview is where a merchant finds them.
  const statusMap = preflight.orderStatusMap ?? { map: {}, problems: ['the worker that ran the preflight composed no order-status map'] };
  const rate = await checks.targetWriteRate({ target });
  const counts: Partial<Record<EntityType, number>> = Object.fromEntries(types.map((t) => [t, preflight.counts[t]]));

  const entities: Partial<Record<EntityType, EntityPreview>> = {};
  for (const type of types) {
    entities[type] = await scans.previewEntities({
      source, target, type, count: preflight.counts[type], statusMap: statusMap.map,
      samples: settings.samples, pageSize: settings.pageSize, listRefusedUpTo: settings.listRefusedUpTo,
    });
  }
  return {
    source: { connection: source, platform: preflight.sourcePlatform, detail: preflight.sourceDetail },
    target: { connection: target, platform: preflight.targetPlatform, detail: preflight.targetDetail },
    counts,
    estimate: estimateDuration(preflight.targetPlatform, counts, rate),
    orderStatusMap: { map: statusMap.map, overrides: settings.statusMap, problems: statusMap.problems },
    entities,
    refusedTotal: types.reduce((n, t) => n + (entities[t]?.refusedTotal ?? 0), 0),
    notes: [
      'nothing was written: every call below is what the migration would send',
      'ids the target assigns when it writes (a category, an order\'s customer, a new product) appear as "<...>"',
      'the target may still refuse a record when it is written (its own validation); those show in the migration report',
    ],
  };
}
