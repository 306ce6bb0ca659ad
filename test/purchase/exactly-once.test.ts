import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatOrderStatus } from '../../src/cli/orders';
import { ALERT_SEND_RETENTION_DAYS } from '../../src/store/alert-sends';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { orderStatusQuery, replayMilestoneUpdate } from '../../src/workflows/purchase/messages';
import { createDevEnv } from '../support/temporal';
import { eventually, INVALID_PHONE, OPERATOR_TOKEN, orderHandle, PurchaseHarness, shopifyFulfillment, shopifyOrder } from './harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every alert reaches each recipient once: a send is claimed in the store before the provider is called,
 * an answer that never comes is an unknown outcome a person decides on (never an automatic resend), and
 * the record outlives the 5-day communication log.
 */
describe('purchase alerts are sent exactly once', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  beforeAll(async () => {
    env = await createDevEnv();
    // A short Twilio client timeout, so a request Twilio never answers ends in a second, not thirty.
    h = await new PurchaseHarness(env).start({ twilioTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('a Twilio timeout after Twilio accepted the message sends no second SMS: the outcome is unknown until a person replays it', async () => {
    const store = await h.merchant('eo-hang', 'shopify', { milestones: { dispatch: { enabled: true, channels: ['sms', 'email'] } } }, 10);
    const ana = { id: 7101, email: 'ana.hang@example.com', phone: '+5491155557101', name: 'Ana Paz' };
    h.twilio.faults.failNext('accept-then-hang');
    await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(ana, 'success', { company: 'Andreani', number: '360000007101' }));
    const handle = orderHandle(env, store, ana.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).milestones.dispatch.state === 'unknown', 'the dispatch alert in doubt');
    // Longer than the client's timeout and the activity's first retry interval: nothing sends it again.
    await pause(4000);
    expect(h.smsTo(ana.phone)).toHaveLength(1);
    expect(h.mail.to(ana.email)).toHaveLength(1);

    const status = await handle.query(orderStatusQuery);
    expect(status.milestones.dispatch.channels).toEqual(expect.arrayContaining([
      expect.objectContaining({ channel: 'sms', status: 'unknown' }), expect.objectContaining({ channel: 'email', status: 'sent' }),
    ]));
    expect(formatOrderStatus(status)).toContain(`cutover orders replay ${store} ${ana.id} dispatch`);
    expect((await h.log(store)).map((r) => [r.channel, r.status])).toContainEqual(['sms', 'unknown']);
    // It may have gone out: its credit stays spent (a debit, no refund).
    expect((await new SmsCreditLedger(h.store).entries(store)).map((e) => e.kind)).toEqual(['debit', 'topup']);

    // A person checked with Twilio and decided to send it again: only the SMS goes, once.
    const replayed = await handle.executeUpdate(replayMilestoneUpdate, { args: ['dispatch'] });
    expect(replayed.state).toBe('sent');
    expect(h.smsTo(ana.phone)).toHaveLength(2);
    expect(h.mail.to(ana.email)).toHaveLength(1);
  });

  it('a connection reset after Twilio created the message is not retried either', async () => {
    const store = await h.merchant('eo-reset', 'shopify', { milestones: { payment: { enabled: true, channels: ['sms'] } } }, 10);
    const ben = { id: 7201, email: 'ben.reset@example.com', phone: '+5491155557201', name: 'Ben Ruiz' };
    h.twilio.faults.failNext('accept-then-reset');
    await h.webhook('shopify', store, 'orders/paid', shopifyOrder(ben));
    const handle = orderHandle(env, store, ben.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).milestones.payment.state === 'unknown', 'the payment alert in doubt');
    await pause(3000);
    expect(h.smsTo(ben.phone)).toHaveLength(1);

    // The console lists it for a person, who sends it again through the operator API (the console's button).
    const api = (path: string, init: RequestInit = {}) => fetch(`${h.ingress.url}/api/stores/${store}/${path}`, { ...init, headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(await (await api('alerts/unknown')).json()).toEqual([expect.objectContaining({ orderId: String(ben.id), milestone: 'payment', channel: 'sms' })]);
    const replayed = await api(`orders/${ben.id}/replay`, { method: 'POST', body: JSON.stringify({ milestone: 'payment' }) });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ state: 'sent' });
    expect(h.smsTo(ben.phone)).toHaveLength(2);
    expect(await (await api('alerts/unknown')).json()).toEqual([]);
    // Nothing left to replay: the workflow refuses, and says why.
    const again = await api(`orders/${ben.id}/replay`, { method: 'POST', body: JSON.stringify({ milestone: 'payment' }) });
    expect(again.status).toBe(409);
    await handle.terminate('test done');
  });

  it('a push retry does not resend to a browser that already got it', async () => {
    const store = await h.merchant('eo-push', 'shopify', { milestones: { payment: { enabled: true, channels: ['push'] } } });
    const bea = { id: 7301, email: 'bea.push@example.com', phone: '+5491155557301', name: 'Bea Sosa' };
    const laptop = await h.subscribe(store, bea.email);
    const phone = await h.subscribe(store, bea.email);
    // The phone's push service node is down for one request: the laptop gets it, the phone on the retry.
    h.push.faults.failNextFor(phone, '503');
    await h.webhook('shopify', store, 'orders/paid', shopifyOrder(bea));
    const handle = orderHandle(env, store, bea.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).milestones.payment.state === 'sent', 'the payment alert sent');
    expect(h.pushesTo(laptop)).toHaveLength(1);
    expect(h.pushesTo(phone)).toHaveLength(1);
    expect((await h.log(store)).filter((r) => r.status === 'sent')).toHaveLength(2);
    await handle.terminate('test done');
  });

  it('an order older than the 5-day log still never gets a second alert: a replay after the purge resends only what failed', async () => {
    const store = await h.merchant('eo-old', 'shopify', { milestones: { payment: { enabled: true, channels: ['email', 'sms'] } } });
    const cora = { id: 7401, email: 'cora.old@example.com', phone: INVALID_PHONE, name: 'Cora Vega' };
    await h.webhook('shopify', store, 'orders/paid', shopifyOrder(cora));
    const handle = orderHandle(env, store, cora.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).milestones.payment.state === 'partly-sent', 'email sent, SMS refused');
    expect(h.mail.to(cora.email)).toHaveLength(1);

    // Six days pass: the log's retention purges the order's lines; the send records stay.
    const sixDaysAgo = new Date(Date.now() - 6 * 86400_000);
    await h.store.updateTable('communication_log').set({ created_at: sixDaysAgo }).where('store', '=', store).execute();
    await h.store.updateTable('alert_sends').set({ created_at: sixDaysAgo, updated_at: sixDaysAgo }).where('store', '=', store).execute();
    const purged = await env.client.workflow.execute('purgeCommunicationLog', { args: [{ days: 5 }], taskQueue: h.taskQueue, workflowId: `purge-${store}` });
    expect(purged).toMatchObject({ deleted: expect.any(Number) });
    expect(await h.log(store)).toHaveLength(0);
    expect(ALERT_SEND_RETENTION_DAYS).toBeGreaterThan(365);

    // The merchant replays the partly sent alert: the email that went out six days ago does not go again.
    const replayed = await handle.executeUpdate(replayMilestoneUpdate, { args: ['payment'] });
    expect(replayed.state).toBe('partly-sent');
    expect(h.mail.to(cora.email)).toHaveLength(1);
    await handle.terminate('test done');
  });

  it('two replays at the same moment: one sends, the other is refused', async () => {
    const store = await h.merchant('eo-replays', 'shopify', { milestones: { payment: { enabled: true, channels: ['sms'] } } }, 10);
    const dora = { id: 7501, email: 'dora.replays@example.com', phone: '+5491155557501', name: 'Dora Gil' };
    h.twilio.faults.failNext('accept-then-reset');
    await h.webhook('shopify', store, 'orders/paid', shopifyOrder(dora));
    const handle = orderHandle(env, store, dora.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).milestones.payment.state === 'unknown', 'the payment alert in doubt');
    expect(h.smsTo(dora.phone)).toHaveLength(1);

    const results = await Promise.allSettled([
      handle.executeUpdate(replayMilestoneUpdate, { args: ['payment'] }),
      handle.executeUpdate(replayMilestoneUpdate, { args: ['payment'] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    // The original (in doubt) and one replay: never two replays.
    expect(h.smsTo(dora.phone)).toHaveLength(2);
    await handle.terminate('test done');
  });
});
