import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatOrderStatus, orderStatus, replayMilestone } from '../../src/cli/orders';
import { LOG_RETENTION_DAYS, LOG_RETENTION_SCHEDULE_ID, ensureSchedules } from '../../src/runtime/schedules';
import { CommunicationLog } from '../../src/store/communication-log';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { recordHistory } from '../replay/record';
import { createDevEnv } from '../support/temporal';
import { eventually, INVALID_PHONE, orderHandle, PurchaseHarness, shopifyFulfillment } from './harness';

describe('SMS credits, provider outages, replays and the log retention (real Temporal dev server)', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  const handle = (store: string, orderId: number) => orderHandle(env, store, orderId);
  const shopper = (id: number, tag: string) => ({ id, email: `${tag}@example.com`, phone: `+54911555${String(id).padStart(5, '0')}`, name: `Shopper ${tag}` });
  const tracking = { company: 'Andreani', number: '360000000000001' };

  it('credits running out under concurrent dispatches: SMS within the balance, push or email for the rest, the merchant told once', async () => {
    const store = await h.merchant('sh-credits', 'shopify', {
      merchantEmail: 'owner@tiendasur.example',
      milestones: { dispatch: { enabled: true, channels: ['sms'] } },
    }, 3);
    const orders = Array.from({ length: 8 }, (_, i) => shopper(7001 + i, `credits${i}`));
    const accepted = await Promise.all(orders.map((o) => h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(o, 'success', tracking))));
    expect(accepted.map((r) => r.status)).toEqual(orders.map(() => 202));
    const results = await Promise.all(orders.map((o) => handle(store, o.id).result()));

    const bySms = orders.filter((o) => h.smsTo(o.phone).length === 1);
    const byEmail = orders.filter((o) => h.mail.to(o.email).length === 1);
    expect(bySms).toHaveLength(3);
    expect(byEmail).toHaveLength(5);
    expect(orders.every((o) => h.smsTo(o.phone).length + h.mail.to(o.email).length === 1)).toBe(true);
    expect(results.every((r) => r.milestones.dispatch.state === 'sent')).toBe(true);
    const fallback = results.find((r) => r.milestones.dispatch.channels.some((c) => c.status === 'fallback'));
    expect(fallback?.milestones.dispatch.channels.map((c) => c.status)).toEqual(['fallback', 'no-recipient', 'sent']);
    expect(h.mail.to('owner@tiendasur.example').map((m) => m.subject)).toEqual(['Tienda Sur: SMS credits exhausted']);
    expect(await new SmsCreditLedger(h.store).balance(store)).toMatchObject({ total: 0, exhaustedNoticePeriod: expect.any(String) });
  });

  it('an SMTP outage and Twilio 503s: the alert waits, retries, and arrives exactly once on each channel', async () => {
    const store = await h.merchant('sh-outage', 'shopify', {}, 5);
    const gus = shopper(8001, 'gus');
    await h.mail.stop();
    h.twilio.faults.failNext('503', 2);
    await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(gus, 'success', tracking));
    await eventually(async () => (await h.log(store)).filter((r) => r.channel === 'email' && r.status === 'retrying').length >= 1, 'a failed email attempt');
    await h.mail.start();
    const status = await handle(store, gus.id).result();

    expect(status.milestones.dispatch.state).toBe('sent');
    expect(h.mail.to(gus.email)).toHaveLength(1);
    expect(h.smsTo(gus.phone)).toHaveLength(1);
    const log = await h.log(store);
    expect(log.filter((r) => r.status === 'sent').map((r) => r.channel).sort()).toEqual(['email', 'sms']);
    expect(log.filter((r) => r.channel === 'sms' && r.status === 'retrying')).toHaveLength(2);
    // The failed SMS attempts gave their credit back: one SMS, one credit.
    expect((await new SmsCreditLedger(h.store).balance(store)).total).toBe(4);
  });

  it('a permanent failure is recorded and not retried; after the merchant fixes the setting, `orders replay` sends it', async () => {
    const store = await h.merchant('sh-replay', 'shopify', { connections: { email: 'mail', sms: 'no-such-sms', push: 'push' } }, 5);
    const ines = shopper(9001, 'ines');
    const bad = { ...shopper(9002, 'juan'), phone: INVALID_PHONE };
    await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(ines, 'success', tracking));
    await eventually(async () => (await orderStatus(env.client, store, String(ines.id))).milestones.dispatch.state === 'partly-sent', 'the SMS to fail');
    const before = await orderStatus(env.client, store, String(ines.id));
    expect(before.milestones.dispatch.channels.find((c) => c.channel === 'sms')).toMatchObject({ status: 'failed', detail: expect.stringContaining('misconfigured') });
    expect(formatOrderStatus(before)).toContain('dispatch   partly-sent');

    await expect(replayMilestone(env.client, store, String(ines.id), 'payment')).rejects.toThrow(/only a failed, partly sent or unknown alert can be replayed/);
    const settings = new MerchantSettingsRepository(h.store);
    await settings.put(store, { ...(await settings.get(store)), connections: { email: 'mail', sms: 'sms', push: 'push' } });
    const replayed = await replayMilestone(env.client, store, String(ines.id), 'dispatch');
    expect(replayed.state).toBe('sent');
    expect(h.smsTo(ines.phone)).toHaveLength(1);
    expect(h.mail.to(ines.email)).toHaveLength(1);
    expect((await handle(store, ines.id).result()).ended).toBe(true);

    // An invalid number is the provider's final word: recorded once, never retried.
    await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(bad, 'success', tracking));
    await eventually(async () => (await orderStatus(env.client, store, String(bad.id))).milestones.dispatch.state === 'partly-sent', 'the invalid number to fail');
    const rows = (await h.log(store)).filter((r) => r.order_id === String(bad.id) && r.channel === 'sms');
    expect(rows.map((r) => r.status)).toEqual(['failed']);
    expect(rows[0]?.error).toMatch(/^invalid-recipient: Twilio 21211/);
    await handle(store, bad.id).terminate('test done');
  });

  it('the retention schedule exists once, and the purge removes log rows older than 5 days', async () => {
    await ensureSchedules(env.client, h.taskQueue);
    await ensureSchedules(env.client, h.taskQueue);
    const schedule = await env.client.schedule.getHandle(LOG_RETENTION_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'purgeCommunicationLog' });

    const log = new CommunicationLog(h.store);
    const entry = { store: 'purge-shop', milestone: 'payment', channel: 'email', recipientMasked: 'ab***@example.com', status: 'sent', providerId: null, error: null };
    await log.record({ ...entry, orderId: 'old' });
    await h.store.updateTable('communication_log').set({ created_at: new Date(Date.now() - 6 * 86400_000) }).where('order_id', '=', 'old').execute();
    await log.record({ ...entry, orderId: 'recent' });
    await h.store.updateTable('communication_log').set({ created_at: new Date(Date.now() - 4 * 86400_000) }).where('order_id', '=', 'recent').execute();
    const result = await env.client.workflow.execute('purgeCommunicationLog', { taskQueue: h.taskQueue, workflowId: `purge-${h.taskQueue}`, args: [{ days: LOG_RETENTION_DAYS }] });
    await recordHistory(env.client.workflow.getHandle(`purge-${h.taskQueue}`), 'retention');
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await h.store.selectFrom('communication_log').select('order_id').where('store', '=', 'purge-shop').execute();
    expect(left.map((r) => r.order_id)).toEqual(['recent']);
    await env.client.schedule.getHandle(LOG_RETENTION_SCHEDULE_ID).delete();
  });
});
