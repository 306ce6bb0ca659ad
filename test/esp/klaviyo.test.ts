import { klaviyoProvider } from '../../src/connectors/esp/klaviyo';
import { EspError } from '../../src/connectors/esp/errors';
import { rewriteTemplateTags } from '../../src/connectors/esp/klaviyo/template-tags';
import type { EspStepOutcome } from '../../src/domain/esp/steps';
import type { EspHandoffPhase } from '../../src/domain/esp/handoff';
import { type KlaviyoSimulator, startKlaviyoSimulator } from '../../src/sandbox/klaviyo';
import { context, KLAVIYO_KEY, klaviyoAccount, klaviyoConnections, oldStore, seedKlaviyo, services } from './klaviyo-fixture';

describe('Klaviyo handoff against the Klaviyo simulator (official SDK)', () => {
  let sim: KlaviyoSimulator;
  let seeded: ReturnType<typeof seedKlaviyo>;
  beforeEach(async () => {
    sim = await startKlaviyoSimulator({ apiKey: KLAVIYO_KEY, limits: { burstPerSecond: 1000, steadyPerMinute: 10000 } });
    seeded = seedKlaviyo(sim);
  });
  afterEach(() => sim.close());

  async function runPhase(phase: EspHandoffPhase, options: Record<string, unknown> = {}): Promise<Record<string, EspStepOutcome | 'manual'>> {
    const account = klaviyoAccount(options);
    const svc = services(klaviyoConnections(sim), { 'old-shop': oldStore() });
    const out: Record<string, EspStepOutcome | 'manual'> = {};
    for (const step of klaviyoProvider.steps(phase, account)) {
      out[step.step] = step.run ? await step.run({ account, context: context(phase), services: svc }) : 'manual';
    }
    return out;
  }

  it('prepare: finds new metrics, backfills history, twins flows, welcome series and segments as drafts; a second run changes nothing', async () => {
    const out = await runPhase('prepare');
    expect(out['new-integration']).toMatchObject({ state: 'done' });
    expect((out['new-integration'] as EspStepOutcome).detail).toContain('Placed Order');

    // History: 9 old orders + a guest order without email, which is reported rather than dropped.
    const history = out['historical-orders'] as EspStepOutcome;
    expect(history.state).toBe('done');
    expect(history.detail).toContain('sent 9 Placed Order events');
    expect(history.rejected).toEqual([{ id: 'order G-1', reason: 'no email: Klaviyo needs a profile identifier' }]);
    const shopPlaced = seeded.shop['Placed Order']!;
    const backfilled = sim.account.events.filter((e) => e.metricId === shopPlaced.id && e.backfill);
    expect(backfilled).toHaveLength(9);
    expect(new Set(backfilled.map((e) => e.uniqueId)).size).toBe(9);

    expect(out['new-data-syncing']).toMatchObject({ state: 'done' });
    const onsite = out['onsite-tracking'] as EspStepOutcome;
    expect(onsite.state).toBe('checklist');
    expect(onsite.detail).toBe('not flowing yet: Active on Site');
    expect(onsite.checklist?.[0]?.id).toBe('klaviyo:onsite-tracking');
    expect(out['signup-forms']).toBe('manual');

    // Flows: twins on the Shopify metrics, in draft, filters remapped, templates rewritten.
    const twin = sim.account.flows.find((f) => f.name === 'Abandoned Cart [Shopify]');
    expect(twin?.status).toBe('draft');
    const definition = JSON.stringify(twin?.definition);
    expect(definition).toContain(seeded.shop['Started Checkout']!.id);
    expect(definition).toContain(shopPlaced.id);
    expect(definition).not.toContain(seeded.woo['Started Checkout']!.id);
    expect(definition).not.toContain(seeded.woo['Placed Order']!.id);
    const actions = twin?.definition.actions as { type: string; data: { status?: string; message?: { template_id?: string } } }[];
    expect(actions.map((x) => x.type)).toEqual(['time-delay', 'send-email']);
    expect(actions[1]?.data.status).toBe('draft');
    const copy = sim.account.templates.find((t) => t.id === actions[1]?.data.message?.template_id);
    expect(copy?.name).toBe('Abandoned cart email [Shopify]');
    expect(copy?.html).toContain('{{ event.extra.checkout_url }}');
    expect(copy?.html).toContain('{% for item in event.extra.line_items %}');
    expect(copy?.html).toContain('{{ item.product.title }}');
    expect(copy?.html).not.toMatch(/event\.Items|CheckoutURL|ProductName/);

    const flows = out['twin-flows'] as EspStepOutcome;
    expect(flows.detail).toBe('3 flows on WooCommerce metrics: 2 twins created (draft), 0 already twinned, 1 need a person');
    const ids = flows.checklist?.map((c) => c.id) ?? [];
    expect(ids).toContain(`klaviyo:flow-clone:${seeded.flows.scripted.id}`);
    expect(flows.checklist?.find((c) => c.id.startsWith('klaviyo:flow-clone'))?.title).toContain('Scripted VIP');
    // The thank-you template used a tag with no Shopify equivalent: a person reviews it.
    expect(ids).toContain(`klaviyo:flow-tags:${seeded.flows.postPurchase.id}`);
    expect(sim.account.flows.some((f) => f.name === 'Scripted VIP [Shopify]')).toBe(false);

    // Welcome series: twinned with "Placed Order zero times over all time" on the new metric.
    const welcome = sim.account.flows.find((f) => f.name === 'Welcome Series [Shopify]');
    expect(welcome?.status).toBe('draft');
    expect(welcome?.definition.profile_filter).toEqual({ condition_groups: [{ conditions: [{
      type: 'profile-metric', metric_id: shopPlaced.id, measurement: 'count',
      measurement_filter: { type: 'numeric', operator: 'equals', value: 0 }, timeframe_filter: { type: 'date', operator: 'alltime' },
    }] }] });

    // Segments: only the one on an old metric is twinned.
    expect(sim.account.segments.map((s) => s.name)).toEqual(['Repeat buyers', 'VIPs', 'Repeat buyers [Shopify]']);
    expect(JSON.stringify(sim.account.segments[2]?.definition)).toContain(shopPlaced.id);

    // Idempotent: a second prepare creates nothing and sends no duplicate events.
    const flowsBefore = sim.account.flows.length;
    const templatesBefore = sim.account.templates.length;
    const again = await runPhase('prepare');
    expect(sim.account.flows).toHaveLength(flowsBefore);
    expect(sim.account.templates).toHaveLength(templatesBefore);
    expect(sim.account.segments).toHaveLength(3);
    expect((again['historical-orders'] as EspStepOutcome).state).toBe('skipped');
    expect((again['twin-flows'] as EspStepOutcome).detail).toContain('0 twins created (draft), 2 already twinned, 1 need a person');
  });

  it('go-live: twins go live and the old flows go to draft; deactivate keeps them off and lists what the API cannot do', async () => {
    await runPhase('prepare');
    const live = await runPhase('go-live');
    expect(live['switch-flows']).toMatchObject({ state: 'done', detail: '3 twins live, 3 old flows in draft' });
    const status = (name: string) => sim.account.flows.find((f) => f.name === name)?.status;
    expect(status('Abandoned Cart [Shopify]')).toBe('live');
    expect(status('Welcome Series [Shopify]')).toBe('live');
    expect(status('Abandoned Cart')).toBe('draft');
    expect(status('Welcome Series')).toBe('draft');
    // The flow no API could twin stays as it was: its checklist item says to clone it by hand.
    expect(status('Scripted VIP')).toBe('live');
    const off = await runPhase('deactivate');
    expect(off['old-flows-off']).toMatchObject({ state: 'done' });
    expect(off['disable-old-integration']).toBe('manual');
  });

  it('waits (for the poll) while the new integration has no metrics', async () => {
    sim.account.metrics.splice(0, sim.account.metrics.length, ...sim.account.metrics.filter((m) => m.integration.key !== 'shopify'));
    const step = klaviyoProvider.steps('prepare', klaviyoAccount()).find((s) => s.step === 'new-integration');
    const outcome = await step?.run?.({ account: klaviyoAccount(), context: context('prepare'), services: services(klaviyoConnections(sim), {}) });
    expect(outcome).toMatchObject({ state: 'waiting' });
    expect(step?.poll?.deadline).toBe('3 days');
  });

  it('classifies a 429 as transient with its Retry-After, a bad key and a bad option as permanent', async () => {
    sim.failNext('429');
    const step = klaviyoProvider.steps('go-live', klaviyoAccount())[0];
    const run = async (account = klaviyoAccount(), connections = klaviyoConnections(sim)) => step?.run?.({ account, context: context('go-live'), services: services(connections, {}) });
    const throttled = await run().catch((e: unknown) => e) as EspError;
    expect(throttled).toBeInstanceOf(EspError);
    expect(throttled).toMatchObject({ retryable: true, status: 429, retryAfterMs: 1000 });
    const { ConnectionRegistry } = await import('../../src/config/secrets');
    const wrongKey = new ConnectionRegistry({ 'klaviyo-main': { kind: 'klaviyo', privateApiKey: 'pk_wrong', endpoint: sim.url } });
    expect(await run(klaviyoAccount(), wrongKey).catch((e: unknown) => e)).toMatchObject({ retryable: false, status: 401 });
    expect(() => klaviyoProvider.steps('prepare', klaviyoAccount({ syncDeadlne: '1 day' }))).toThrow(/options\.\(root\): Unrecognized key: "syncDeadlne"|syncDeadlne/);
  });

  it('the simulator enforces the revision header and validates bodies against the OpenAPI spec', async () => {
    const headers = { Authorization: `Klaviyo-API-Key ${KLAVIYO_KEY}`, 'Content-Type': 'application/vnd.api+json' };
    const noRevision = await fetch(`${sim.url}/api/flows`, { headers });
    expect(noRevision.status).toBe(400);
    const bad = await fetch(`${sim.url}/api/flows`, { method: 'POST', headers: { ...headers, revision: '2026-07-15' }, body: JSON.stringify({ data: { type: 'flow', attributes: { name: 'x', definition: { triggers: [], actions: [{ type: 'time-delay', data: { unit: 'hours' } }], entry_action_id: null } } } }) });
    expect(bad.status).toBe(400);
    const body = await bad.json() as { errors: { source: { pointer: string } }[] };
    expect(body.errors[0]?.source.pointer).toBe('/data/attributes/definition/actions/0/data/value');
  });

  it('rewrites template tags both ways with the same table', () => {
    const there = rewriteTemplateTags('{{ event.CheckoutURL }} {% for item in event.Items %}{{ item.ProductName }}{% endfor %}', 'woocommerce', 'shopify');
    expect(there.html).toBe('{{ event.extra.checkout_url }} {% for item in event.extra.line_items %}{{ item.product.title }}{% endfor %}');
    expect(rewriteTemplateTags(there.html, 'shopify', 'woocommerce').html).toBe('{{ event.CheckoutURL }} {% for item in event.Items %}{{ item.ProductName }}{% endfor %}');
    expect(rewriteTemplateTags('<p>event.Items outside a tag</p>', 'woocommerce', 'shopify').replaced).toBe(0);
  });
});
