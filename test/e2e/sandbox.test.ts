import type { Worker } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ConnectionRegistry } from '../../src/config/secrets';
import { createPlatformAdapter } from '../../src/connectors/platforms/registry';
import { entityTypes } from '../../src/domain/catalog/entities';
import { platformNames } from '../../src/domain/catalog/platforms';
import type { ConnectionCheck } from '../../src/domain/connection-check';
import { configSchema } from '../../src/domain/config';
import type { VerificationReport } from '../../src/domain/migration/progress';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { SANDBOX_SHOPPER, SANDBOX_STORE, type Sandbox, SandboxRefused, sandboxWanted, startSandbox } from '../../scripts/sandbox';
import { createDevEnv, createTestWorker, testCodecKeys, uniqueTaskQueue, useTestBed } from '../support/temporal';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const OPERATOR_TOKEN = 'operator-token-for-the-sandbox-test-0123';
const CODEC_TOKEN = 'codec-token-for-the-sandbox-test-0123';
const CLI = process.env.CUTOVER_TEST_TEMPORAL_CLI as string;

/** The real `temporal` program, as a user runs it; a non-zero exit throws with what it printed. */
function temporalCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
    execFile(CLI, args, { env, maxBuffer: 16 * 1024 * 1024, timeout: 50_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`temporal ${args.slice(0, 3).join(' ')} failed: ${stderr || stdout || err.message}`));
      else resolve(stdout);
    });
  });
}

/**
 * Every connection name the README uses in an example or a configuration snippet: workflow inputs
 * ("connection", "newConnection", "emailConnection", "mailConnection"), the cutover client's arguments, a
 * store's channel connections, and the keys of the connection snippets.
 */
function readmeConnectionNames(): string[] {
  const names = new Set<string>();
  const add = (pattern: RegExp, group = 1): void => {
    for (const match of README.matchAll(pattern)) names.add(match[group] as string);
  };
  add(/"(?:connection|newConnection|emailConnection|mailConnection)":\s*"([a-z][a-z0-9-]*)"/g);
  // Command lines naming connections; the benchmark's --source/--target name platforms, not connections.
  for (const line of README.split('\n').filter((l) => !l.includes('bench:'))) for (const match of line.matchAll(/--(?:source|target|email) ([a-z][a-z0-9-]*)/g)) names.add(match[1] as string);
  add(/"([a-z][a-z0-9-]*)":\s*\{\s*"kind"/g);
  for (const match of README.matchAll(/"connections":\s*\{([^{}]*)\}/g)) for (const value of (match[1] as string).matchAll(/:\s*"([a-z][a-z0-9-]*)"/g)) names.add(value[1] as string);
  add(/cutover (?:settings|credits) (?:show|set|topup) ([a-z][a-z0-9-]*)/g);
  add(/cutover orders (?:status|replay) ([a-z][a-z0-9-]*)/g);
  for (const match of README.matchAll(/cutover connections check ([a-z0-9 -]+)/g)) for (const name of (match[1] as string).trim().split(/\s+/)) names.add(name);
  return [...names].sort();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i++) {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 1000)}`);
}

describe('the sandbox of npm run dev (scripts/sandbox, as scripts/dev.ts wires it)', () => {
  const bed = useTestBed(() => createDevEnv());
  let sandbox: Sandbox;
  let ingress: IngressServer;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('sandbox');

  beforeAll(async () => {
    const port = await freePort();
    const config = configSchema.parse({ temporal: { taskQueue }, ingress: { port, publicUrl: `http://127.0.0.1:${port}` } });
    const connections = new ConnectionRegistry(config.connections);
    // As dev.ts: the sandbox's connections go into the registry the ingress and the worker share, its store seed into the store.
    sandbox = await startSandbox({ ingressUrl: config.ingress.publicUrl, pagesPort: 0, size: { categories: 3, products: 8, customers: 6, orders: 8 }, tiendanubeSize: { categories: 2, products: 4, customers: 3, orders: 4 } });
    for (const [name, simulated] of Object.entries(sandbox.connections)) connections.register(name, simulated);
    await sandbox.seedStore(bed.store);
    const codec = { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' as const };
    ingress = await startIngress(ingressRoutes(config, codec, bed.store, { client: bed.env.client, connections, operatorToken: OPERATOR_TOKEN }), config.ingress);
    worker = await createTestWorker(bed.env, { connections, store: bed.store, publicUrl: config.ingress.publicUrl, channelFactories: sandbox.channelFactories }, { taskQueue });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ingress?.close();
    await sandbox?.close();
  });

  it('starts by default when no connection is configured, never beside configured ones', () => {
    expect(sandboxWanted({ connections: {} }, [])).toBe(true);
    expect(sandboxWanted({ connections: {} }, ['--no-sandbox'])).toBe(false);
    const real = { connections: { 'old-shop': sandbox.connections['old-shop'] as never } };
    expect(sandboxWanted(real, [])).toBe(false);
    expect(() => sandboxWanted(real, ['--sandbox'])).toThrow(SandboxRefused);
    expect(() => sandboxWanted(real, ['--sandbox'])).toThrow(/connections are configured \(old-shop\)/);
  });

  it('serves every connection the README names, and checkConnections passes on each', async () => {
    const names = readmeConnectionNames();
    // The parse must find the README's examples, or the check below would prove nothing.
    expect(names).toEqual(expect.arrayContaining(['old-shop', 'new-shop', 'klaviyo', 'omnisend-old', 'omnisend-new', 'cortex-old', 'cortex-new', 'mail', 'sms', 'push', 'tienda-sur']));
    expect(names.filter((n) => !(n in sandbox.connections))).toEqual([]);
    const checks = await bed.env.client.workflow.execute('checkConnections', { taskQueue, workflowId: `check-${taskQueue}`, args: [{ connections: names }] }) as ConnectionCheck[];
    expect(checks.map((c) => [c.name, c.ok])).toEqual(names.map((n) => [n, true]));
    expect(Object.fromEntries(checks.map((c) => [c.name, c.kind]))).toMatchObject({
      'old-shop': 'woocommerce', 'new-shop': 'shopify', 'tienda-sur': 'tiendanube', klaviyo: 'klaviyo', 'omnisend-old': 'omnisend',
      'cortex-new': 'cortex', mail: 'smtp', sms: 'twilio', push: 'webpush',
    });
  });

  it('labels everything SIMULATED in the banner, with each connection\'s address and the pages', () => {
    const banner = sandbox.banner();
    expect(banner[0]).toMatch(/SANDBOX.*SIMULATED/);
    for (const service of sandbox.services) expect(banner.some((line) => line.includes(service.connection) && line.includes('SIMULATED') && line.includes(service.url))).toBe(true);
    expect(banner.join('\n')).toContain(`${sandbox.pagesUrl}/sandbox/inbox`);
    expect(banner.join('\n')).toContain(`${sandbox.pagesUrl}/sandbox/messages`);
  });

  it('runs the README\'s fullMigration example on old-shop → new-shop, and the report is in the same store the operator API reads', async () => {
    const example = /--type fullMigration --workflow-id (\S+) \\\n\s+--input '([^']+)'/.exec(README);
    expect(example).not.toBeNull();
    const [, workflowId, input] = example as unknown as [string, string, string];
    const handle = await bed.env.client.workflow.start('fullMigration', { taskQueue, workflowId, args: [{ ...JSON.parse(input), holdForRetry: '0s' }] });
    const result = await handle.result() as { verification: { summary: Record<string, { sourceCount: number; migrated: number; verified: number; failed: number }> } };
    expect(result.verification.summary.products).toMatchObject({ sourceCount: sandbox.woo.state.count('products'), verified: sandbox.woo.state.count('products') });
    expect(sandbox.shopify.state.counts().products).toBe(sandbox.woo.state.count('products'));
    const res = await fetch(`${ingress.url}/api/migrations/${workflowId}/report`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    const report = (await res.json()) as VerificationReport;
    expect(report).toMatchObject({ migrationId: workflowId, sourcePlatform: 'woocommerce', targetPlatform: 'shopify' });
    expect(report.entities.customers?.verified).toBe(sandbox.woo.state.count('customers'));
  });

  it('the README\'s tienda-vieja → bc-shop example through the real temporal CLI (input and result through the codec server): migrated, each entity once, verification clean', async () => {
    const example = /--type fullMigration --workflow-id (\S+) \\\n\s+--input '(\{[^']*"tienda-vieja"[^']*\})'/.exec(README);
    expect(example).not.toBeNull();
    const [, workflowId, input] = example as unknown as [string, string, string];
    const cli = ['--address', bed.env.address, '--namespace', bed.env.namespace ?? 'default', '--codec-endpoint', `${ingress.url}/codec`, '--codec-auth', `Bearer ${CODEC_TOKEN}`];
    // The README's input as it is, on this test's task queue; a failure would hold the workflow open for retryFailed (7 days): not here.
    await temporalCli(['workflow', 'start', '--task-queue', taskQueue, '--type', 'fullMigration', '--workflow-id', workflowId, '--input', JSON.stringify({ ...JSON.parse(input), holdForRetry: '0s' }), ...cli]);
    const out = JSON.parse(await temporalCli(['workflow', 'result', '--workflow-id', workflowId, '-o', 'json', ...cli])) as { status: string; result: { verification: { ok: boolean; summary: Record<string, { sourceCount: number; migrated: number; verified: number; failed: number; mismatched: number; missingOnTarget: number }> } } };
    expect(out.status).toBe('COMPLETED');
    const { verification } = out.result;
    // What the target holds, counted through its own API: each source entity once, none twice.
    const { connection, secrets } = new ConnectionRegistry({ 'bc-shop': sandbox.connections['bc-shop'] as never }, {}).resolve('bc-shop', ...platformNames);
    const bc = createPlatformAdapter(connection, secrets);
    for (const type of entityTypes) {
      const sourceCount = verification.summary[type]?.sourceCount ?? -1;
      expect(sourceCount).toBeGreaterThan(0);
      expect(verification.summary[type]).toEqual({ sourceCount, migrated: sourceCount, verified: sourceCount, failed: 0, mismatched: 0, missingOnTarget: 0, targetCount: sourceCount, expectedOnTarget: sourceCount, unexpectedOnTarget: 0 });
      expect(await bc.count(type)).toBe(sourceCount);
    }
    expect(verification.ok).toBe(true);
  }, 60_000);

  it('a Tiendanube webhook sent from the pages reaches the ingress; the alerts show on the inbox page and the SMS log', async () => {
    const subscribed = await fetch(`${sandbox.pagesUrl}/sandbox/push/subscribe`, { method: 'POST' });
    expect(subscribed.status).toBe(201);
    const paid = await (await fetch(`${sandbox.pagesUrl}/sandbox/tiendanube/orders/1002/paid`, { method: 'POST' })).json() as { ingressStatus: number };
    expect(paid.ingressStatus).toBe(200);
    const shipped = await (await fetch(`${sandbox.pagesUrl}/sandbox/tiendanube/orders/1002/fulfilled`, { method: 'POST' })).json() as { ingressStatus: number };
    expect(shipped.ingressStatus).toBe(200);

    const inbox = await eventually(
      async () => (await (await fetch(`${sandbox.pagesUrl}/sandbox/inbox.json`)).json()) as { to: string; subject: string; text: string }[],
      (mails) => mails.filter((m) => m.to.includes(SANDBOX_SHOPPER.email)).length >= 2, 'the payment and dispatch emails',
    );
    expect(inbox.map((m) => m.subject)).toEqual(expect.arrayContaining(['Tienda Sur: payment approved for order #1002', 'Tienda Sur: order #1002 is on its way']));
    const sms = await eventually(
      async () => (await (await fetch(`${sandbox.pagesUrl}/sandbox/messages.json`)).json()) as { to: string; body: string; status: string }[],
      (messages) => messages.some((m) => m.to === SANDBOX_SHOPPER.phone && m.status === 'delivered'), 'the dispatch SMS, delivered',
    );
    expect(sms.find((m) => m.to === SANDBOX_SHOPPER.phone)?.body).toContain('CA123456789AR');
    await eventually(async () => sandbox.push.received.length, (n) => n >= 2, 'the payment and dispatch pushes');

    const inboxPage = await (await fetch(`${sandbox.pagesUrl}/sandbox/inbox`)).text();
    expect(inboxPage).toContain('SIMULATED');
    expect(inboxPage).toContain('Tienda Sur: order #1002 is on its way');
    const messagesPage = await (await fetch(`${sandbox.pagesUrl}/sandbox/messages`)).text();
    expect(messagesPage).toContain('CA123456789AR');
    expect(messagesPage).toContain('delivered');
    expect((await fetch(`${sandbox.pagesUrl}/sandbox/inbox/0`)).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('keeps the sandbox store\'s settings as the README\'s purchase examples expect', async () => {
    const res = await fetch(`${ingress.url}/api/stores/${SANDBOX_STORE}/settings`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ storeName: 'Tienda Sur', connections: { email: 'mail', sms: 'sms', push: 'push', platform: SANDBOX_STORE } });
  });
});
