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
