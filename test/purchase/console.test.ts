import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CommunicationLog } from '../../src/store/communication-log';
import { createDevEnv } from '../support/temporal';
import { eventually, OPERATOR_TOKEN, PurchaseHarness, shopifyOrder } from './harness';

const CHROMIUM = process.env.CUTOVER_TEST_CHROMIUM ?? '/usr/bin/chromium';

describe('the merchant console in headless Chromium: toggles, SMS credits and the communication log over the real stack', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  let browser: Browser;
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
    // We run as root in CI containers: Chromium's sandbox needs a user namespace we may not have.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await env?.teardown();
  });

  async function openPage(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (r) => requestedUrls.push(r.url()));
    page.on('dialog', (d) => void d.dismiss());
    return page;
  }

  const apiSettings = async (store: string) =>
    (await (await fetch(`${h.ingress.url}/api/stores/${store}/settings`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()) as {
      milestones: Record<string, { enabled: boolean; channels: string[] }>; nativeAlerts: Record<string, string[]>; quietHours: { start: string; end: string } | null;
    };

  it('flips toggles that the API then reports, tops up credits, and shows the log line of an order placed through a signed webhook', async () => {
    const store = await h.merchant('console-shop', 'shopify');
    const page = await openPage();
    await page.goto(`${h.ingress.url}/console/${store}#token=${encodeURIComponent(OPERATOR_TOKEN)}`);

    // The token is taken from the fragment once, kept in the tab, and erased from the address bar.
    await page.locator('#console').waitFor({ state: 'visible' });
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate('sessionStorage.getItem("cutover.operatorToken")')).toBe(OPERATOR_TOKEN);

    // The defaults as the harness saved them: payment by push and email, no SMS; quiet hours off.
    expect(await page.isChecked('#ch-payment-sms')).toBe(false);
    expect(await page.isChecked('#ch-payment-email')).toBe(true);
    expect(await page.isChecked('#quiet-enabled')).toBe(false);
    expect(await page.textContent('#credits-topup')).toBe('100');

    // Payment by SMS on, payment email off, the platform's own dispatch email skipped, quiet hours on.
    await page.check('#ch-payment-sms');
    await page.uncheck('#ch-payment-email');
    await page.check('#native-dispatch-email');
    await page.check('#quiet-enabled');
    await page.locator('#settings-status.ok').waitFor();
    await eventually(async () => {
      const s = await apiSettings(store);
      return s.milestones.payment?.channels.join() === 'push,sms' && s.nativeAlerts.dispatch?.join() === 'email' && s.quietHours !== null;
    }, 'the console\'s settings saved');
    expect((await apiSettings(store)).quietHours).toEqual({ start: '21:00', end: '08:00' });
    // Quiet hours would hold the SMS until morning: off again, through the page.
    await page.uncheck('#quiet-enabled');
    await eventually(async () => (await apiSettings(store)).quietHours === null, 'quiet hours off');

    // A top-up through the form.
    await page.fill('#topup-amount', '50');
    await page.click('#topup-form button');
    await page.locator('#credits-topup', { hasText: '150' }).waitFor();
    expect(await page.textContent('#credits-total')).toBe('150');

    // An order is paid: the shopper gets an SMS and no email, as the console said.
    const ana = { id: 3001, email: 'ana.console@example.com', phone: '+5493515550777', name: 'Ana Console' };
    expect((await h.webhook('shopify', store, 'orders/paid', shopifyOrder(ana))).status).toBe(202);
    await eventually(() => h.smsTo(ana.phone).length === 1, 'the payment SMS');
    await eventually(async () => (await h.log(store)).length >= 2, 'the log lines');
    expect(h.mail.to(ana.email)).toHaveLength(0);
    const sid = h.twilio.messages.find((m) => m.to === ana.phone)?.sid;
    // Twilio reports the delivery to the ingress (status callback): the log line shows it beside "sent".
    await eventually(async () => (await h.store.selectFrom('delivery_reports').select('status').where('provider_id', '=', sid ?? '').executeTakeFirst())?.status === 'delivered', 'Twilio\'s delivery report');

    await page.reload();
    const smsRow = page.locator('#log-rows tr', { hasText: 'sms' });
    await smsRow.waitFor();
    expect(await smsRow.locator('td').allTextContents()).toEqual([
      expect.any(String), '3001', 'payment', 'sms', '***0777', 'sent delivered', sid, '—',
    ]);
    expect(await page.locator('#log-rows tr', { hasText: 'push' }).locator('td').nth(5).textContent()).toBe('no-recipient');
    expect(await page.textContent('#credits-total')).toBe('149');
    await page.screenshot({ path: process.env.CUTOVER_CONSOLE_SCREENSHOT ?? '/tmp/console.png', fullPage: true });

    // The token never travelled in a URL.
    expect(requestedUrls.length).toBeGreaterThan(3);
    expect(requestedUrls.filter((u) => u.includes(OPERATOR_TOKEN) || u.includes(encodeURIComponent(OPERATOR_TOKEN)))).toEqual([]);
  });

  it('asks for the token, refuses a wrong one, and renders hostile values as text', async () => {
    const store = '<img src=x onerror="window.__xss=1">';
    await new CommunicationLog(h.store).record({
      store, orderId: '<script>window.__xss=2</script>', milestone: 'payment', channel: 'email', recipientMasked: '"><b>x</b>',
      status: 'failed', providerId: null, error: '<img src=x onerror="window.__xss=3">',
    });
    const page = await openPage();
    await page.goto(`${h.ingress.url}/console/${encodeURIComponent(store)}`);
    await page.locator('#auth').waitFor({ state: 'visible' });
    expect(await page.isHidden('#console')).toBe(true);

    await page.fill('#token', 'not-the-token');
    await page.click('#auth-form button');
    await page.locator('#auth-status', { hasText: 'refused' }).waitFor();
    expect(await page.evaluate('sessionStorage.getItem("cutover.operatorToken")')).toBeNull();

    await page.fill('#token', OPERATOR_TOKEN);
    await page.click('#auth-form button');
    await page.locator('#log-rows tr', { hasText: 'failed' }).waitFor();
    expect(await page.textContent('#store-name')).toBe(store);
    expect(await page.title()).toBe(`Cutover console · ${store}`);
    expect(await page.locator('#log-rows tr td').allTextContents()).toEqual(expect.arrayContaining(['<script>window.__xss=2</script>', '"><b>x</b>', '<img src=x onerror="window.__xss=3">']));
    expect(await page.locator('img, #log-rows b, #log-rows script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();

    // Signing out forgets the token.
    await page.click('#sign-out');
    await page.locator('#auth').waitFor({ state: 'visible' });
    expect(await page.evaluate('sessionStorage.getItem("cutover.operatorToken")')).toBeNull();
  });

  it('serves the page with a CSP that allows only its own inline script and style, and no store data in it', async () => {
    const res = await fetch(`${h.ingress.url}/console/console-shop`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self'/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain(OPERATOR_TOKEN);
    expect((await fetch(`${h.ingress.url}/console/%E0%A4%A`)).status).toBe(400);
  });
});
