import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EntityOf, EntityType } from '../../domain/catalog/entities';
import type { Platform } from '../../domain/catalog/platforms';
import { comparableFields, comparablePart, differingFields } from '../../domain/migration/comparable';
import type { EntityVerification, PageOutcome, PreflightResult, VerificationReport } from '../../domain/migration/progress';
import { PlatformError } from '../../connectors/platforms/errors';
import { resolveOrderStatusMap } from '../../connectors/platforms/registry';
import type { Page, PlatformAdapter, RejectedRecord } from '../../connectors/platforms/types';
import type { IdMapEntry, IdMapRepository } from '../../store/id-map-repository';
import type { MigrationReportRepository } from '../../store/migration-report-repository';
import type { PlatformProvider } from './platform-provider';
import { validated } from './validated';
import { TransientWriteFailure, writeEntities } from './write-entities';
import { asPermanent } from '../connections/check-connection';
import { keepHeartbeating } from '../keep-heartbeating';

export interface MigrationActivityDeps {
  platforms: PlatformProvider;
  idMap: IdMapRepository;
  reports: MigrationReportRepository;
}

export interface PageRequest {
  migrationId: string;
  source: string;
  target: string;
  type: EntityType;
  cursor: string | null;
  pageSize: number;
  concurrency: number;
  statusMap: Record<string, string>;
  matchExisting: boolean;
  /** See WriteSettings.targetEmptyAtStart. */
  targetEmptyAtStart?: boolean;
}

/** After this many attempts, items that keep failing transiently are recorded as failed so the migration moves on. */
export const ATTEMPTS_BEFORE_RECORDING_TRANSIENT = 6;

/** Classifies errors for Temporal: permanent ones fail without retry, naming the connection. */
export function rethrow(err: unknown, connection: string): never {
  if (err instanceof PlatformError && !err.retryable) throw ApplicationFailure.nonRetryable(`connection "${connection}": ${err.message}`, 'PermanentPlatformError');
  if (err instanceof PlatformError) {
    throw ApplicationFailure.create({ message: `connection "${connection}": ${err.message}`, type: 'TransientPlatformError', ...(err.retryAfterMs ? { nextRetryDelay: err.retryAfterMs } : {}) });
  }
  return asPermanent(err);
}

export function adapter(deps: Pick<MigrationActivityDeps, 'platforms'>, name: string): PlatformAdapter {
  try {
    return deps.platforms(name);
  } catch (err) {
    return asPermanent(err);
  }
}

async function recordRejected(ids: IdMapRepository, migrationId: string, rejected: RejectedRecord[]): Promise<void> {
  for (const r of rejected) {
    await ids.record({ migrationId, entityType: r.entityType, sourceId: r.sourceId, targetId: null, contentHash: null, syncedFields: {}, status: 'failed', error: `rejected from source: ${r.reason}`, createdByCutover: false });
  }
}

/** How many distinct target entities the id map says this migration created. */
function createdOnTarget(entries: readonly IdMapEntry[]): number {
  return new Set(entries.filter((e) => e.createdByCutover && e.targetId).map((e) => e.targetId as string)).size;
}

export function createMigrationActivities(deps: MigrationActivityDeps) {
  return {
    async preflightMigration(input: { source: string; target: string; entityTypes: EntityType[]; statusMap?: Record<string, string>; migrationId?: string }): Promise<PreflightResult> {
      const source = adapter(deps, input.source);
      const target = adapter(deps, input.target);
      const sourceDetail = await source.probe().catch((e: unknown) => rethrow(e, input.source));
      const targetDetail = await target.probe().catch((e: unknown) => rethrow(e, input.target));
      await source.checkAccess?.('source', input.entityTypes).catch((e: unknown) => rethrow(e, input.source));
      await target.checkAccess?.('target', input.entityTypes).catch((e: unknown) => rethrow(e, input.target));
      const counts = { categories: 0, products: 0, customers: 0, orders: 0 };
      for (const type of input.entityTypes) counts[type] = await source.count(type).catch((e: unknown) => rethrow(e, input.source));
      const targetCounts = { categories: 0, products: 0, customers: 0, orders: 0 };
      for (const type of input.entityTypes) targetCounts[type] = await target.count(type).catch((e: unknown) => rethrow(e, input.target));
      const createdAtStart = { categories: 0, products: 0, customers: 0, orders: 0 };
      if (input.migrationId) for (const type of input.entityTypes) createdAtStart[type] = createdOnTarget(await deps.idMap.list(input.migrationId, { entityType: type }));
      const orderStatusMap = resolveOrderStatusMap(source.platform, target.platform, input.statusMap ?? {});
      return { sourcePlatform: source.platform, targetPlatform: target.platform, sourceDetail, targetDetail, counts, targetCounts, createdAtStart, orderStatusMap };
    },

    async migratePage(request: PageRequest): Promise<PageOutcome> {
      const ctx = Context.current();
      const source = adapter(deps, request.source);
      const target = adapter(deps, request.target);
      ctx.heartbeat({ cursor: request.cursor });
      const page = await source.listPage(request.type, request.cursor, request.pageSize).catch((e: unknown) => rethrow(e, request.source));
      const { valid, rejected } = validated(request.type, page.items);
      await recordRejected(deps.idMap, request.migrationId, [...page.rejected, ...rejected]);
      let outcome: Omit<PageOutcome, 'nextCursor' | 'totals'>;
      try {
        outcome = await keepHeartbeating(() => ({ cursor: request.cursor }), () => writeEntities(request.type, valid, target, deps.idMap, request, {
          recordTransientAsFailed: ctx.info.attempt >= ATTEMPTS_BEFORE_RECORDING_TRANSIENT,
        }));
      } catch (err) {
        if (err instanceof TransientWriteFailure) throw ApplicationFailure.retryable(`connection "${request.target}": ${err.message}`, 'TransientWriteFailure');
        return rethrow(err, request.target);
      }
      ctx.heartbeat({ cursor: page.nextCursor });
      const counts = (await deps.idMap.countByStatus(request.migrationId, request.type))[request.type];
      return {
        nextCursor: page.nextCursor,
        done: outcome.done,
        skipped: outcome.skipped,
        failed: outcome.failed + page.rejected.length + rejected.length,
        totals: { migrated: counts?.migrated ?? 0, failed: counts?.failed ?? 0 },
      };
    },

    /** Re-reads each failed record from the source and writes it again; what still fails stays recorded. */
    async retryFailedRecords(request: Omit<PageRequest, 'cursor' | 'pageSize'>): Promise<PageOutcome> {
      const source = adapter(deps, request.source);
      const target = adapter(deps, request.target);
      const failed = await deps.idMap.list(request.migrationId, { entityType: request.type, status: 'failed' });
      const entities: EntityOf[EntityType][] = [];
      const rejected: RejectedRecord[] = [];
      for (const entry of failed) {
        Context.current().heartbeat({ sourceId: entry.sourceId });
        const entity = await source.get(request.type, entry.sourceId).catch((e: unknown) => rethrow(e, request.source));
        if (!entity) rejected.push({ entityType: request.type, sourceId: entry.sourceId, reason: 'no longer exists on the source' });
        else entities.push(entity);
      }
      const checked = validated(request.type, entities);
      await recordRejected(deps.idMap, request.migrationId, [...rejected, ...checked.rejected]);
      const outcome = await writeEntities(request.type, checked.valid, target, deps.idMap, { ...request, matchExisting: true }, { recordTransientAsFailed: true })
        .catch((e: unknown) => rethrow(e, request.target));
      const counts = (await deps.idMap.countByStatus(request.migrationId, request.type))[request.type];
      return { nextCursor: null, ...outcome, failed: outcome.failed + rejected.length + checked.rejected.length, totals: { migrated: counts?.migrated ?? 0, failed: counts?.failed ?? 0 } };
    },

    /**
     * Compares source and target: counts, and per entity a checksum of the mapped fields read back from
     * the target against the values written. Walks the target page by page; the report is kept in the store.
     */
    async verifyMigration(input: {
      migrationId: string; source: string; target: string; entityTypes: EntityType[]; pageSize: number; sourcePlatform: Platform; targetPlatform: Platform;
      /** The preflight's targetCounts; absent (histories recorded before it) skips the unexpected-on-target check. */
      targetCountsAtStart?: Partial<Record<EntityType, number>>;
      /** The preflight's createdAtStart: already in targetCountsAtStart, so not expected a second time. */
      createdAtStart?: Partial<Record<EntityType, number>>;
    }): Promise<{ ok: boolean; summary: Record<string, Omit<EntityVerification, 'mismatched' | 'missingOnTarget' | 'failures' | 'unexpectedOnTargetReason'> & { mismatched: number; missingOnTarget: number }> }> {
      const ctx = Context.current();
      const source = adapter(deps, input.source);
      const target = adapter(deps, input.target);
      const report: VerificationReport = { migrationId: input.migrationId, sourcePlatform: input.sourcePlatform, targetPlatform: input.targetPlatform, generatedAt: new Date().toISOString(), entities: {}, ok: true };
      for (const type of input.entityTypes) {
        const entries = await deps.idMap.list(input.migrationId, { entityType: type });
        const migrated = entries.filter((e) => e.status === 'migrated' && e.targetId);
        const byTarget = new Map(migrated.map((e) => [e.targetId as string, e]));
        const seen = new Set<string>();
        const verification: EntityVerification = {
          sourceCount: await source.count(type).catch((e: unknown) => rethrow(e, input.source)),
          migrated: migrated.length,
          failed: entries.filter((e) => e.status === 'failed').length,
          verified: 0,
          mismatched: [],
          missingOnTarget: [],
          failures: entries.filter((e) => e.status === 'failed').map((e) => ({ sourceId: e.sourceId, error: e.error ?? '' })),
        };
        let cursor: string | null = null;
        do {
          const page: Page<EntityOf[EntityType]> = await target.listPage(type, cursor, input.pageSize).catch((e: unknown) => rethrow(e, input.target));
          for (const entity of page.items) {
            const entry = byTarget.get(entity.sourceId);
            if (!entry) continue;
            seen.add(entity.sourceId);
            const fields = differingFields(comparableFields(type, entity), comparablePart(entry.syncedFields));
            if (fields.length === 0) verification.verified += 1;
            else verification.mismatched.push({ sourceId: entry.sourceId, targetId: entity.sourceId, fields });
          }
          cursor = page.nextCursor;
          ctx.heartbeat({ type, cursor });
        } while (cursor);
        for (const entry of migrated) if (!seen.has(entry.targetId as string)) verification.missingOnTarget.push({ sourceId: entry.sourceId, targetId: entry.targetId as string });
        // The read-back above sees only what the id map names: extras (a create that happened twice, another writer)
        // show only in the target's own count against what was there before plus what this migration created.
        const atStart = input.targetCountsAtStart?.[type];
        if (atStart !== undefined) {
          const created = createdOnTarget(entries) - (input.createdAtStart?.[type] ?? 0);
          verification.targetCount = await target.count(type).catch((e: unknown) => rethrow(e, input.target));
          verification.expectedOnTarget = atStart + created;
          verification.unexpectedOnTarget = Math.max(0, verification.targetCount - verification.expectedOnTarget);
          if (verification.unexpectedOnTarget > 0) {
            verification.unexpectedOnTargetReason = `${verification.unexpectedOnTarget} more ${type} on the target than were there before (${atStart}) plus those this migration created (${created}): duplicates, or written by someone else during the migration`;
          }
        }
        if (verification.mismatched.length || verification.missingOnTarget.length || verification.failed || verification.migrated !== verification.sourceCount || verification.unexpectedOnTarget) report.ok = false;
        report.entities[type] = verification;
      }
      await deps.reports.save(report);
      const summary = Object.fromEntries(Object.entries(report.entities).map(([type, v]) => [type, {
        sourceCount: v.sourceCount, migrated: v.migrated, failed: v.failed, verified: v.verified, mismatched: v.mismatched.length, missingOnTarget: v.missingOnTarget.length,
        ...(v.unexpectedOnTarget !== undefined ? { targetCount: v.targetCount, expectedOnTarget: v.expectedOnTarget, unexpectedOnTarget: v.unexpectedOnTarget } : {}),
      }]));
      return { ok: report.ok, summary };
    },
  };
}

export type MigrationActivities = ReturnType<typeof createMigrationActivities>;
