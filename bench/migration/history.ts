import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/**
 * The history length (events) of every run of a workflow, following its continue-as-new chain from the
 * first run: the proof that each run's history stays bounded whatever the store's size.
 */
export async function historyLengthsOfChain(client: Client, workflowId: string, firstRunId: string): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    lengths.push(events.length);
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return lengths;
}
