import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import type { ChannelSenders } from '../../src/activities/purchase/channel-senders';
import { type AlertRequest, createPurchaseActivities } from '../../src/activities/purchase/purchase-activities';
import { ChannelError } from '../../src/connectors/channels';
import { AlertSendRepository } from '../../src/store/alert-sends';
import { openStore, type Store } from '../../src/store/database';
import { MerchantSettingsRepository } from '../../src/store/merchant-settings';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';

/**
 * When SMS credits go back: only when the provider definitely did not take the message, to the bucket they
 * came from; never when the SMS went out and only recording it failed; a refund that fails is an error the
 * activity reports (and settles on its next attempt), not a swallowed exception.
 */
describe('SMS credits around the provider call', () => {
  let store: Store;
  let ledger: SmsCreditLedger;
  let sms: ChannelSenders['sms'];
  const calls: string[] = [];
  beforeAll(async () => {
    store = await openStore({});
    ledger = new SmsCreditLedger(store);
  });
  afterAll(async () => { await store?.destroy(); });

  const activities = () => createPurchaseActivities({
    store,
    publicUrl: 'http://127.0.0.1:8080',
    channels: {
      email: async () => ({ providerId: 'mail-1' }),
      push: async () => ({ providerId: null }),
      sms: (connection, message) => {
        calls.push(message.to);
        return sms(connection, message);
      },
    },
    notifyMerchant: async () => undefined,
  });

  async function merchant(name: string, tier: 'starter' | 'free', topUp: number): Promise<void> {
    const saved = await new MerchantSettingsRepository(store).put(name, { storeName: 'Tienda Sur', quietHours: null, connections: { sms: 'sms' } });
    if (!saved.ok) throw new Error(saved.problems.join('; '));
    await ledger.setTier(name, tier);
    if (topUp > 0) await ledger.topUp(name, topUp);
  }

  const request = (storeName: string, phone: string): AlertRequest => ({
    store: storeName, orderId: phone.slice(-4), milestone: 'payment', channel: 'sms',
    order: { number: '1', shopperName: 'Ana', email: null, phone, timeZone: null, delivery: 'carrier', carrier: null, trackingCode: null, trackingUrl: null, cancelled: false },
  });
  const run = (r: AlertRequest) => new MockActivityEnvironment().run(activities().sendMilestoneAlert, r);

  it('a message the provider refused gives its credits back to the bucket that paid: the month\'s allowance here', async () => {
    await merchant('rf-refused', 'starter', 10);
    sms = async () => { throw new ChannelError('invalid-recipient', 'Twilio 21211: invalid To', { provider: 'twilio', providerCode: 21211 }); };
    expect(await run(request('rf-refused', '+5491100000001'))).toMatchObject({ status: 'failed' });
    expect(await ledger.balance('rf-refused')).toMatchObject({ allowanceLeft: 500, topupBalance: 10 });
    expect((await ledger.entries('rf-refused')).map((e) => [e.kind, e.allowanceCredits, e.topupCredits])).toEqual([['refund', 1, 0], ['debit', 1, 0], ['topup', 0, 10]]);
  });

  it('a message throttled or refused for now gives its credits back, and the retry debits again', async () => {
    await merchant('rf-throttled', 'free', 3);
    sms = async () => { throw new ChannelError('rate-limited', 'Twilio 20429', { provider: 'twilio', providerCode: 20429 }); };
    await expect(run(request('rf-throttled', '+5491100000002'))).rejects.toMatchObject({ code: 'rate-limited' });
    expect(await ledger.balance('rf-throttled')).toMatchObject({ topupBalance: 3 });
    sms = async () => ({ providerId: 'SM1', segments: 1 });
    expect(await run(request('rf-throttled', '+5491100000002'))).toMatchObject({ status: 'sent', detail: 'SM1' });
    expect(await ledger.balance('rf-throttled')).toMatchObject({ topupBalance: 2 });
  });

  it('an SMS that went out keeps its credits even when recording it failed, and is never sent again', async () => {
    await merchant('rf-record', 'free', 3);
    calls.length = 0;
    sms = async () => {
      // The store refuses the "sent" record from now on (a broken write after the provider took the SMS).
      await store.schema.alterTable('alert_sends').addCheckConstraint('no_sent_for_rf_record', sql`status <> 'sent' or store <> 'rf-record'`).execute();
      return { providerId: 'SM2', segments: 1 };
    };
    await expect(run(request('rf-record', '+5491100000003'))).rejects.toThrow(/no_sent_for_rf_record/);
    expect(await ledger.balance('rf-record')).toMatchObject({ topupBalance: 2 });
    expect((await ledger.entries('rf-record')).map((e) => e.kind)).not.toContain('refund');
    // Temporal retries the activity: the send is found held by the cut-off attempt, in doubt, not sent again.
    expect(await run(request('rf-record', '+5491100000003'))).toMatchObject({ status: 'unknown' });
    expect(calls).toEqual(['+5491100000003']);
    await store.schema.alterTable('alert_sends').dropConstraint('no_sent_for_rf_record').execute();
  });

  it('a refund that fails is reported by the activity and settled by its next attempt', async () => {
    await merchant('rf-refund-fails', 'free', 3);
    sms = async () => {
      await store.schema.alterTable('sms_credit_entries').addCheckConstraint('no_refunds_now', sql`kind <> 'refund' or store <> 'rf-refund-fails'`).execute();
      throw new ChannelError('invalid-recipient', 'Twilio 21211: invalid To', { provider: 'twilio', providerCode: 21211 });
    };
    await expect(run(request('rf-refund-fails', '+5491100000004'))).rejects.toMatchObject({ type: 'SmsRefundFailed' });
    expect(await ledger.balance('rf-refund-fails')).toMatchObject({ topupBalance: 2 });
    const [row] = await new AlertSendRepository(store).forOrder('rf-refund-fails', '0004');
    expect(row).toMatchObject({ status: 'failed' });
    await store.schema.alterTable('sms_credit_entries').dropConstraint('no_refunds_now').execute();
    // The retry settles the refund it owes, and calls no one.
    calls.length = 0;
    expect(await run(request('rf-refund-fails', '+5491100000004'))).toMatchObject({ status: 'failed' });
    expect(calls).toEqual([]);
    expect(await ledger.balance('rf-refund-fails')).toMatchObject({ topupBalance: 3 });
  });
});
