import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { type Milestone, milestoneSchema, milestones, orderWorkflowId } from '../domain/purchase/events';
import { type OrderLifecycleStatus, orderStatusQuery, replayMilestoneUpdate } from '../workflows/purchase/messages';
import { withClient } from './context';

export function orderStatus(client: Client, store: string, orderId: string): Promise<OrderLifecycleStatus> {
  return client.workflow.getHandle(orderWorkflowId(store, orderId)).query(orderStatusQuery);
}

/** Re-runs a failed, partly sent or unknown milestone alert (the workflow's replayMilestone update); the workflow refuses others. */
export function replayMilestone(client: Client, store: string, orderId: string, milestone: string): Promise<OrderLifecycleStatus['milestones'][Milestone]> {
  const parsed = milestoneSchema.safeParse(milestone);
  if (!parsed.success) throw new Error(`milestone: one of ${milestones.join(', ')}; got "${milestone}"`);
  return client.workflow.getHandle(orderWorkflowId(store, orderId)).executeUpdate(replayMilestoneUpdate, { args: [parsed.data] }).catch((err: unknown) => {
    // The workflow's validator says why it refused (not failed, unknown milestone): show that, not the wrapper.
    if (err instanceof WorkflowUpdateFailedError && err.cause) throw new Error(err.cause.message);
    throw err;
  });
}

export function formatOrderStatus(status: OrderLifecycleStatus): string {
  const lines = [`order ${status.orderId} of ${status.store}${status.order ? ` (#${status.order.number}, ${status.order.delivery})` : ''}: ${status.ended ? 'finished' : 'in progress'}, ${status.eventsSeen} event(s), ${status.duplicatesIgnored} duplicate(s) ignored`];
  if (status.fetchError) lines.push(`  order could not be fetched: ${status.fetchError}`);
  for (const milestone of milestones) {
    const m = status.milestones[milestone];
    lines.push(`  ${milestone.padEnd(10)} ${m.state}`);
    for (const c of m.channels) lines.push(`    ${c.channel.padEnd(5)} ${c.status}${c.detail ? `: ${c.detail}` : ''}`);
    if (m.state === 'unknown') {
      lines.push(`    → may have reached the shopper (no answer from the provider): check the provider's log, and only if it was not sent: cutover orders replay ${status.store} ${status.orderId} ${milestone}`);
    }
  }
  return lines.join('\n');
}

export function registerOrderCommands(program: Command): void {
  const orders = program.command('orders').description('order alerts (the orderLifecycle workflow of each order)');
  orders.command('status').description('each milestone\'s alert and how each channel went')
    .argument('<store>', 'the store (its platform connection name)')
    .argument('<order>', 'the order id on the platform')
    .option('--json', 'print the status as JSON')
    .action(async (store: string, order: string, options: { json?: boolean }) => {
      const status = await withClient((client) => orderStatus(client, store, order));
      console.log(options.json ? JSON.stringify(status, null, 2) : formatOrderStatus(status));
    });
  orders.command('replay').description('re-send a milestone alert that failed (a provider was down, a setting was wrong) or whose outcome is unknown; recipients already sent are skipped')
    .argument('<store>', 'the store')
    .argument('<order>', 'the order id')
    .argument('<milestone>', milestones.join(' | '))
    .action(async (store: string, order: string, milestone: string) => {
      const result = await withClient((client) => replayMilestone(client, store, order, milestone));
      console.log(`${milestone}: ${result.state}`);
      for (const c of result.channels) console.log(`  ${c.channel.padEnd(5)} ${c.status}${c.detail ? `: ${c.detail}` : ''}`);
      if (result.state === 'failed' || result.state === 'partly-sent' || result.state === 'unknown') process.exitCode = 1;
    });
}
