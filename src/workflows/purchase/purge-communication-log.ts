import { proxyActivities } from '@temporalio/workflow';
import type { PurchaseActivities } from '../../activities/purchase/purchase-activities';

const { purgeCommunicationLog: purge } = proxyActivities<PurchaseActivities>({ startToCloseTimeout: '5 minutes' });

/** Deletes communication-log entries older than the retention (the seed's 5 days); run by a Temporal Schedule. */
export async function purgeCommunicationLog(input: { days: number } = { days: 5 }): Promise<{ deleted: number }> {
  return { deleted: await purge(input.days) };
}
