import type { TestWorkflowEnvironment } from '@temporalio/testing';
import twilio from 'twilio';
import { smsStatusCallbackUrl } from '../../src/activities/purchase/connector-senders';
import type { LogEntry } from '../../src/ingress/purchase-api';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/sandbox/twilio';
import { CommunicationLog } from '../../src/store/communication-log';
import { createDevEnv } from '../support/temporal';
import { eventually, OPERATOR_TOKEN, orderHandle, PurchaseHarness, shopifyFulfillment, SMS_FROM } from './harness';

const UNREACHABLE = '+5491155559999';

describe('Twilio status callbacks → the ingress → the communication log', () => {
  let env: TestWorkflowEnvironment;
  let h: PurchaseHarness;
  let sms: TwilioSimulator;
  beforeAll(async () => {
    env = await createDevEnv();
    h = await new PurchaseHarness(env).start();
    // A Twilio account of its own, whose handset at UNREACHABLE never confirms (30003).
    sms = await startTwilioSimulator({ fromNumbers: [SMS_FROM], unreachableNumbers: [UNREACHABLE], statusStepMs: 5 });
    h.connections.register('sms-cb', { kind: 'twilio', accountSid: sms.accountSid, authToken: sms.authToken, from: SMS_FROM, endpoint: sms.url });
  });
  afterAll(async () => {
    await sms?.close();
    await h?.close();
    await env?.teardown();
  });

  const callbackUrl = () => `${h.ingress.url}/callbacks/twilio/sms-cb`;
  const log = async (store: string): Promise<LogEntry[]> =>
    (await (await fetch(`${h.ingress.url}/api/stores/${store}/log`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).json()) as LogEntry[];
  const smsRow = async (store: string, orderId: string) => (await log(store)).find((r) => r.channel === 'sms' && r.orderId === orderId);
  const post = (params: Record<string, string>, signature: string | null) => fetch(callbackUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(params).toString(),
  });

  async function dispatchBySms(store: string, id: number, phone: string): Promise<void> {
    const shopper = { id, email: `s${id}@example.com`, phone, name: 'Rosa Díaz' };
    const res = await h.webhook('shopify', store, 'fulfillments/update', shopifyFulfillment(shopper, 'success', { company: 'Andreani', number: `3600${id}` }));
    expect(res.status).toBe(202);
    await orderHandle(env, store, id).result();
  }

  it('a delivered SMS ends "delivered", an unreachable handset "undelivered" with 30003, each reported by signed callbacks', async () => {
    const store = await h.merchant('cb-shop', 'shopify', {
      connections: { email: 'mail', sms: 'sms-cb', push: 'push' },
      milestones: { payment: { enabled: false, channels: [] }, processing: { enabled: false, channels: [] }, dispatch: { enabled: true, channels: ['sms'] } },
    });
    await dispatchBySms(store, 8001, '+5491155558001');
    await dispatchBySms(store, 8002, UNREACHABLE);

    await eventually(async () => (await smsRow(store, '8001'))?.deliveryStatus === 'delivered', 'the delivered report');
    await eventually(async () => (await smsRow(store, '8002'))?.deliveryStatus === 'undelivered', 'the undelivered report');
    expect(await smsRow(store, '8001')).toMatchObject({ status: 'sent', deliveryStatus: 'delivered', deliveryError: null, deliveryUpdatedAt: expect.any(String) });
    expect(await smsRow(store, '8002')).toMatchObject({ status: 'sent', deliveryStatus: 'undelivered', deliveryError: '30003 Unreachable destination handset' });

    // The sender asked Twilio to report to the ingress (the connection has no statusCallbackUrl of its own), and
    // every callback was signed as Twilio's own SDK checks it, and accepted.
    const messages = sms.messages.filter((m) => m.to === '+5491155558001' || m.to === UNREACHABLE);
    expect(messages.map((m) => m.statusCallback)).toEqual([callbackUrl(), callbackUrl()]);
    const callbacks = messages.flatMap((m) => m.callbacks);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered', 'sent', 'undelivered']);
    expect(callbacks.every((c) => c.responseStatus === 200 && twilio.validateRequest(sms.authToken, c.signature, c.url, c.params))).toBe(true);
  });

  it('a forged or tampered callback gets 403 and changes nothing; a late "sent" never hides "delivered"', async () => {
    const row = await smsRow('cb-shop', '8001');
    const sid = row?.providerId as string;
    const forged = { AccountSid: sms.accountSid, MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30008' };
    expect((await post(forged, null)).status).toBe(403);
    expect((await post(forged, twilio.getExpectedTwilioSignature('not-the-auth-token', callbackUrl(), forged))).status).toBe(403);
    // Signed for other parameters: the signature covers every one of them.
    const signedForSent = twilio.getExpectedTwilioSignature(sms.authToken, callbackUrl(), { ...forged, MessageStatus: 'sent' });
    expect((await post(forged, signedForSent)).status).toBe(403);
    // Signed for another URL (another connection's route).
    expect((await post(forged, twilio.getExpectedTwilioSignature(sms.authToken, `${h.ingress.url}/callbacks/twilio/sms`, forged))).status).toBe(403);
    expect(await smsRow('cb-shop', '8001')).toMatchObject({ deliveryStatus: 'delivered', deliveryError: null });

    // A genuine but late callback (Twilio does not promise order) is accepted and leaves the later status.
    const late = { AccountSid: sms.accountSid, MessageSid: sid, MessageStatus: 'sent' };
    expect((await post(late, twilio.getExpectedTwilioSignature(sms.authToken, callbackUrl(), late))).status).toBe(200);
    expect(await smsRow('cb-shop', '8001')).toMatchObject({ deliveryStatus: 'delivered' });

    // Malformed: signed, but without the message's SID.
    const noSid = { AccountSid: sms.accountSid, MessageStatus: 'delivered' };
    expect((await post(noSid, twilio.getExpectedTwilioSignature(sms.authToken, callbackUrl(), noSid))).status).toBe(400);
    expect((await fetch(`${h.ingress.url}/callbacks/twilio/no-such-connection`, { method: 'POST' })).status).toBe(404);
  });

  it('a connection\'s own statusCallbackUrl wins; reports follow the log\'s 5-day retention', async () => {
    expect(smsStatusCallbackUrl('sms', 'https://hooks.example/twilio', 'https://ingress.example')).toBe('https://hooks.example/twilio');
    expect(smsStatusCallbackUrl('sms main', undefined, 'https://ingress.example/')).toBe('https://ingress.example/callbacks/twilio/sms%20main');

    const communications = new CommunicationLog(h.store);
    await communications.record({ store: 'cb-old', orderId: '1', milestone: 'dispatch', channel: 'sms', recipientMasked: '***0001', status: 'sent', providerId: 'SMold', error: null });
    await communications.recordDelivery({ providerId: 'SMold', connection: 'sms-cb', status: 'delivered', error: null });
    const sixDaysAgo = new Date(Date.now() - 6 * 86400_000);
    await h.store.updateTable('communication_log').set({ created_at: sixDaysAgo }).where('provider_id', '=', 'SMold').execute();
    await h.store.updateTable('delivery_reports').set({ updated_at: sixDaysAgo }).where('provider_id', '=', 'SMold').execute();
    expect(await communications.deleteOlderThan(5)).toBeGreaterThanOrEqual(1);
    expect(await h.store.selectFrom('delivery_reports').select('provider_id').where('provider_id', '=', 'SMold').execute()).toEqual([]);
    expect(await h.store.selectFrom('delivery_reports').select('provider_id').where('connection', '=', 'sms-cb').execute()).not.toEqual([]);
  });
});
