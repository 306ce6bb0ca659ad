import { ConnectionRegistry } from '../../src/config/secrets';
import { omnisendProvider } from '../../src/connectors/esp/omnisend';
import type { EspAccount } from '../../src/domain/esp/handoff';
import type { EspStepOutcome } from '../../src/domain/esp/steps';
import { type OmnisendSimulator, startOmnisendSimulator } from '../../src/sandbox/omnisend';
import { context, services } from './klaviyo-fixture';

describe('Omnisend handoff: old brand → new brand (REST v5 simulators)', () => {
  let oldBrand: OmnisendSimulator;
  let newBrand: OmnisendSimulator;
  beforeEach(async () => {
    oldBrand = await startOmnisendSimulator({ apiKey: 'old-key', requestsPerMinute: 100000 });
    newBrand = await startOmnisendSimulator({ apiKey: 'new-key', requestsPerMinute: 100000 });
  });
  afterEach(async () => {
    await oldBrand.close();
    await newBrand.close();
  });

  const account: EspAccount = {
    provider: 'omnisend', connection: 'omnisend-old', newConnection: 'omnisend-new',
    options: { engagementSegments: [{ segmentId: 'opened-7d', tag: 'engaged: opened email in the last 7 days' }] },
  };
  const connections = () => new ConnectionRegistry({
    'omnisend-old': { kind: 'omnisend', apiKey: 'old-key', endpoint: oldBrand.url },
    'omnisend-new': { kind: 'omnisend', apiKey: 'new-key', endpoint: newBrand.url },
  });

  function seed(): void {
    oldBrand.seed({
      firstName: 'Sub', tags: ['vip'], segments: ['opened-7d'],
      identifiers: [
        { type: 'email', id: 'sub@example.com', channels: { email: { status: 'subscribed', statusDate: '2024-03-01T10:00:00Z' } } },
        { type: 'phone', id: '+5511987654321', channels: { sms: { status: 'subscribed', statusDate: '2024-04-02T11:00:00Z' } } },
      ],
    });
    oldBrand.seed({ firstName: 'Unsub', identifiers: [{ type: 'email', id: 'unsub@example.com', channels: { email: { status: 'unsubscribed', statusDate: '2025-01-15T08:30:00Z' } } }] });
    oldBrand.seed({ firstName: 'Never', identifiers: [{ type: 'email', id: 'never@example.com', channels: { email: { status: 'nonSubscribed', statusDate: '2023-12-24T00:00:00Z' } } }] });
    // An address the old brand let in that no mail server would take: reported, never dropped in silence.
    oldBrand.seed({ firstName: 'Broken', identifiers: [{ type: 'email', id: 'broken@@example', channels: { email: { status: 'subscribed', statusDate: '2024-01-01T00:00:00Z' } } }] });
    for (let i = 0; i < 520; i += 1) {
      oldBrand.seed({ identifiers: [{ type: 'email', id: `bulk${i}@example.com`, channels: { email: { status: 'subscribed', statusDate: '2024-06-01T00:00:00Z' } } }] });
    }
  }

  async function runPrepare(): Promise<Record<string, EspStepOutcome | 'manual'>> {
    const out: Record<string, EspStepOutcome | 'manual'> = {};
    for (const step of omnisendProvider.steps('prepare', account)) {
      out[step.step] = step.run ? await step.run({ account, context: context('prepare'), services: services(connections(), {}) }) : 'manual';
    }
    return out;
  }

  it('tags engagement, copies every contact with exact statuses and dates across pages, reports the invalid one, and is idempotent', async () => {
    seed();
    const out = await runPrepare();
    expect(out['tag-engagement']).toMatchObject({ state: 'done', detail: 'opened-7d → "engaged: opened email in the last 7 days": 1 tagged, 0 already' });
    const copy = out['copy-contacts'] as EspStepOutcome;
    expect(copy.detail).toBe('523 contacts copied with their statuses and dates; 1 rejected, 0 copied without an invalid identifier');
    expect(copy.rejected).toEqual([{ id: `contact ${oldBrand.contacts[3]?.contactID}`, reason: 'invalid email "broken@@example"' }]);
    expect(newBrand.contacts).toHaveLength(523);

    const find = (email: string) => newBrand.contacts.find((c) => c.identifiers.some((i) => i.id === email));
    expect(find('sub@example.com')?.identifiers).toEqual([
      { type: 'email', id: 'sub@example.com', channels: { email: { status: 'subscribed', statusDate: '2024-03-01T10:00:00Z' } } },
      { type: 'phone', id: '+5511987654321', channels: { sms: { status: 'subscribed', statusDate: '2024-04-02T11:00:00Z' } } },
    ]);
    expect(find('sub@example.com')?.tags).toEqual(['vip', 'engaged: opened email in the last 7 days']);
    expect(find('unsub@example.com')?.identifiers[0]?.channels.email).toEqual({ status: 'unsubscribed', statusDate: '2025-01-15T08:30:00Z' });
    expect(find('never@example.com')?.identifiers[0]?.channels.email).toEqual({ status: 'nonSubscribed', statusDate: '2023-12-24T00:00:00Z' });
    // 524 contacts at 250 a page: three pages read from the old brand.
    expect(oldBrand.calls.filter((c) => c === 'GET /v5/contacts').length).toBeGreaterThanOrEqual(3);
    expect(['automations', 'templates', 'invoices', 'reports'].map((s) => out[s])).toEqual(['manual', 'manual', 'manual', 'manual']);

    const again = await runPrepare();
    expect(newBrand.contacts).toHaveLength(523);
    expect(again['tag-engagement']).toMatchObject({ detail: 'opened-7d → "engaged: opened email in the last 7 days": 0 tagged, 1 already' });
  });

  it('waits out a short 429 inline; repeated throttling is transient with its Retry-After; a missing new brand is permanent', async () => {
    seed();
    newBrand.failNext('429', 1);
    await runPrepare();
    expect(newBrand.contacts).toHaveLength(523);
    oldBrand.failNext('429', 6);
    const step = omnisendProvider.steps('prepare', account).find((s) => s.step === 'copy-contacts');
    const error = await step?.run?.({ account, context: context('prepare'), services: services(connections(), {}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
    expect(() => omnisendProvider.steps('prepare', { ...account, newConnection: undefined })).toThrow(/newConnection is required/);
  });
});
