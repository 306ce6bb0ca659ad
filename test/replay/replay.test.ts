import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import * as registered from '../../src/workflows';
import { HISTORIES_DIR, REPLAY_CODEC_KEYS } from './record';

const workflowsPath = require.resolve('../../src/workflows');

/** <workflow type>--<label>.json, `{ workflowId, events }`: recorded by the e2e tests with `npm run record:histories`. */
function histories(): { file: string; type: string; workflowId: string; history: temporal.api.history.v1.History }[] {
  return readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const json = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as { workflowId?: string };
    const history = temporal.api.history.v1.History.fromObject(json);
    const type = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '(no start event)';
    // The recorded workflow's own id: its children's ids derive from it (a re-platform's migration and ESP children).
    if (!json.workflowId) throw new Error(`${file}: no workflowId beside the events (recordHistory writes it)`);
    return { file, type, workflowId: json.workflowId, history };
  });
}

/**
 * Workflows live for weeks (re-platforms) and up to 60 days (orders): the code a worker runs must make the
 * same decisions as the code that wrote each open workflow's history so far. Every recorded history, of every
 * workflow type the worker registers, replays against the current code; a change that alters the commands
 * of a recorded path fails here (see Versioning in the README for what to do then).
 */
describe('recorded histories replay against the current workflow code', () => {
  const all = histories();

  it('has at least one history of each workflow type the worker registers, and none of a type it does not', () => {
    const types = Object.keys(registered).sort();
    expect(types).toEqual(['checkConnections', 'espDailyFeed', 'espHandoff', 'fullMigration', 'orderLifecycle', 'previewMigration', 'purgeCommunicationLog', 'replatform']);
    expect([...new Set(all.map((h) => h.type))].sort()).toEqual(types);
    for (const { file, type } of all) expect(file.startsWith(`${type}--`)).toBe(true);
  });

  it('every history replays without nondeterminism, and one whose commands the code does not issue fails', async () => {
    // Negative control: a recorded history with one activity the code never schedules there, as a changed
    // workflow would meet its old histories. It must fail, or the test could not tell.
    const changed = temporal.api.history.v1.History.fromObject(all.find((h) => h.type === 'fullMigration')?.history.toJSON() ?? {});
    const scheduled = changed.events.find((e) => e.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
    if (!scheduled?.activityType) throw new Error('the fullMigration history schedules no activity');
    scheduled.activityType.name = 'anActivityTheCodeNeverCalls';

    const outcomes: { workflowId: string; error: string | null }[] = [];
    const replays = Worker.runReplayHistories(
      { workflowsPath, dataConverter: cutoverDataConverter(REPLAY_CODEC_KEYS), replayName: 'recorded-histories' },
      [...all.map(({ workflowId, history }) => ({ workflowId, history })), { workflowId: 'negative-control', history: changed }],
    );
    for await (const result of replays) outcomes.push({ workflowId: result.workflowId, error: result.error ? `${result.error.name}: ${result.error.message}` : null });
    const byId = (a: { workflowId: string }, b: { workflowId: string }) => a.workflowId.localeCompare(b.workflowId);
    expect(outcomes.filter((o) => o.workflowId !== 'negative-control').sort(byId)).toEqual(all.map(({ workflowId }) => ({ workflowId, error: null })).sort(byId));
    expect(outcomes).toHaveLength(all.length + 1);
    expect(outcomes.find((o) => o.workflowId === 'negative-control')?.error).toMatch(/^DeterminismViolationError: .*anActivityTheCodeNeverCalls/s);
  });

  it('an order begun before local activities (patch alerts-local-activities) keeps its remote activities', () => {
    const before = all.find((h) => h.file === 'orderLifecycle--before-local-activities.json');
    expect(before?.history.events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(3);
  });
});
