import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { orderStatusQuery } from '../../src/workflows/purchase/messages';
import { createTimeSkippingEnv } from '../support/temporal';
import { eventually, orderHandle, PurchaseHarness, shopifyFulfillment, wooOrder } from './harness';

const HOUR = 3600_000;
const utcClock = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

describe('durable timers of the purchase alerts on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    h = await new PurchaseHarness(env).start();
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('in quiet hours the email goes at once and the SMS waits on a durable timer until they end', async () => {
    const now = await env.currentTimeMs();
    // Quiet hours around the server's "now", in UTC: they end three hours later (the shopper's morning).
    const store = await h.merchant('sh-quiet', 'shopify', { quietHours: { start: utcClock(now - HOUR), end: utcClock(now + 3 * HOUR) }, timeZone: 'UTC' });
    const lucia = { id: 1101, email: 'lucia@example.com', phone: '+5491155551101', name: 'Lucía Paz' };
    await h.webhook('shopify', store, 'fulfillments/create', shopifyFulfillment(lucia, 'success', { company: 'Andreani', number: '360000000001101' }));
    await eventually(() => h.mail.to(lucia.email).length === 1, 'the email, outside the quiet-hours rule');
    expect(h.smsTo(lucia.phone)).toHaveLength(0);

    const handle = orderHandle(env, store, lucia.id);
    const status = await handle.result();
    expect(status.milestones.dispatch.state).toBe('sent');
    expect(h.smsTo(lucia.phone)).toHaveLength(1);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(now + 3 * HOUR - 2 * 60_000);
    const timers = (await handle.fetchHistory()).events?.filter((e) => e.timerStartedEventAttributes) ?? [];
    const waitedSeconds = timers.map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0));
    expect(Math.max(...waitedSeconds)).toBeGreaterThanOrEqual(3 * 3600 - 120);
  });

  it('quiet hours follow the shopper\'s zone, from the shipping address: Madrid\'s night waits, Buenos Aires\' day does not', async () => {
    const now = await env.currentTimeMs();
    const madrid = (ms: number): string => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
    // Quiet hours around Madrid's "now", ending three hours later there. The store is in Buenos Aires, four or
    // five hours behind Madrid: outside those hours on its own clock.
    const store = await h.merchant('sh-shopper-zone', 'shopify', {
      quietHours: { start: madrid(now - HOUR), end: madrid(now + 3 * HOUR) }, timeZone: 'America/Argentina/Buenos_Aires',
      milestones: { dispatch: { enabled: true, channels: ['sms', 'email'] } },
    });
    const tomas = { id: 1401, email: 'tomas@example.com', phone: '+5491155551401', name: 'Tomás Ibarra' };
    const elena = { id: 1402, email: 'elena@example.es', phone: '+34600001402', name: 'Elena Ruiz' };
    const shipped = (o: typeof tomas, address: Record<string, string>) => {
      const fulfillment = shopifyFulfillment(o, 'success', { company: 'Andreani', number: `3600000000${o.id}` });
      return { ...fulfillment, destination: { ...(fulfillment.destination as Record<string, unknown>), ...address } };
    };
    await h.webhook('shopify', store, 'fulfillments/create', shipped(tomas, { country_code: 'AR', province_code: 'C' }));
    await h.webhook('shopify', store, 'fulfillments/create', shipped(elena, { country_code: 'ES', province_code: 'M' }));
    // In the store's (and Tomás') daytime his SMS goes at once; Elena's waits for her morning.
    expect((await orderHandle(env, store, tomas.id).result()).milestones.dispatch.state).toBe('sent');
    expect(h.smsTo(tomas.phone)).toHaveLength(1);
    await eventually(() => h.mail.to(elena.email).length === 1, 'Elena\'s email, which quiet hours never hold');
    expect(h.smsTo(elena.phone)).toHaveLength(0);

    const handle = orderHandle(env, store, elena.id);
    expect((await handle.result()).milestones.dispatch.state).toBe('sent');
    expect(h.smsTo(elena.phone)).toHaveLength(1);
    const timers = (await handle.fetchHistory()).events?.filter((e) => e.timerStartedEventAttributes) ?? [];
    const waitedSeconds = timers.map((e) => Number(e.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0));
    expect(Math.max(...waitedSeconds)).toBeGreaterThanOrEqual(3 * 3600 - 120);
  });

  it('a dispatch without tracking code waits for it, then is skipped or sent without it, as the merchant chose', async () => {
    const skip = await h.merchant('woo-skip', 'woocommerce', { missingTracking: { waitMinutes: 120, then: 'skip' } });
    const without = await h.merchant('woo-without', 'woocommerce', { missingTracking: { waitMinutes: 120, then: 'send-without' } });
    const mara = { id: 1201, email: 'mara@example.com', phone: '+5491155551201', name: 'Mara Vidal' };
    const nico = { id: 1202, email: 'nico@example.com', phone: '+5491155551202', name: 'Nico Ríos' };
    await h.webhook('woocommerce', skip, 'order.updated', wooOrder(mara, 'completed'));
    await h.webhook('woocommerce', without, 'order.updated', wooOrder(nico, 'completed'));
    // One result() at a time: each unlocks time skipping while it waits, and two at once drive the server's lock
    // count below zero, after which it skips time even while a workflow task is in flight (the task times out).
    const skipped = await orderHandle(env, skip, mara.id).result();
    const sent = await orderHandle(env, without, nico.id).result();

    expect(skipped.milestones.dispatch.state).toBe('no-tracking');
    expect(h.mail.to(mara.email)).toHaveLength(0);
    expect(h.smsTo(mara.phone)).toHaveLength(0);
    expect(sent.milestones.dispatch.state).toBe('sent');
    expect(h.mail.to(nico.email)[0]?.text).not.toContain('Tracking code');
    expect(h.smsTo(nico.phone)).toEqual(['Nico, your order #1202 has been dispatched.']);
  });

  it('a tracking code that arrives during the wait goes out with the alert', async () => {
    const store = await h.merchant('woo-late-code', 'woocommerce', { missingTracking: { waitMinutes: 24 * 60, then: 'skip' } });
    const olga = { id: 1301, email: 'olga@example.com', phone: '+5491155551301', name: 'Olga Soto' };
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(olga, 'completed'));
    const handle = orderHandle(env, store, olga.id);
    await eventually(async () => (await handle.query(orderStatusQuery)).eventsSeen === 1, 'the first event');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.mail.to(olga.email)).toHaveLength(0);
    await h.webhook('woocommerce', store, 'order.updated', wooOrder(olga, 'completed', { tracking: { provider: 'Correo Argentino', number: 'CA000001301AR' } }));
    const status = await handle.result();
    expect(status.milestones.dispatch.state).toBe('sent');
    expect(h.mail.to(olga.email)[0]?.text).toContain('Tracking code: CA000001301AR (Correo Argentino)');
  });
});
