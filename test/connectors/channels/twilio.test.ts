import twilio from 'twilio';
import { createTwilioChannel, EndpointRequestClient } from '../../../src/connectors/channels/twilio';
import type { ConnectionOf } from '../../../src/domain/connections';
import { countSmsSegments } from '../../../src/domain/sms-segments';
import { startTwilioSimulator, type TwilioSimulator } from '../../../src/sandbox/twilio';
import { CallbackListener, channelFailure } from './support';

const FROM = '+15550001111';
const INVALID = '+15005550001';
const UNSUBSCRIBED = '+5511900000000';
const UNREACHABLE = '+5511911111111';

describe('Twilio SMS channel against the Twilio simulator', () => {
  let sim: TwilioSimulator;
  let listener: CallbackListener;

  beforeAll(async () => {
    sim = await startTwilioSimulator({ invalidNumbers: [INVALID], unsubscribedNumbers: [UNSUBSCRIBED], fromNumbers: [FROM], unreachableNumbers: [UNREACHABLE], statusStepMs: 5 });
    listener = await new CallbackListener().start();
  });

  afterAll(async () => {
    await sim.close();
    await listener.close();
  });

  afterEach(() => sim.faults.clear());

  const connection = (): ConnectionOf<'twilio'> => ({
    kind: 'twilio', accountSid: sim.accountSid, authToken: sim.authToken, from: FROM, statusCallbackUrl: listener.url, endpoint: sim.url,
  });
  const channel = () => createTwilioChannel(connection(), { authToken: sim.authToken });

  it('sends through the SDK, returns SID, status and segments, and receives signed status callbacks', async () => {
    const body = `Seu pedido #1001 foi enviado. Rastreio: BR123456789 ${'.'.repeat(120)}`;
    const receipt = await channel().send({ to: '+5511987654321', body });

    expect(receipt.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(receipt.status).toBe('queued');
    expect(receipt.segments).toBe(2);
    expect(receipt.segments).toBe(countSmsSegments(body).segments);
    const recorded = sim.messages.find((m) => m.sid === receipt.providerId);
    expect(recorded).toMatchObject({ to: '+5511987654321', from: FROM, body, numSegments: 2, statusCallback: listener.url });

    await listener.waitForStatus(String(receipt.providerId), 'delivered');
    const mine = listener.received.filter((c) => c.params.MessageSid === receipt.providerId);
    expect(mine.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const callback of mine) {
      const signature = callback.headers['x-twilio-signature'];
      expect(typeof signature).toBe('string');
      // The SDK's own validator, not the simulator's signer, judges the signature.
      expect(twilio.validateRequest(sim.authToken, String(signature), callback.url, callback.params)).toBe(true);
      expect(twilio.validateRequest('another-token', String(signature), callback.url, callback.params)).toBe(false);
      expect(callback.params).toMatchObject({ AccountSid: sim.accountSid, To: '+5511987654321', From: FROM, ApiVersion: '2010-04-01' });
    }
  });

  it('counts a message with an emoji in UCS-2 segments, as the simulator bills it', async () => {
    const body = `📦 ${'Seu pedido está a caminho. '.repeat(3)}`;
    const receipt = await channel().send({ to: '+5511987654322', body });
    expect(receipt.segments).toBe(countSmsSegments(body).segments);
    expect(receipt.segments).toBe(2);
  });

  it('serves the message back by SID with the status it reached', async () => {
    const receipt = await channel().send({ to: '+5511987654323', body: 'Pagamento aprovado' });
    await listener.waitForStatus(String(receipt.providerId), 'delivered');
    const client = twilio(sim.accountSid, sim.authToken, { httpClient: new EndpointRequestClient(sim.url) });
    const fetched = await client.messages(String(receipt.providerId)).fetch();
    expect(fetched).toMatchObject({ sid: receipt.providerId, status: 'delivered', numSegments: '1', price: null, direction: 'outbound-api' });
  });

  it('reports a handset that never confirms as undelivered with error 30003 in the callback', async () => {
    const receipt = await channel().send({ to: UNREACHABLE, body: 'Pedido enviado' });
    const sid = String(receipt.providerId);
    await listener.waitForStatus(sid, 'undelivered');
    const last = listener.received.filter((c) => c.params.MessageSid === sid).at(-1);
    expect(last?.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(sim.messages.find((m) => m.sid === sid)).toMatchObject({ status: 'undelivered', errorCode: 30003 });
  });

  it('rejects an invalid number with 21211 as a permanent invalid-recipient', async () => {
    const error = await channelFailure(channel().send({ to: INVALID, body: 'Pedido enviado' }));
    expect(error).toMatchObject({ permanent: true, code: 'invalid-recipient', providerCode: 21211, provider: 'twilio' });
    const notE164 = await channelFailure(channel().send({ to: '11987654321', body: 'Pedido enviado' }));
    expect(notE164).toMatchObject({ permanent: true, code: 'invalid-recipient', providerCode: 21211 });
  });

  it('rejects an unsubscribed recipient with 21610 as permanent', async () => {
    const error = await channelFailure(channel().send({ to: UNSUBSCRIBED, body: 'Pedido enviado' }));
    expect(error).toMatchObject({ permanent: true, code: 'unsubscribed', providerCode: 21610 });
  });

  it('rejects a wrong auth token with 20003 as a permanent auth failure', async () => {
    const error = await channelFailure(createTwilioChannel(connection(), { authToken: 'f'.repeat(32) }).send({ to: '+5511987654321', body: 'x' }));
    expect(error).toMatchObject({ permanent: true, code: 'auth', providerCode: 20003 });
  });

  it('reports injected 5xx and 429 as transient, and a connection reset after the request left as an unknown outcome', async () => {
    sim.faults.failNext('500');
    expect(await channelFailure(channel().send({ to: '+5511987654321', body: 'x' }))).toMatchObject({ permanent: false, code: 'provider-down', providerCode: 20500 });
    sim.faults.failNext('429');
    expect(await channelFailure(channel().send({ to: '+5511987654321', body: 'x' }))).toMatchObject({ permanent: false, code: 'rate-limited', providerCode: 20429 });
    // A reset after the POST was written: Twilio may have created the message, so it is not a retryable failure.
    sim.faults.failNext('reset');
    expect(await channelFailure(channel().send({ to: '+5511987654321', body: 'x' }))).toMatchObject({ permanent: false, code: 'outcome-unknown' });
  });

  it('answers the published error body for a missing Body (21602) and an unknown SID (20404)', async () => {
    const auth = `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;
    const base = `${sim.url}/2010-04-01/Accounts/${sim.accountSid}`;
    const created = await fetch(`${base}/Messages.json`, {
      method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ To: '+5511987654321', From: FROM }).toString(),
    });
    expect(created.status).toBe(400);
    expect(await created.json()).toEqual({ code: 21602, message: 'Message body is required.', more_info: 'https://www.twilio.com/docs/errors/21602', status: 400 });
    const missing = await fetch(`${base}/Messages/SM${'0'.repeat(32)}.json`, { headers: { Authorization: auth } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 20404, status: 404 });
    const unauthenticated = await fetch(`${base}/Messages.json`, { method: 'POST' });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ code: 20003, status: 401 });
  });
});
