import { type Client, ScheduleAlreadyRunning } from '@temporalio/client';

export const LOG_RETENTION_SCHEDULE_ID = 'cutover-communication-log-retention';
export const LOG_RETENTION_DAYS = 5;

/** Creates Cutover's schedules if they are not there yet (every start calls this; it is idempotent). */
export async function ensureSchedules(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: LOG_RETENTION_SCHEDULE_ID,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: 'purgeCommunicationLog', args: [{ days: LOG_RETENTION_DAYS }], taskQueue },
      policies: { overlap: 'SKIP' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
