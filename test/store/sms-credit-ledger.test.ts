import { openStore, type Store } from '../../src/store/database';
import { CommunicationLog, maskRecipient } from '../../src/store/communication-log';
import { SmsCreditLedger } from '../../src/store/sms-credit-ledger';
import { freshPostgresDatabase } from '../support/postgres';

const backends: [string, () => Promise<Store>][] = [
  ['PGlite', () => openStore({})],
  ['PostgreSQL', async () => openStore({ url: await freshPostgresDatabase() })],
];

describe.each(backends)('SMS credits and the communication log on %s', (_name, open) => {
  let store: Store;
  beforeAll(async () => { store = await open(); });
  afterAll(async () => { await store?.destroy(); });

  it('never goes below zero under concurrent sends', async () => {
    const ledger = new SmsCreditLedger(store);
    await ledger.topUp('shop-a', 20);
    const results = await Promise.all(Array.from({ length: 50 }, () => ledger.debit('shop-a', 1)));
    expect(results.filter(Boolean)).toHaveLength(20);
    expect((await ledger.balance('shop-a')).total).toBe(0);
  });

  it('spends the month\'s allowance before top-ups, and restarts the allowance each month', async () => {
    let now = new Date('2026-11-10T12:00:00Z');
    const ledger = new SmsCreditLedger(store, () => now);
    await ledger.setTier('shop-b', 'starter');
    await ledger.topUp('shop-b', 10);
    expect(await ledger.debit('shop-b', 498)).toBe(true);
    expect(await ledger.debit('shop-b', 3)).toBe(true);
    expect(await ledger.balance('shop-b')).toMatchObject({ allowanceLeft: 0, topupBalance: 9, total: 9 });
    expect(await ledger.debit('shop-b', 10)).toBe(false);
    now = new Date('2026-12-01T00:00:01Z');
    expect(await ledger.balance('shop-b')).toMatchObject({ period: '2026-12', allowanceLeft: 500, topupBalance: 9 });
  });

  it('refunds return to the bucket each credit came from, once, and credits never go negative, under concurrency', async () => {
    const ledger = new SmsCreditLedger(store);
    await ledger.topUp('shop-e', 20);
    await store.updateTable('sms_credits').set({ monthly_allowance: 30 }).where('store', '=', 'shop-e').execute();
    // 80 sends race for 50 credits: 30 from the month's allowance, then 20 from the top-up.
    const debits = Array.from({ length: 80 }, (_, i) => `sms:e:${i}`);
    const taken = await Promise.all(debits.map((reference) => ledger.debit('shop-e', 1, reference)));
    expect(taken.filter(Boolean)).toHaveLength(50);
    expect(await ledger.balance('shop-e')).toMatchObject({ allowanceLeft: 0, topupBalance: 0, total: 0 });
    const entries = await ledger.entries('shop-e');
    const debited = entries.filter((e) => e.kind === 'debit');
    expect(debited.reduce((n, e) => n + e.allowanceCredits, 0)).toBe(30);
    expect(debited.reduce((n, e) => n + e.topupCredits, 0)).toBe(20);

    // Half the SMS are refused by the provider: each refund requested twice at once (a retried activity),
    // while 40 new sends race for whatever comes back.
    const refused = debited.filter((_, i) => i % 2 === 0);
    const results = await Promise.all([
      ...refused.flatMap((e) => [ledger.refund('shop-e', e.reference), ledger.refund('shop-e', e.reference)]),
      ...Array.from({ length: 40 }, (_, i) => ledger.debit('shop-e', 1, `sms:e:late-${i}`)),
    ]);
    const refunds = results.slice(0, refused.length * 2) as Awaited<ReturnType<SmsCreditLedger['refund']>>[];
    expect(refunds.filter((r) => r.status === 'refunded')).toHaveLength(refused.length);
    expect(refunds.filter((r) => r.status === 'already-refunded')).toHaveLength(refused.length);
    const after = await ledger.entries('shop-e', 1000);
    for (const debit of refused) {
      const refund = after.find((e) => e.kind === 'refund' && e.refundOf === debit.reference);
      expect(refund).toMatchObject({ allowanceCredits: debit.allowanceCredits, topupCredits: debit.topupCredits, lapsedCredits: 0 });
    }
    // Every bucket adds up from its entries, and nothing went below zero.
    const sum = (kind: string, pick: (e: (typeof after)[number]) => number) => after.filter((e) => e.kind === kind).reduce((n, e) => n + pick(e), 0);
    const balance = await ledger.balance('shop-e');
    expect(balance.topupBalance).toBe(sum('topup', (e) => e.topupCredits) - sum('debit', (e) => e.topupCredits) + sum('refund', (e) => e.topupCredits));
    expect(30 - balance.allowanceLeft).toBe(sum('debit', (e) => e.allowanceCredits) - sum('refund', (e) => e.allowanceCredits));
    expect(balance.allowanceLeft).toBeGreaterThanOrEqual(0);
    expect(balance.topupBalance).toBeGreaterThanOrEqual(0);
    expect(balance.total).toBe(0);
  });

  it('a refund goes to the allowance when the allowance paid, not to the top-up; last month\'s allowance lapses', async () => {
    let now = new Date('2026-11-20T12:00:00Z');
    const ledger = new SmsCreditLedger(store, () => now);
    await ledger.setTier('shop-f', 'starter');
    await ledger.topUp('shop-f', 5, 'topup:f:1');
    expect((await ledger.topUp('shop-f', 5, 'topup:f:1')).topupBalance).toBe(5);
    expect(await ledger.debit('shop-f', 2, 'sms:f:1')).toBe(true);
    expect(await ledger.debit('shop-f', 2, 'sms:f:1')).toBe(true);
    expect(await ledger.balance('shop-f')).toMatchObject({ allowanceLeft: 498, topupBalance: 5 });
    expect(await ledger.refund('shop-f', 'sms:f:1')).toEqual({ status: 'refunded', allowanceCredits: 2, topupCredits: 0, lapsedCredits: 0 });
    expect(await ledger.balance('shop-f')).toMatchObject({ allowanceLeft: 500, topupBalance: 5 });
    expect(await ledger.refund('shop-f', 'sms:f:missing')).toEqual({ status: 'no-debit' });

    expect(await ledger.debit('shop-f', 3, 'sms:f:2')).toBe(true);
    now = new Date('2026-12-01T08:00:00Z');
    expect(await ledger.refund('shop-f', 'sms:f:2')).toEqual({ status: 'refunded', allowanceCredits: 0, topupCredits: 0, lapsedCredits: 3 });
    expect(await ledger.balance('shop-f')).toMatchObject({ period: '2026-12', allowanceLeft: 500, topupBalance: 5 });
  });

  it('tells the merchant once per month that credits ran out', async () => {
    const ledger = new SmsCreditLedger(store);
    await ledger.balance('shop-c');
    expect(await ledger.markExhaustedNotice('shop-c')).toBe(true);
    expect(await ledger.markExhaustedNotice('shop-c')).toBe(false);
  });

  it('logs communications with masked recipients and purges old ones', async () => {
    const log = new CommunicationLog(store);
    await log.record({ store: 'shop-d', orderId: '1', milestone: 'payment', channel: 'email', recipientMasked: maskRecipient('florencia@example.com'), status: 'sent', providerId: 'm1', error: null });
    await store.updateTable('communication_log').set({ created_at: new Date(Date.now() - 6 * 86400_000) }).execute();
    await log.record({ store: 'shop-d', orderId: '2', milestone: 'dispatch', channel: 'sms', recipientMasked: maskRecipient('+54 9 11 5555-0123'), status: 'sent', providerId: 'SM1', error: null });
    expect((await log.recent('shop-d')).map((r) => r.recipientMasked)).toEqual(['***0123']);
    expect(await log.deleteOlderThan(5)).toBeGreaterThanOrEqual(1);
    expect(await log.findSent('shop-d', '2', 'dispatch', 'sms')).toMatchObject({ providerId: 'SM1' });
    expect(maskRecipient('florencia@example.com')).toBe('fl***@example.com');
  });
});
