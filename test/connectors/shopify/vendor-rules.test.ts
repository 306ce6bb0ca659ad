import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import type { WriteResult } from '../../../src/connectors/platforms/types';
import type { ShopifySimulator } from '../../../src/sandbox/shopify';
import { context, customer, simulatorWithAdapter } from './support';

/**
 * The adapter against rules Shopify publishes and the simulator enforces from Shopify's own schema and
 * documentation (issue 11): each of these failed on a real store while the old, lenient simulator let it pass.
 */

function okResult(result: WriteResult | undefined): Extract<WriteResult, { ok: true }> {
  if (!result?.ok) throw new Error(`write failed: ${JSON.stringify(result)}`);
  return result;
}

describe('Shopify consent: only SUBSCRIBED, UNSUBSCRIBED and PENDING may be sent', () => {
  let sim: ShopifySimulator;
  let adapter: ShopifyAdapter;
  beforeAll(async () => { ({ sim, adapter } = await simulatorWithAdapter()); });
  afterAll(async () => { await sim?.close(); });

  it('creates, re-runs and updates a customer who never subscribed, by email or SMS', async () => {
    // "Never subscribed" with a date (a platform that records when it asked), on both channels.
    const never = customer({
      sourceId: 'never', email: 'never@example.com', phone: '+5491155550111',
      emailMarketing: { state: 'not_subscribed', changedAt: '2024-02-01T10:00:00Z' }, smsMarketing: { state: 'not_subscribed', changedAt: '2024-02-01T10:00:00Z' },
    });
    const created = okResult((await adapter.upsertBatch('customers', [{ entity: never, targetId: null }], context()))[0]);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ emailMarketing: { state: 'not_subscribed' }, smsMarketing: { state: 'not_subscribed' } });

    // A re-run finds the customer by email; an update by id (smart update) writes the new name.
    expect(okResult((await adapter.upsertBatch('customers', [{ entity: never, targetId: null }], context()))[0])).toMatchObject({ targetId: created.targetId, created: false });
    const renamed = { ...never, firstName: 'Renamed' };
    expect(okResult((await adapter.upsertBatch('customers', [{ entity: renamed, targetId: created.targetId }], context()))[0]).created).toBe(false);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ firstName: 'Renamed', emailMarketing: { state: 'not_subscribed' }, smsMarketing: { state: 'not_subscribed' } });

    // Subscribing later is carried over; nothing ever sent NOT_SUBSCRIBED.
    const subscribed = { ...renamed, emailMarketing: { state: 'subscribed' as const, changedAt: '2024-06-01T10:00:00Z' } };
    okResult((await adapter.upsertBatch('customers', [{ entity: subscribed, targetId: created.targetId }], context()))[0]);
    expect(await adapter.get('customers', created.targetId)).toMatchObject({ emailMarketing: { state: 'subscribed', changedAt: '2024-06-01T10:00:00Z' } });
    expect(sim.state.documents().length).toBeGreaterThan(0);
  });
});
