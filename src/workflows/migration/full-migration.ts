import {
  ApplicationFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { MigrationActivities } from '../../activities/migration/migration-activities';
import type { EntityType } from '../../domain/catalog/entities';
import { type FullMigrationInput, fullMigrationInputSchema, inDependencyOrder } from '../../domain/migration/input';
import { emptyProgress, type MigrationPhase, type MigrationProgress, type PreflightResult } from '../../domain/migration/progress';
import { MigrationPhase as MigrationPhaseAttribute, SourcePlatform, StoreDomain, TargetPlatform } from '../search-attributes';
import { INVALID_INPUT, parseWorkflowInput } from '../validate';
import { legacyOrderStatusMap } from './legacy-status-maps';
import { finishSignal, progressQuery, type RetryFailedResult, retryFailedUpdate } from './messages';

const pages = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '10 minutes',
  // The page activity beats every few seconds while it writes: a silence this long means its worker died.
  heartbeatTimeout: '30 seconds',
  // No attempt limit: a platform outage pauses the migration, it does not end it. Permanent errors are non-retryable.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const checks = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});
const long = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** What one run hands to the next when it continues as new. */
export interface MigrationCarryOver {
  progress: MigrationProgress;
  preflight: PreflightResult;
  statusMap: Record<string, string>;
  typeIndex: number;
  cursor: string | null;
}

export interface FullMigrationResult {
  migrationId: string;
  progress: MigrationProgress;
  verification: { ok: boolean; summary: Record<string, unknown> };
}

/**
 * Copies a store to another platform: preflight, then categories → products → customers → orders one page
 * per activity, recording every entity in the id map so any page can run again without duplicates, then a
 * verification report. A bad record never stops it; `retryFailed` re-runs those.
 */
export async function fullMigration(input: FullMigrationInput, carried?: MigrationCarryOver): Promise<FullMigrationResult> {
  const settings = parseWorkflowInput(fullMigrationInputSchema, input, 'fullMigration input');
  const migrationId = settings.migrationId ?? workflowInfo().workflowId;
  const progress: MigrationProgress = carried?.progress ?? emptyProgress(migrationId);
  const types = inDependencyOrder(settings.entityTypes);
  let finishRequested = false;
  let retrying = false;

  const setPhase = (phase: MigrationPhase): void => {
    progress.phase = phase;
    upsertSearchAttributes([{ key: MigrationPhaseAttribute, value: phase }]);
  };

  setHandler(progressQuery, () => progress);
  setHandler(finishSignal, () => { finishRequested = true; });

  let preflight = carried?.preflight;
  let statusMap = carried?.statusMap ?? {};
  const pageRequest = (type: EntityType, cursor: string | null) => ({
    migrationId, source: settings.source.connection, target: settings.target.connection, type, cursor,
    pageSize: settings.pageSize, concurrency: settings.concurrency, statusMap, matchExisting: true,
    targetEmptyAtStart: preflight?.targetCounts?.[type] === 0,
  });

  const verify = async () => {
    if (!preflight) throw new Error('verification before preflight');
    setPhase('verifying');
    return long.verifyMigration({
      migrationId, source: settings.source.connection, target: settings.target.connection, entityTypes: types,
      pageSize: 100, sourcePlatform: preflight.sourcePlatform, targetPlatform: preflight.targetPlatform,
      // The same one activity as before, with more input fields (replay does not compare activity inputs): the
      // activity counts the target itself, so no patch is needed. A preflight recorded without targetCounts skips the check.
      ...(preflight.targetCounts ? { targetCountsAtStart: preflight.targetCounts } : {}),
      ...(preflight.createdAtStart ? { createdAtStart: preflight.createdAtStart } : {}),
    });
  };
  let verification: Awaited<ReturnType<typeof verify>> | undefined;

  setHandler(retryFailedUpdate, async (): Promise<RetryFailedResult> => {
    retrying = true;
    setPhase('retrying-failed');
    try {
      const before = types.reduce((n, t) => n + progress.entities[t].failed, 0);
      for (const type of types) {
        const outcome = await long.retryFailedRecords({ ...pageRequest(type, null) });
        progress.entities[type].done = outcome.totals.migrated;
        progress.entities[type].failed = outcome.totals.failed;
      }
      verification = await verify();
      const stillFailed = types.reduce((n, t) => n + progress.entities[t].failed, 0);
      return { retried: before, nowMigrated: before - stillFailed, stillFailed };
    } finally {
      retrying = false;
      setPhase('awaiting-retry');
    }
  }, {
    validator: () => {
      if (progress.phase !== 'awaiting-retry') {
        throw new Error(`retryFailed is accepted once the migration pass has finished and failures remain (phase now: ${progress.phase})`);
      }
    },
  });

  if (!preflight) {
    setPhase('preflight');
    preflight = await checks.preflightMigration({ source: settings.source.connection, target: settings.target.connection, entityTypes: types, statusMap: settings.statusMap, migrationId });
    // The activity composes the pair's map from the platforms' descriptors; a preflight recorded before it did replays with the old table.
    const resolved = preflight.orderStatusMap ?? legacyOrderStatusMap(preflight.sourcePlatform, preflight.targetPlatform, settings.statusMap);
    if (resolved.problems.length) {
      throw ApplicationFailure.create({ type: INVALID_INPUT, nonRetryable: true, message: `invalid fullMigration input: ${resolved.problems.join('; ')}`, details: [resolved.problems] });
    }
    statusMap = resolved.map;
    progress.sourcePlatform = preflight.sourcePlatform;
    progress.targetPlatform = preflight.targetPlatform;
    for (const type of types) progress.entities[type].total = preflight.counts[type];
    upsertSearchAttributes([
      { key: SourcePlatform, value: preflight.sourcePlatform },
      { key: TargetPlatform, value: preflight.targetPlatform },
      ...(settings.storeDomain ? [{ key: StoreDomain, value: settings.storeDomain }] : []),
    ]);
  }

  let typeIndex = carried?.typeIndex ?? 0;
  let cursor = carried?.cursor ?? null;
  let pagesThisRun = 0;
  while (typeIndex < types.length) {
    const type = types[typeIndex] as EntityType;
    setPhase(`migrating-${type}`);
    do {
      const outcome = await pages.migratePage(pageRequest(type, cursor));
      const entity = progress.entities[type];
      entity.done = outcome.totals.migrated;
      entity.failed = outcome.totals.failed;
      entity.skipped += outcome.skipped;
      // The source keeps trading while we copy: never show more done than total.
      entity.total = Math.max(entity.total, entity.done + entity.failed);
      cursor = outcome.nextCursor;
      pagesThisRun += 1;
      if (cursor && (pagesThisRun >= settings.pagesPerRun || workflowInfo().continueAsNewSuggested)) {
        await condition(allHandlersFinished);
        progress.runs += 1;
        return continueAsNew<typeof fullMigration>(input, { progress, preflight, statusMap, typeIndex, cursor });
      }
    } while (cursor);
    typeIndex += 1;
    cursor = null;
  }

  verification = await verify();
  if (!verification.ok && types.some((t) => progress.entities[t].failed > 0)) {
    setPhase('awaiting-retry');
    const noFailuresLeft = (): boolean => types.every((t) => progress.entities[t].failed === 0);
    await condition(() => (finishRequested || noFailuresLeft()) && !retrying, settings.holdForRetry as Duration);
    await condition(() => !retrying);
  }
  await condition(allHandlersFinished);
  setPhase('completed');
  return { migrationId, progress, verification };
}
