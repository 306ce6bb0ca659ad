import { Context } from '@temporalio/activity';

/**
 * Heartbeats every few seconds while `work` runs. A throttled page may take longer than any fixed heartbeat
 * timeout, but a worker that dies stops these beats at once, so Temporal retries its activity elsewhere
 * within the (short) heartbeat timeout instead of waiting out the whole start-to-close timeout.
 */
export async function keepHeartbeating<T>(details: () => unknown, work: () => Promise<T>, everyMs = 5_000): Promise<T> {
  const ctx = Context.current();
  const timer = setInterval(() => ctx.heartbeat(details()), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
