import { proxyActivities } from '@temporalio/workflow';
import type { CheckConnectionsInput, ConnectionCheck } from '../../domain/connection-check';
import { checkConnectionsInputSchema } from '../../domain/connection-check';
import type { ConnectionActivities } from '../../activities/connections/check-connection';
import { parseWorkflowInput } from '../validate';

const { checkConnection } = proxyActivities<ConnectionActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second', backoffCoefficient: 2 },
});

/** Checks that each named connection is configured and its credentials resolve (and, where the provider allows, answer). */
export async function checkConnections(input: CheckConnectionsInput): Promise<ConnectionCheck[]> {
  const { connections } = parseWorkflowInput(checkConnectionsInputSchema, input, 'checkConnections input');
  return Promise.all(connections.map((name) => checkConnection(name)));
}
