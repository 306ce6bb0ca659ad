import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { orderWorkflowId } from '../../src/domain/purchase/events';
import { CODEC_TOKEN, eventually, INVALID_PHONE, PurchaseHarness, shopifyOrder } from '../purchase/harness';
import { createDevEnv, testCodecKeys } from '../support/temporal';

const CLI = process.env.CUTOVER_TEST_TEMPORAL_CLI as string;
const repoRoot = resolve(__dirname, '..', '..');

interface Run { code: number; stdout: string; stderr: string }

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = repoRoot): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(file, args, { env, cwd, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** The environment of the test process without TEMPORAL_* variables, so only the flags given here count. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_') && !k.startsWith('CUTOVER_'))), ...extra, CUTOVER_TEST_TEMPORAL_CLI: CLI };
}

describe('the real Temporal CLI with the codec flags, against the dev server and the ingress\'s codec server', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  let codecEndpoint: string;
  const ana = { id: 4101, email: 'ana.cli@example.com', phone: INVALID_PHONE, name: 'Ana Terminal' };
  const store = 'cli-shop';
  const orderWorkflow = orderWorkflowId(store, String(ana.id));

  /** `temporal <args>` as a user types it, with (or without) --codec-endpoint and --codec-auth. */
  const temporal = async (args: string[], options: { codec?: boolean } = {}): Promise<Run> => {
    const codecFlags = options.codec === false ? [] : ['--codec-endpoint', codecEndpoint, '--codec-auth', `Bearer ${CODEC_TOKEN}`];
    return run(CLI, [...args, '--address', env.address, '--namespace', env.namespace ?? 'default', ...codecFlags], cleanEnv());
  };
  const ok = (r: Run): string => {
    if (r.code !== 0) throw new Error(`temporal exited ${r.code}: ${r.stderr || r.stdout}`);
    return r.stdout;
  };

  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
    codecEndpoint = `${h.ingress.url}/codec`;
    h.connections.register('cli-target', { kind: 'shopify', shopDomain: 'cli-target.myshopify.com', apiVersion: '2025-10', accessToken: 'shpat_cli_target_token' });
    // Payment by SMS to a number Twilio refuses, and by email: one channel fails, so the alert can be replayed.
    await h.merchant(store, 'shopify', { milestones: { payment: { enabled: true, channels: ['sms', 'email'] } } });
    expect((await h.webhook('shopify', store, 'orders/paid', shopifyOrder(ana))).status).toBe(202);
    await eventually(() => h.mail.to(ana.email).length === 1, 'the payment email');
    await eventually(async () => (await env.client.workflow.getHandle(orderWorkflow).query<{ milestones: { payment: { state: string } } }>('status')).milestones.payment.state !== 'waiting', 'the payment milestone');
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  // A query without arguments makes the CLI encode an empty Payloads, which protobuf JSON writes as {}.
  it('workflow query: no arguments ({} to /encode), the status decoded; without the codec only ciphertext', async () => {
    const status = JSON.parse(ok(await temporal(['workflow', 'query', '--workflow-id', orderWorkflow, '--type', 'status', '-o', 'json']))) as { queryResult: unknown[] };
    expect(status.queryResult[0]).toMatchObject({ store, orderId: String(ana.id), order: { email: ana.email }, milestones: { payment: { state: 'partly-sent' } } });
    const encrypted = ok(await temporal(['workflow', 'query', '--workflow-id', orderWorkflow, '--type', 'status', '-o', 'json'], { codec: false }));
    expect(encrypted).not.toContain(ana.email);
    expect(encrypted).toContain(Buffer.from('binary/encrypted').toString('base64'));
  });

  it('workflow show: the webhook\'s order decoded in the signal, as text and as JSON', async () => {
    const text = ok(await temporal(['workflow', 'show', '--workflow-id', orderWorkflow, '--detailed']));
    expect(text).toContain(ana.email);
    expect(text).toContain('WorkflowExecutionSignaled');
    // JSON output is protobuf JSON: the decoded payload is json/plain, its data the order's JSON in base64.
    const history = JSON.parse(ok(await temporal(['workflow', 'show', '--workflow-id', orderWorkflow, '-o', 'json']))) as {
      events: { workflowExecutionSignaledEventAttributes?: { input: { payloads: { metadata: Record<string, string>; data: string }[] } } }[];
    };
    const signalled = history.events.find((e) => e.workflowExecutionSignaledEventAttributes)?.workflowExecutionSignaledEventAttributes?.input.payloads[0];
    expect(Buffer.from(signalled?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(signalled?.data ?? '', 'base64').toString())).toMatchObject({ store, orderId: String(ana.id), order: { email: ana.email } });
    expect(ok(await temporal(['workflow', 'show', '--workflow-id', orderWorkflow, '--detailed'], { codec: false }))).not.toContain(ana.email);
  });

  it('workflow describe of a running workflow', async () => {
    const text = ok(await temporal(['workflow', 'describe', '--workflow-id', orderWorkflow]));
    expect(text).toMatch(/Type\s+orderLifecycle/);
  });

  it('workflow update execute: the input encoded through the codec server, the result decoded', async () => {
    const out = JSON.parse(ok(await temporal(['workflow', 'update', 'execute', '--workflow-id', orderWorkflow, '--name', 'replayMilestone', '--input', '"payment"', '-o', 'json']))) as { result: unknown };
    expect(out.result).toEqual({ state: 'partly-sent', channels: [expect.objectContaining({ channel: 'sms', status: 'failed' }), expect.objectContaining({ channel: 'email', status: 'sent' })] });
    // The refusal of the update's validator is a failure message, encrypted too: the CLI shows it decoded.
    const refused = await temporal(['workflow', 'update', 'execute', '--workflow-id', orderWorkflow, '--name', 'replayMilestone', '--input', '"dispatch"']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toMatch(/milestone dispatch is waiting: only a failed/);
    expect(refused.stderr + refused.stdout).not.toContain('Encoded failure');
  });

  it('workflow start --input, workflow result and describe: the input encrypted in history, the result decoded on the terminal', async () => {
    const workflowId = `cli-check-${process.pid}`;
    ok(await temporal(['workflow', 'start', '--task-queue', h.taskQueue, '--type', 'checkConnections', '--workflow-id', workflowId, '--input', '{"connections": ["cli-target"]}']));
    const result = ok(await temporal(['workflow', 'result', '--workflow-id', workflowId]));
    expect(result).toMatch(/cli-target/);
    expect(result).toMatch(/"ok":\s*true/);
    expect(ok(await temporal(['workflow', 'result', '--workflow-id', workflowId], { codec: false }))).not.toContain('cli-target');
    const described = ok(await temporal(['workflow', 'describe', '--workflow-id', workflowId]));
    expect(described).toMatch(/Status\s+COMPLETED/);
    expect(described).toMatch(/Result\s+\[\{.*"name":"cli-target","ok":true\}\]/);
    expect(described).toMatch(/ResultEncoding\s+json\/plain/);

    // History holds the input the CLI gave encrypted with the project's key (the codec server encoded it).
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const raw = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(raw?.metadata?.encoding ?? new Uint8Array()).toString()).toBe('binary/encrypted');
    expect(Buffer.from(raw?.data ?? new Uint8Array()).toString('latin1')).not.toContain('cli-target');
    const [decoded] = await new AesGcmPayloadCodec(testCodecKeys).decode([raw as Payload]);
    const input = defaultPayloadConverter.fromPayload(decoded as Payload);
    expect(input).toEqual({ connections: ['cli-target'] });
  });

  it('./bin/temporal fills in the address, the namespace and the codec from the configuration', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cutover-shim-'));
    try {
      const shimEnv = cleanEnv({
        TEMPORAL_ADDRESS: env.address,
        CUTOVER_DATA_DIR: dataDir,
        CUTOVER_CODEC_KEYS: `${testCodecKeys[0]!.id}:${testCodecKeys[0]!.key}`,
        CUTOVER_CODEC_TOKEN: CODEC_TOKEN,
        INGRESS_PORT: new URL(h.ingress.url).port,
        TEMPORAL_CLI: CLI,
      });
      const out = await run(join(repoRoot, 'bin/temporal'), ['workflow', 'query', '--workflow-id', orderWorkflow, '--type', 'status', '-o', 'json'], shimEnv, dataDir);
      expect(out.code).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ queryResult: [{ order: { email: ana.email } }] });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
