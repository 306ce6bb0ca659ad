import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { codecServerRoute } from '../../src/ingress/codec-server';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { openStore, type Store } from '../../src/store/database';
import { statusQuery } from '../../src/workflows/replatform/messages';
import { createDevEnv, testCodecKeys } from '../support/temporal';
import { baseInput, day, eventually, harness, questionnaire } from './support';

const run = promisify(execFile);

describe('the real Temporal CLI moves the launch date by signal (dev server, payloads through the ingress codec server)', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;
  let ingress: IngressServer;
  const token = 'replatform-cli-token-0123456789';
  beforeAll(async () => {
    env = await createDevEnv();
    store = await openStore({});
    ingress = await startIngress([codecServerRoute(new AesGcmPayloadCodec(testCodecKeys), { token, corsOrigins: [], namespace: 'default' })], { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await ingress?.close();
    await store?.destroy();
    await env?.teardown();
  });

  /** `temporal <args>` as an operator types it, with the codec server so payloads are encrypted and decrypted as the worker expects. */
  const temporal = async (...args: string[]): Promise<string> => {
    const cli = process.env.CUTOVER_TEST_TEMPORAL_CLI as string;
    const { stdout } = await run(cli, [...args, '--address', env.address, '--namespace', 'default', '--codec-endpoint', `${ingress.url}/codec`, '--codec-auth', `Bearer ${token}`]);
    return stdout;
  };

  it('`temporal workflow signal --name markLaunchDate --input \'{"date": "…"}\'` moves the launch; a bad date shows as rejected in `status`', async () => {
    const h = await harness(env, store);
    const workflowId = `replatform-cli-${h.taskQueue}`;
    await h.worker.runUntil(async () => {
      const handle = await env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId, args: [baseInput('cli.example', { questionnaire: questionnaire({ data: 'fresh' }) })],
      });
      const status = () => handle.query(statusQuery);
      await eventually(status, (st) => st.phase === 'awaiting-launch', 'waiting for launch');

      await temporal('workflow', 'signal', '--workflow-id', workflowId, '--name', 'markLaunchDate', '--input', JSON.stringify({ date: day(5) }));
      const moved = await eventually(status, (st) => st.dates.launchAt?.slice(0, 10) === day(5), 'the launch date moved by the CLI\'s signal');
      expect(moved.timeline.map((t) => t.event)).toContain(`launchDate set to ${day(5)}T00:00:00.000Z (signal)`);

      await temporal('workflow', 'signal', '--workflow-id', workflowId, '--name', 'markLaunchDate', '--input', '{"date": "next tuesday"}');
      const refused = await eventually(status, (st) => st.rejectedSignals.length === 1, 'the bad signal recorded');
      expect(refused.rejectedSignals[0]).toMatchObject({ signal: 'markLaunchDate', received: '{"date":"next tuesday"}', problems: [expect.stringMatching(/"next tuesday" is not a date/)] });
      expect(refused.dates.launchAt?.slice(0, 10)).toBe(day(5));

      // The operator reads it back with the CLI too: the codec server decrypts the query's answer.
      const answer = JSON.parse(await temporal('workflow', 'query', '--workflow-id', workflowId, '--name', 'status', '--output', 'json')) as { queryResult: { dates: { launchAt: string }; rejectedSignals: unknown[] }[] };
      expect(answer.queryResult[0]?.dates.launchAt.slice(0, 10)).toBe(day(5));
      expect(answer.queryResult[0]?.rejectedSignals).toHaveLength(1);
      await handle.terminate('test done');
    });
  });
});
