import { ConnectionRegistry } from '../../src/config/secrets';
import { loadConfig } from '../../src/config/load';
import { createCutoverWorker } from '../../src/worker';
import { createDevEnv, fixtureWorkflowsPath, testCodecKeys, uniqueTaskQueue, useTestBed } from '../support/temporal';

/**
 * Workflow stack traces cost the worker a stack capture for every promise a workflow creates, so they are off
 * unless `observability.workflowStackTraces` turns them on: the real stack-trace query (the one behind the
 * Temporal UI's Stack Trace tab) shows where a waiting workflow is only when they are on.
 */
describe('workflow stack traces', () => {
  const bed = useTestBed(createDevEnv);

  async function stackTraceOfWaitingWorkflow(workflowStackTraces: boolean | undefined): Promise<string> {
    const taskQueue = uniqueTaskQueue('stack-traces');
    const worker = await createCutoverWorker({
      connection: bed.env.nativeConnection, namespace: bed.env.namespace ?? 'default', taskQueue, codecKeys: testCodecKeys,
      deps: { connections: new ConnectionRegistry({}), store: bed.store, publicUrl: 'http://127.0.0.1:1' }, workflowsPath: fixtureWorkflowsPath,
      ...(workflowStackTraces === undefined ? {} : { workflowStackTraces }),
    });
    return worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('sleepDays', { taskQueue, workflowId: taskQueue, args: [1] });
      // The first workflow task has run once the timer is in history: the workflow is waiting on it.
      for (let i = 0; i < 100 && !(await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const trace = await handle.query<string>('__stack_trace');
      await handle.terminate('test over');
      return trace;
    });
  }

  it('are off by default: the query answers, without frames', async () => {
    expect(loadConfig({}, '/nonexistent').observability.workflowStackTraces).toBe(false);
    const trace = await stackTraceOfWaitingWorkflow(undefined);
    expect(trace).not.toMatch(/sleepDays/);
  });

  it('show where the workflow waits when turned on', async () => {
    expect(loadConfig({ CUTOVER_WORKFLOW_STACK_TRACES: 'true' }, '/nonexistent').observability.workflowStackTraces).toBe(true);
    const trace = await stackTraceOfWaitingWorkflow(true);
    expect(trace).toMatch(/sleepDays/);
  });
});
