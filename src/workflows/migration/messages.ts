import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MigrationProgress } from '../../domain/migration/progress';

/** Messages of the fullMigration workflow, defined once for the workflow and its clients. */
export const progressQuery = defineQuery<MigrationProgress>('progress');

export interface RetryFailedResult {
  retried: number;
  nowMigrated: number;
  stillFailed: number;
}
/** Re-runs just the records that failed; accepted once the migration pass has finished. */
export const retryFailedUpdate = defineUpdate<RetryFailedResult>('retryFailed');

/** Stops holding the workflow open for retries: it completes with the report as it stands. */
export const finishSignal = defineSignal('finish');
