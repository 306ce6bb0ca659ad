import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec';
import { configSchema } from '../../src/domain/config';
import { orderWorkflowId } from '../../src/domain/purchase/events';
import { ingressRoutes } from '../../src/ingress/routes';
import { type IngressServer, startIngress } from '../../src/ingress/server';
import { type RunningDevServer, startDevServer } from '../../src/runtime/dev-server';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { CODEC_TOKEN, eventually, OPERATOR_TOKEN, PurchaseHarness, shopifyOrder } from '../purchase/harness';
import { testCodecKeys } from '../support/temporal';

const CLI = process.env.CUTOVER_TEST_TEMPORAL_CLI as string;
const CHROMIUM = process.env.CUTOVER_TEST_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.CUTOVER_UI_SCREENSHOTS ?? tmpdir();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Temporal Web UI as `npm run dev` starts it: the CLI's dev server (startDevServer, the same function) with
 * --ui-codec-endpoint at the ingress's codec server on loopback, and the ingress with the production routes and
 * the default `codec.loopbackUi`. Headless Chromium drives the UI like a user, who never types a token.
 */
describe('the Temporal Web UI of the embedded default, in headless Chromium, decodes through the ingress\'s codec server', () => {
  let devServer: RunningDevServer;
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  let uiIngress: IngressServer;
  let browser: Browser;
  let dataDir: string;
  const codecRequests: { url: string; status: number }[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cutover-ui-'));
    const [port, uiPort, ingressPort] = [await freePort(), await freePort(), await freePort()];
    devServer = await startDevServer({
      cli: CLI, dbFile: join(dataDir, 'temporal.db'), port, uiPort, namespace: 'default', searchAttributes: cutoverSearchAttributes,
      codecEndpoint: `http://localhost:${ingressPort}/codec`, output: 'ignore',
    });
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: devServer.address, client: { dataConverter: cutoverDataConverter(testCodecKeys) } });
    h = await new PurchaseHarness(env).start();
    // The ingress as scripts/dev.ts builds it: loopback host, the UI's origin allowed, no token given to the UI.
    const config = configSchema.parse({
      temporal: { address: devServer.address, taskQueue: h.taskQueue },
      ingress: { host: '127.0.0.1', port: ingressPort, corsOrigins: [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`] },
    });
    uiIngress = await startIngress(ingressRoutes(config, { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' }, h.store, {
      client: env.client, connections: h.connections, operatorToken: OPERATOR_TOKEN,
    }), config.ingress);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await uiIngress?.close();
    await h?.close();
    await env?.teardown();
    await devServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('response', (r) => { if (r.url().includes('/codec/')) codecRequests.push({ url: r.url(), status: r.status() }); });
    return page;
  }

  const workflowPage = (id: string): string => `${devServer.uiUrl}/namespaces/default/workflows/${encodeURIComponent(id)}`;

  /** Everything the page shows as text, once `expected` is there (the UI decodes after it renders). */
  async function pageText(page: Page, expected: string, shot: string): Promise<string> {
    try {
      await page.getByText(expected).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`), fullPage: true });
    }
    // Without the fold markers of the JSON viewer (⌄), so a value reads as its JSON.
    return (await page.locator('body').innerText()).replaceAll('\u2304', '');
  }

  const COULD_NOT_CONNECT = 'Codec Server could not connect';
  /** A payload still encrypted, as the UI shows it: metadata values in base64, `binary/encrypted`. */
  const ENCRYPTED = Buffer.from('binary/encrypted').toString('base64');

  it('shows a finished checkConnections\'s input and result decoded, then, with the codec server refusing the UI, the error and ciphertext', async () => {
    h.connections.register('ui-shop', { kind: 'shopify', shopDomain: 'ui-shop.myshopify.com', apiVersion: '2025-10', accessToken: 'shpat_ui_token_1234' });
    const workflowId = `ui-check-${process.pid}`;
    const [result] = await env.client.workflow.execute('checkConnections', { taskQueue: h.taskQueue, workflowId, args: [{ connections: ['ui-shop'] }] }) as { fingerprint: string }[];
    const page = await openPage();
    await page.goto(workflowPage(workflowId));
    const text = await pageText(page, `"${result?.fingerprint}"`, 'ui-check');
    expect(text).toMatch(/Input\s+\{\s+"connections": \[\s+"ui-shop"\s+\]\s+\}/);
    expect(text).toMatch(/Result\s+\[\s+\{\s+"name": "ui-shop",\s+"kind": "shopify",\s+"ok": true,\s+"fingerprint": "[0-9a-f]{12}"/);
    expect(text).not.toContain(COULD_NOT_CONNECT);
    expect(text).not.toContain(ENCRYPTED);
    expect(codecRequests.length).toBeGreaterThan(0);
    expect(codecRequests.filter((r) => r.status !== 200)).toEqual([]);

    // The same page against a codec server that wants a token the stock UI cannot send (the old behaviour):
    // the UI says so and shows the encrypted payloads. This is what the test above would have found before.
    const port = Number(new URL(uiIngress.url).port);
    await uiIngress.close();
    const refusing = configSchema.parse({ codec: { loopbackUi: false }, ingress: { port, corsOrigins: [new URL(devServer.uiUrl).origin] } });
    uiIngress = await startIngress(ingressRoutes(refusing, { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' }, h.store, {
      client: env.client, connections: h.connections, operatorToken: OPERATOR_TOKEN,
    }), refusing.ingress);
    try {
      const refused = await openPage();
      await refused.goto(workflowPage(workflowId));
      const refusedText = await pageText(refused, COULD_NOT_CONNECT, 'ui-check-refused');
      expect(refusedText).not.toContain(result?.fingerprint ?? '');
      expect(refusedText).toContain(ENCRYPTED);
    } finally {
      await uiIngress.close();
      const config = configSchema.parse({ ingress: { port, corsOrigins: [new URL(devServer.uiUrl).origin] } });
      uiIngress = await startIngress(ingressRoutes(config, { keys: testCodecKeys, serverToken: CODEC_TOKEN, source: 'config' }, h.store, {
        client: env.client, connections: h.connections, operatorToken: OPERATOR_TOKEN,
      }), config.ingress);
    }
  });

  it('shows a failed checkConnections\'s failure message decoded (failures are encrypted too)', async () => {
    const workflowId = `ui-check-failed-${process.pid}`;
    await expect(env.client.workflow.execute('checkConnections', { taskQueue: h.taskQueue, workflowId, args: [{ connections: ['missing-shop'] }] })).rejects.toThrow();
    const page = await openPage();
    await page.goto(workflowPage(workflowId));
    // The failure's encoded attributes, decoded: the message as the activity raised it (quoted in JSON).
    const text = await pageText(page, 'no connection named \\"missing-shop\\" is configured', 'ui-failed');
    expect(text).toMatch(/"encodedAttributes": \{\s+"message": "no connection named \\"missing-shop\\" is configured/);
    expect(text).not.toContain(COULD_NOT_CONNECT);
  });

  it('shows an order workflow\'s input decoded and answers its status query decoded', async () => {
    const store = await h.merchant('ui-order-shop', 'shopify');
    const ana = { id: 5101, email: 'ana.ui@example.com', phone: '+5493515550101', name: 'Ana Navegador' };
    expect((await h.webhook('shopify', store, 'orders/paid', shopifyOrder(ana))).status).toBe(202);
    await eventually(() => h.mail.to(ana.email).length === 1, 'the payment email');
    const page = await openPage();
    await page.goto(workflowPage(orderWorkflowId(store, String(ana.id))));
    const text = await pageText(page, '"ui-order-shop"', 'ui-order');
    expect(text).toMatch(/Input\s+\{\s+"store": "ui-order-shop",\s+"orderId": "5101"\s+\}/);
    expect(text).not.toContain(COULD_NOT_CONNECT);

    await page.getByText('Queries', { exact: true }).click();
    await page.getByRole('button', { name: 'Run Query' }).click();
    const queried = await pageText(page, ana.email, 'ui-query');
    expect(queried).toContain('"milestones"');
    expect(queried).not.toContain(COULD_NOT_CONNECT);
  });

  it('starts a workflow from the UI\'s Start Workflow form: the input encoded through the codec server, run by the worker', async () => {
    h.connections.register('ui-form-shop', { kind: 'woocommerce', url: 'https://ui-form-shop.example', consumerKey: 'ck_form', consumerSecret: 'cs_form' });
    const workflowId = `ui-form-${process.pid}`;
    const page = await openPage();
    await page.goto(`${devServer.uiUrl}/namespaces/default/workflows/start-workflow`);
    try {
      await page.getByLabel('Workflow ID').fill(workflowId);
      await page.getByLabel('Task Queue').fill(h.taskQueue);
      await page.getByLabel('Workflow Type').fill('checkConnections');
      // The input editor (CodeMirror): typed as a user pastes it, so no bracket is closed twice.
      await page.locator('.cm-content').first().click();
      await page.keyboard.insertText('{"connections": ["ui-form-shop"]}');
      // Out of the editor first, as a user moves to the button: the editor reformats the JSON when it loses focus.
      await page.getByText('Input', { exact: true }).click();
      await page.getByRole('button', { name: 'Start Workflow' }).click();
      await eventually(async () => (await env.client.workflow.getHandle(workflowId).describe().then((d) => d.status.name, () => 'absent')) === 'COMPLETED', 'the workflow started from the form');
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, 'ui-start-workflow.png'), fullPage: true });
    }

    const handle = env.client.workflow.getHandle(workflowId);
    expect(await handle.result()).toEqual([expect.objectContaining({ name: 'ui-form-shop', kind: 'woocommerce', ok: true })]);
    const input = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    // The UI sent the input through /codec/encode: history holds it encrypted with the project's key.
    expect(Buffer.from(input?.metadata?.encoding ?? new Uint8Array()).toString()).toBe('binary/encrypted');
    expect(codecRequests.some((r) => r.url.endsWith('/codec/encode') && r.status === 200)).toBe(true);
    const [decoded] = await new AesGcmPayloadCodec(testCodecKeys).decode([input as Payload]);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual({ connections: ['ui-form-shop'] });
  });
});
