import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { ActivityDeps } from '../../src/activities';
import type { CodecKey } from '../../src/domain/config';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { createCutoverWorker } from '../../src/worker';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { openStore, type Store } from '../../src/store/database';

export const testCodecKeys: CodecKey[] = [{ id: 'test-key', key: randomBytes(32).toString('base64') }];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: jest's globalSetup resolves it`);
  return value;
}

/** The real Temporal CLI dev server, our search attributes registered, clients encrypting with the codec unless told not to. */
export function createDevEnv(options: { codec?: boolean } = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: required('CUTOVER_TEST_TEMPORAL_CLI') }, searchAttributes: cutoverSearchAttributes },
    client: options.codec === false ? {} : { dataConverter: cutoverDataConverter(testCodecKeys) },
  });
}

/** The Java time-skipping test server: durable timers of weeks pass in seconds. Our search attributes are registered. */
/**
 * The SDK gives the Java server a fixed few seconds to answer; a JVM starting while both cores are busy
 * (two jest workers, each with its servers) can miss that, so a start that times out is tried again.
 */
async function startTimeSkippingServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: required('CUTOVER_TEST_TIME_SKIPPING_SERVER') } },
        client: { dataConverter: cutoverDataConverter(testCodecKeys) },
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer();
  // Unlike the CLI dev server, the test server takes no --search-attribute flag: an upsert of an unknown one fails the workflow task.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(cutoverSearchAttributes.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`]])),
  });
  return env;
}

export const fixtureWorkflowsPath = require.resolve('../fixtures/workflows');

let queueCounter = 0;
export function uniqueTaskQueue(prefix: string): string {
  queueCounter += 1;
  return `${prefix}-${process.pid}-${queueCounter}`;
}

/** The production worker factory against a test environment; `codec: false` is only for negative controls. */
export async function createTestWorker(
  env: TestWorkflowEnvironment,
  deps: ActivityDeps,
  options: { taskQueue: string; codec?: boolean; workflowsPath?: string },
): Promise<Worker> {
  if (options.codec === false) {
    const { createActivities } = await import('../../src/activities');
    return Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: options.taskQueue,
      workflowsPath: options.workflowsPath ?? fixtureWorkflowsPath,
      activities: createActivities(deps),
    });
  }
  return createCutoverWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: options.taskQueue,
    codecKeys: testCodecKeys,
    deps,
    workflowsPath: options.workflowsPath ?? fixtureWorkflowsPath,
  });
}

/**
 * A Temporal test environment and an embedded store for one describe block: opened before its tests and
 * closed after them. Tests read `bed.env` and `bed.store`.
 */
export function useTestBed(createEnv: () => Promise<TestWorkflowEnvironment>): { env: TestWorkflowEnvironment; store: Store } {
  const bed = {} as { env: TestWorkflowEnvironment; store: Store };
  beforeAll(async () => {
    bed.env = await createEnv();
    bed.store = await openStore({});
  });
  afterAll(async () => {
    await bed.store?.destroy();
    await bed.env?.teardown();
  });
  return bed;
}

