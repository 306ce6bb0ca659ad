import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type AddressInfo, connect, createServer } from 'node:net';
import { temporal } from '@temporalio/proto';
import type { ActivityDeps } from '../../src/activities';
import type { CodecKey } from '../../src/domain/config';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { createCutoverWorker } from '../../src/worker';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { openStore, type Store } from '../../src/store/database';

export const testCodecKeys: CodecKey[] = [{ id: 'test-key', key: randomBytes(32).toString('base64') }];

/** A variable jest's globalSetup sets (the Temporal CLI, the Java test server): missing means the setup did not run. */
export function required(name: string): string {
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

/**
 * The Java time-skipping test server, started here rather than by the SDK: the SDK gives a JVM a fixed five
 * seconds to answer, which a JVM starting while both cores are busy (two jest workers, each with its servers)
 * can miss. Here it gets a minute; the environment is the SDK's own time-skipping one, connected to it.
 */
async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const port = await freePort();
  // Without --enable-time-skipping, as the SDK starts it: time is locked and skips only while a test awaits a
  // workflow's result or env.sleep(), so a test polling a workflow's status sees server time pass at wall speed.
  const server = spawn(required('CUTOVER_TEST_TIME_SKIPPING_SERVER'), [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`the time-skipping server exited (${code}): ${stderr}`))));
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPort(port, 60_000), exited]);
    // `create` is the SDK's own factory behind createTimeSkipping; only its server start is replaced here.
    const create = (TestWorkflowEnvironment as unknown as { create(options: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const env = await create({ supportsTimeSkipping: true, server: { type: 'existing' }, address: `127.0.0.1:${port}`, client: { dataConverter: cutoverDataConverter(testCodecKeys) } });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        server.kill('SIGKILL');
      }
    };
    return env;
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
}

/** A port nothing listens on now, for a server a test starts (and may start again on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolveOpen) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolveOpen(true); });
      socket.once('error', () => { socket.destroy(); resolveOpen(false); });
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the time-skipping server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
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
 * A Temporal test environment and an embedded store for a describe block; tests read `bed.env` and `bed.store`.
 * With 'each-test' every test gets its own server, as the SDK advises for the time-skipping one: time skipping
 * is global to a server, and a workflow an earlier test left running (a daily feed started with ABANDON) keeps
 * firing timers there for a worker that is gone, which locked skipping and turned a later test's
 * `env.sleep('2 days')` into a hang. 'each-file' (one server for the block) suits the dev server.
 */
export function useTestBed(createEnv: () => Promise<TestWorkflowEnvironment>, scope: 'each-test' | 'each-file' = 'each-file'): { env: TestWorkflowEnvironment; store: Store } {
  const bed = {} as { env: TestWorkflowEnvironment; store: Store };
  const [setUp, tearDown] = scope === 'each-test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  beforeAll(async () => {
    bed.store = await openStore({});
  });
  setUp(async () => {
    bed.env = await createEnv();
  });
  tearDown(async () => {
    await bed.env?.teardown();
  });
  afterAll(async () => {
    await bed.store?.destroy();
  });
  return bed;
}

