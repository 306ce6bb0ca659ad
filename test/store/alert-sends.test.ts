import { ALERT_SEND_RETENTION_DAYS, AlertSendRepository, INTERRUPTED } from '../../src/store/alert-sends';
import { openStore, type Store } from '../../src/store/database';
import { freshPostgresDatabase } from '../support/postgres';

const backends: [string, () => Promise<Store>][] = [
  ['PGlite', () => openStore({})],
  ['PostgreSQL', async () => openStore({ url: await freshPostgresDatabase() })],
];

describe.each(backends)('the exactly-once record of alert sends on %s', (_name, open) => {
  let store: Store;
  let sends: AlertSendRepository;
  beforeAll(async () => {
    store = await open();
    sends = new AlertSendRepository(store);
  });
  afterAll(async () => { await store?.destroy(); });

  const key = (orderId: string, recipient = 'ana@example.com') => ({ store: 'shop', orderId, milestone: 'payment', channel: 'email', recipient });

  it('of many simultaneous claims of one send, exactly one may call the provider', async () => {
    const claims = await Promise.all(Array.from({ length: 20 }, () => sends.claim(key('1'), { recipientMasked: 'an***@example.com' })));
    expect(claims.filter((c) => c.kind === 'go')).toHaveLength(1);
    // The others found it held by an attempt that may be talking to the provider: in doubt, never sent.
    expect(claims.filter((c) => c.kind === 'unknown')).toHaveLength(19);
  });

  it('a sent alert stays sent; a refusal for now can be claimed again; a refusal for good cannot', async () => {
    const first = await sends.claim(key('2'), { recipientMasked: null });
    if (first.kind !== 'go') throw new Error('expected to own the send');
    await sends.markSent(first.id, 'msg-1');
    expect(await sends.claim(key('2'), { recipientMasked: null })).toMatchObject({ kind: 'sent', providerId: 'msg-1' });
    expect(await sends.claim(key('2'), { recipientMasked: null, replay: 1 })).toMatchObject({ kind: 'sent' });

    const throttled = await sends.claim(key('3'), { recipientMasked: null });
    if (throttled.kind !== 'go') throw new Error('expected to own the send');
    await sends.release(throttled.id, '429');
    expect(await sends.claim(key('3'), { recipientMasked: null })).toMatchObject({ kind: 'go', attempt: 2 });

    const refused = await sends.claim(key('4'), { recipientMasked: null });
    if (refused.kind !== 'go') throw new Error('expected to own the send');
    await sends.markFailed(refused.id, 'invalid-recipient');
    expect(await sends.claim(key('4'), { recipientMasked: null })).toMatchObject({ kind: 'failed', error: 'invalid-recipient' });
  });

  it('an attempt cut off mid-call leaves the send unknown; a person\'s replay reopens it once, however often its activity retries', async () => {
    const cut = await sends.claim(key('5'), { recipientMasked: null });
    expect(cut.kind).toBe('go');
    // The activity's retry finds the send still held: the provider may have it.
    expect(await sends.claim(key('5'), { recipientMasked: null })).toMatchObject({ kind: 'unknown', error: INTERRUPTED });
    expect((await sends.unknown('shop')).map((r) => r.orderId)).toContain('5');
    const replay = await sends.claim(key('5'), { recipientMasked: null, replay: 1 });
    expect(replay).toMatchObject({ kind: 'go', attempt: 2 });
    if (replay.kind !== 'go') throw new Error('unreachable');
    await sends.markUnknown(replay.id, 'timeout');
    // The replay's activity retried (its result was lost): the same replay number reopens nothing.
    expect(await sends.claim(key('5'), { recipientMasked: null, replay: 1 })).toMatchObject({ kind: 'unknown', error: 'timeout' });
    expect(await sends.claim(key('5'), { recipientMasked: null, replay: 2 })).toMatchObject({ kind: 'go', attempt: 3 });
  });

  it('each recipient is its own send (each browser of a push)', async () => {
    const a = await sends.claim({ ...key('6', 'https://push.example/a'), channel: 'push' }, { recipientMasked: null });
    const b = await sends.claim({ ...key('6', 'https://push.example/b'), channel: 'push' }, { recipientMasked: null });
    expect([a.kind, b.kind]).toEqual(['go', 'go']);
    expect((await sends.forOrder('shop', '6')).map((r) => r.status)).toEqual(['sending', 'sending']);
  });

  it('keeps the records far beyond the log\'s 5 days, for longer than any order lives', async () => {
    const old = await sends.claim(key('7'), { recipientMasked: null });
    if (old.kind !== 'go') throw new Error('expected to own the send');
    await sends.markSent(old.id, 'm7');
    await store.updateTable('alert_sends').set({ updated_at: new Date(Date.now() - 30 * 86400_000) }).where('order_id', '=', '7').execute();
    expect(await sends.deleteOlderThan(ALERT_SEND_RETENTION_DAYS)).toBe(0);
    expect(await sends.claim(key('7'), { recipientMasked: null })).toMatchObject({ kind: 'sent' });
  });
});
