import type { EntityType } from '../catalog/entities';
import type { Platform } from '../catalog/platforms';

export type MigrationPhase = 'preflight' | `migrating-${EntityType}` | 'retrying-failed' | 'verifying' | 'awaiting-retry' | 'completed' | 'failed';

export interface EntityProgress {
  /** Counted at preflight; the source may grow while the migration runs (the store keeps trading). */
  total: number;
  done: number;
  failed: number;
  skipped: number;
}

export interface MigrationProgress {
  migrationId: string;
  phase: MigrationPhase;
  sourcePlatform: Platform | null;
  targetPlatform: Platform | null;
  entities: Record<EntityType, EntityProgress>;
  /** How many times the workflow continued as new: history stays bounded whatever the store's size. */
  runs: number;
}

export interface PageOutcome {
  nextCursor: string | null;
  /** The id map's counts for this entity type after the page: progress survives activity retries exactly. */
  totals: { migrated: number; failed: number };
  /** Written (created or updated). */
  done: number;
  /** Unchanged since the last write (same content hash): nothing written. */
  skipped: number;
  /** Recorded with their reason in the id map, listed in the report. */
  failed: number;
}

export interface PreflightResult {
  sourcePlatform: Platform;
  targetPlatform: Platform;
  sourceDetail: string;
  targetDetail: string;
  counts: Record<EntityType, number>;
  /**
   * What the target held of each type before anything was written. A type it held none of skips the natural-key
   * lookup for entities the id map has never seen. Absent in histories recorded before it: those look every entity up.
   */
  targetCounts?: Record<EntityType, number>;
  /**
   * Of each type, the entities the id map already said this migration id had created at the preflight (a run again
   * under the same id): counted in targetCounts too, so verification's expected count leaves them out. Absent before it.
   */
  createdAtStart?: Record<EntityType, number>;
  /**
   * The order-status map for this pair: the platforms' defaults (composed by the activity from each
   * platform's descriptor) with the input's overrides, and each override naming a word a platform doesn't
   * know. Absent in histories recorded before platforms had descriptors: those runs use the legacy table.
   */
  orderStatusMap?: { map: Record<string, string>; problems: string[] };
}

export interface EntityVerification {
  sourceCount: number;
  migrated: number;
  failed: number;
  /** Entities found on the target whose mapped fields' checksum matches the source's. */
  verified: number;
  mismatched: { sourceId: string; targetId: string; fields: string[] }[];
  missingOnTarget: { sourceId: string; targetId: string }[];
  failures: { sourceId: string; error: string }[];
  /** The target's own count of this type after writing. Absent in reports made without the preflight's target count. */
  targetCount?: number;
  /** What the target should hold: its count at the preflight plus the entities this migration created there. */
  expectedOnTarget?: number;
  /**
   * How many more the target holds than expected (duplicates, or written by someone else during the migration);
   * the report is then not ok. Fewer is not counted here: the read-back lists those in missingOnTarget.
   */
  unexpectedOnTarget?: number;
  /** unexpectedOnTarget in plain words, when there are any. */
  unexpectedOnTargetReason?: string;
}

export interface VerificationReport {
  migrationId: string;
  sourcePlatform: Platform;
  targetPlatform: Platform;
  generatedAt: string;
  entities: Partial<Record<EntityType, EntityVerification>>;
  ok: boolean;
}

export function emptyProgress(migrationId: string): MigrationProgress {
  const zero = (): EntityProgress => ({ total: 0, done: 0, failed: 0, skipped: 0 });
  return {
    migrationId,
    phase: 'preflight',
    sourcePlatform: null,
    targetPlatform: null,
    entities: { categories: zero(), products: zero(), customers: zero(), orders: zero() },
    runs: 0,
  };
}
