import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { resolveCodecSettings } from '../../src/codec/keys';
import { loadConfig } from '../../src/config/load';
import { createIngressObservability, routePattern } from '../../src/ingress/observability';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { type RunningDevServer, startDevServer } from '../../src/runtime/dev-server';
import { createLogger } from '../../src/runtime/observability';
import { connectClient } from '../../src/runtime/temporal';
import { openStore, type Store } from '../../src/store/database';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { testCodecKeys, uniqueTaskQueue } from '../support/temporal';

const root = resolve(__dirname, '..', '..');

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<ReturnType<typeof createNetServer>>((ok) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => ok(server));
  })));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return ports;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('routePattern', () => {
  it('keeps route words and turns ids, tokens, emails and domains into :id', () => {
    expect(routePattern('/t/shop.example.com/1042')).toBe('/t/:id/:id');
    expect(routePattern('/webhooks/shopify/old-shop')).toBe('/webhooks/shopify/old-shop');
    expect(routePattern('/push/jane%40example.com')).toBe('/push/:id');
    expect(routePattern('/console/s/Zq3xYw_9kPq2LmN8')).toBe('/console/s/:id');
    expect(routePattern('/api/migrations/0b9c5a9e-3f1e-4c1e-9f6e-2b1d3c4e5f60/report')).toBe('/api/migrations/:id/report');
  });
});

describe('/metrics from another host', () => {
  function call(remoteAddress: string, authorization?: string): Promise<number> {
    const observability = createIngressObservability({ logger: createLogger({ level: 'silent', service: 'test' }), metricsToken: 'a-scraper-token-of-length' });
    return new Promise((ok) => {
      const res = { writeHead: (status: number) => { ok(status); return res; }, end: () => res } as unknown as ServerResponse;
      void observability.metrics({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} } as unknown as IncomingMessage, res);
    });
  }

  it('is refused without the metrics token, served with it and to loopback clients', async () => {
    expect(await call('203.0.113.9')).toBe(403);
    expect(await call('203.0.113.9', 'Bearer wrong-token-of-some-length')).toBe(403);
    expect(await call('203.0.113.9', 'Bearer a-scraper-token-of-length')).toBe(200);
    expect(await call('127.0.0.1')).toBe(200);
  });
});

describe('a worker process and the ingress, observed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-observability-'));
  const taskQueue = uniqueTaskQueue('observed');
  const accessLog: string[] = [];
  let devServer: RunningDevServer;
  let worker: ChildProcess;
  let workerOutput = '';
  let store: Store;
  let client: Client;
  let ingress: IngressServer;
  let workerEnv: Record<string, string>;

  beforeAll(async () => {
    const [temporalPort, uiPort, metricsPort] = await freePorts(3);
    devServer = await startDevServer({
      cli: process.env.CUTOVER_TEST_TEMPORAL_CLI!, dbFile: join(dir, 'temporal.db'), port: temporalPort!, uiPort: uiPort!,
      namespace: 'default', searchAttributes: cutoverSearchAttributes,
    });
    const env = {
      TEMPORAL_ADDRESS: devServer.address,
      CUTOVER_TASK_QUEUE: taskQueue,
      CUTOVER_DATA_DIR: join(dir, 'worker'),
      CUTOVER_CODEC_KEYS: testCodecKeys.map((k) => `${k.id}:${k.key}`).join(','),
      CUTOVER_SDK_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      CUTOVER_LOG_LEVEL: 'debug',
    };
    // The production worker's own main(), in a process of its own as a deployment runs it.
    const { DATABASE_URL: _database, CUTOVER_CONFIG: _config, ...inherited } = process.env;
    workerEnv = { ...inherited, ...env } as Record<string, string>;
    worker = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/worker.ts')], { cwd: root, env: workerEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout?.on('data', (chunk: Buffer) => { workerOutput += chunk.toString(); });
    worker.stderr?.on('data', (chunk: Buffer) => { workerOutput += chunk.toString(); });
    await until('the worker to poll', () => (workerOutput.includes('worker polling task queue') ? true : worker.exitCode !== null ? Promise.reject(new Error(workerOutput)) : undefined), 120_000);

    const config = loadConfig({ ...env, CUTOVER_DATA_DIR: join(dir, 'ingress'), INGRESS_PORT: '0', CUTOVER_OPERATOR_TOKEN: 'an-operator-token-for-tests' }, dir);
    store = await openStore({});
    client = await connectClient(config, testCodecKeys, env);
    const logger = createLogger({
      level: 'info', service: 'ingress',
      destination: new Writable({ write(chunk: Buffer, _encoding, done) { accessLog.push(...chunk.toString().split('\n').filter(Boolean)); done(); } }),
    });
    const observability = createIngressObservability({ logger, store, client, sdkMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics` });
    const codec = resolveCodecSettings(config);
    ingress = await startIngress(ingressRoutes(config, codec, store, { client, operatorToken: 'an-operator-token-for-tests' }), { host: '127.0.0.1', port: 0, observability });
  }, 180_000);

  afterAll(async () => {
    await ingress?.close();
    await client?.connection.close();
    await store?.destroy();
    if (worker && worker.exitCode === null) {
      const exited = new Promise((ok) => worker.once('exit', ok));
      worker.kill('SIGTERM');
      await exited;
    }
    await devServer?.stop();
  });

  it('writes the worker\'s log as JSON lines, workflow and activity lines carrying the workflow and run ids', async () => {
    const handle = await client.workflow.start('purgeCommunicationLog', { taskQueue, workflowId: `purge-${taskQueue}`, args: [{ days: 5 }] });
    expect(await handle.result()).toEqual({ deleted: 0 });
    const lines = await until('the workflow\'s completion in the log', () => {
      const parsed = jsonLines(workerOutput);
      return parsed.some((l) => l.msg === 'Workflow completed' && l.workflowId === handle.workflowId) ? parsed : undefined;
    });
    expect(lines.find((l) => l.msg === 'Workflow completed' && l.workflowId === handle.workflowId)).toMatchObject({
      level: 'debug', service: 'worker', workflowType: 'purgeCommunicationLog', runId: handle.firstExecutionRunId, taskQueue, namespace: 'default',
    });
    expect(lines.find((l) => l.msg === 'Activity completed' && l.workflowId === handle.workflowId)).toMatchObject({
      activityType: 'purgeCommunicationLog', workflowRunId: handle.firstExecutionRunId,
    });
    expect(lines.find((l) => String(l.msg).startsWith('worker polling task queue'))).toMatchObject({ level: 'info', security: 'plaintext' });
  });

  it('runs a second worker on the same host without SDK metrics when their address is taken, and says so', async () => {
    let output = '';
    const second = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/worker.ts')], {
      cwd: root, env: { ...workerEnv, CUTOVER_TASK_QUEUE: `${taskQueue}-second`, CUTOVER_DATA_DIR: join(dir, 'second-worker') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    second.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    second.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    try {
      await until('the second worker to poll', () => (output.includes('worker polling task queue') ? true : second.exitCode !== null ? Promise.reject(new Error(output)) : undefined), 120_000);
      const lines = jsonLines(output);
      expect(lines.find((l) => String(l.msg).startsWith('SDK metrics are off'))).toMatchObject({ level: 'warn' });
      expect(lines.find((l) => String(l.msg).startsWith('worker polling task queue'))).toMatchObject({ sdkMetrics: 'off' });
    } finally {
      const exited = new Promise((ok) => second.once('exit', ok));
      second.kill('SIGTERM');
      await exited;
    }
  });

  it('answers /healthz 200 when the store and Temporal answer', async () => {
    const res = await fetch(`${ingress.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: 'ok', temporal: 'ok' });
  });

  it('logs a request by its route pattern, without the token, the email or the order id it carried', async () => {
    const secrets = ['tok_live_5f2b9a8e77', 'jane.doe@example.com', '1042', 'shop.example.com'];
    const before = accessLog.length;
    const res = await fetch(`${ingress.url}/t/shop.example.com/1042?token=tok_live_5f2b9a8e77&email=jane.doe%40example.com`);
    await res.arrayBuffer();
    const line = await until('the access log line', () => accessLog.slice(before).find((l) => l.includes('"msg":"request"')));
    for (const secret of secrets) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({ level: 'info', component: 'access', method: 'GET', status: res.status });
    expect(['/t/:id/:id', '(unmatched)']).toContain((JSON.parse(line) as { route: string }).route);
  });

  it('serves the ingress\'s request metrics and the worker\'s SDK metrics on one /metrics', async () => {
    await fetch(`${ingress.url}/healthz`);
    const text = await until('the SDK metrics', async () => {
      const body = await (await fetch(`${ingress.url}/metrics`)).text();
      return /^temporal_\w+/m.test(body) ? body : undefined;
    });
    expect(text).toMatch(/^cutover_ingress_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/m);
    expect(text).toMatch(/^cutover_ingress_request_duration_seconds_bucket\{.*route="\/healthz".*\} \d+/m);
    expect(text).toMatch(/^temporal_(worker_start|num_pollers|request)\{/m);
    expect(text).not.toContain('1042');
    expect(text).not.toContain('jane.doe');
  });
});
