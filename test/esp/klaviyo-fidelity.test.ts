import { klaviyoProvider } from '../../src/connectors/esp/klaviyo';
import { EspError } from '../../src/connectors/esp/errors';
import type { EspStepOutcome } from '../../src/domain/esp/steps';
import { type KlaviyoSimulator, type KlaviyoSimulatorOptions, startKlaviyoSimulator } from '../../src/sandbox/klaviyo';
import { context, dragAndDropCartDefinition, KLAVIYO_KEY, klaviyoAccount, klaviyoConnections, oldStore, seedKlaviyo, services } from './klaviyo-fixture';

/**
 * Where Klaviyo's published spec disagreed with the adapter and a lenient simulator let it pass (issue 11,
 * items 10 and 13): create-template's editor rules, page sizes and cursors of list calls, the daily cap
 * on creating flows and segments. Each rule is checked on the simulator by raw HTTP, then on the adapter.
 */
const headers = { Authorization: `Klaviyo-API-Key ${KLAVIYO_KEY}`, 'Content-Type': 'application/vnd.api+json', revision: '2026-07-15' };
type ErrorDoc = { errors: { code: string; detail: string; source: { pointer?: string; parameter?: string } }[] };

describe('Klaviyo simulator and adapter against the spec (templates, pages, daily caps)', () => {
  let sim: KlaviyoSimulator;
  const start = async (options: KlaviyoSimulatorOptions = {}) => {
    sim = await startKlaviyoSimulator({ apiKey: KLAVIYO_KEY, limits: { burstPerSecond: 1000, steadyPerMinute: 100000 }, ...options });
    return seedKlaviyo(sim);
  };
  afterEach(() => sim.close());

  const post = (path: string, body: unknown) => fetch(`${sim.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const get = (path: string) => fetch(`${sim.url}${path}`, { headers });
  const createTemplate = (attributes: Record<string, unknown>) => post('/api/templates', { data: { type: 'template', attributes } });
  const firstError = async (res: Response) => ((await res.json()) as ErrorDoc).errors[0];
  /** The definition as a client sends it: without the read-only ids Klaviyo fills in. */
  const writableDefinition = () => JSON.parse(JSON.stringify(dragAndDropCartDefinition(), (key, value: unknown) => (['data_id', 'universal_id', 'template_id', 'cropping_properties'].includes(key) ? undefined : value))) as Record<string, unknown>;
  function stripIds(value: unknown, parent: string | null = null): unknown {
    if (Array.isArray(value)) return value.map((v) => stripIds(v, parent));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'id' || parent === 'properties').map(([k, v]) => [k, stripIds(v, k)]));
  }

  async function runStep(phase: 'prepare', stepName: string, options: Record<string, unknown> = {}): Promise<EspStepOutcome> {
    const account = klaviyoAccount(options);
    const step = klaviyoProvider.steps(phase, account).find((s) => s.step === stepName);
    if (!step?.run) throw new Error(`no step ${stepName}`);
    return step.run({ account, context: context(phase), services: services(klaviyoConnections(sim), { 'old-shop': oldStore() }) });
  }

  describe('create-template editor rules (item 10)', () => {
    it('the simulator refuses what the spec refuses: other editor types, html on SYSTEM_DRAGGABLE, no definition, read-only ids, styles not one of each', async () => {
      await start();
      const simple = await createTemplate({ name: 'Rich text', editor_type: 'SIMPLE', html: '<p>hi</p>' });
      expect(simple.status).toBe(400);
      expect((await firstError(simple))?.source.pointer).toBe('/data/attributes/editor_type');

      const codeWithoutHtml = await createTemplate({ name: 'Code', editor_type: 'CODE' });
      expect(codeWithoutHtml.status).toBe(400);
      expect((await firstError(codeWithoutHtml))?.source.pointer).toBe('/data/attributes/html');

      const dndWithHtml = await createTemplate({ name: 'DnD', editor_type: 'SYSTEM_DRAGGABLE', html: '<p>hi</p>' });
      expect(dndWithHtml.status).toBe(400);
      expect(await firstError(dndWithHtml)).toMatchObject({ code: 'invalid', source: { pointer: '/data/attributes/html' } });

      const dndWithoutDefinition = await createTemplate({ name: 'DnD', editor_type: 'SYSTEM_DRAGGABLE' });
      expect(dndWithoutDefinition.status).toBe(400);
      expect((await firstError(dndWithoutDefinition))?.detail).toMatch(/definition is required for SYSTEM_DRAGGABLE/);

      const withReadOnlyIds = await createTemplate({ name: 'DnD', editor_type: 'SYSTEM_DRAGGABLE', definition: dragAndDropCartDefinition() });
      expect(withReadOnlyIds.status).toBe(400);
      expect((await firstError(withReadOnlyIds))?.detail).toMatch(/read-only/);

      const definition = stripIds(writableDefinition()) as { styles: unknown[] };
      const fewStyles = await createTemplate({ name: 'DnD', editor_type: 'SYSTEM_DRAGGABLE', definition: { ...definition, styles: definition.styles.slice(0, 7) } });
      expect(fewStyles.status).toBe(400);
      expect((await firstError(fewStyles))?.detail).toMatch(/exactly one of each style type; missing: mobile-styles/);

      const created = await createTemplate({ name: 'DnD', editor_type: 'SYSTEM_DRAGGABLE', definition });
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { data: { id: string } }).data.id;
      // The definition comes back only when asked for; the html is rendered from it.
      const plain = (await (await get(`/api/templates/${id}`)).json()) as { data: { attributes: Record<string, unknown> } };
      expect(plain.data.attributes.definition).toBeUndefined();
      expect(plain.data.attributes.html).toContain('Finish checkout');
      const full = (await (await get(`/api/templates/${id}?additional-fields[template]=definition`)).json()) as { data: { attributes: { definition: unknown } } };
      expect(full.data.attributes.definition).toEqual(definition);
      expect((await get(`/api/templates/${id}?additional-fields[template]=html`)).status).toBe(400);
    });

    it('a flow whose email is a drag-and-drop template is twinned with a drag-and-drop copy; a rich-text one becomes CODE and is listed', async () => {
      const seeded = await start();
      const a = sim.account;
      const dnd = a.addTemplate('Browse reminder', '<html>rendered</html>', 'SYSTEM_DRAGGABLE', dragAndDropCartDefinition());
      const richText = a.addTemplate('Plain note', '<p>Still looking at {{ event.ProductName }}?</p>', 'SIMPLE');
      const flow = a.addFlow('Browse Abandonment', {
        triggers: [{ type: 'metric', id: seeded.woo['Viewed Product']!.id }],
        actions: [
          { temporary_id: 'dnd', type: 'send-email', links: { next: 'note' }, data: { status: 'live', message: { name: 'Reminder', subject_line: 'Still thinking?', template_id: dnd.id } } },
          { temporary_id: 'note', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Note', subject_line: 'A note', template_id: richText.id } } },
        ],
        entry_action_id: 'dnd',
      }, 'live');

      const outcome = await runStep('prepare', 'twin-flows');
      expect(outcome.detail).toContain('3 twins created (draft)');

      const copy = sim.account.templates.find((t) => t.name === 'Browse reminder [Shopify]');
      expect(copy?.editor_type).toBe('SYSTEM_DRAGGABLE');
      const text = JSON.stringify(copy?.definition);
      // Tags rewritten inside the definition's blocks; the read-only ids left for Klaviyo to fill in.
      expect(text).toContain('{{ event.extra.checkout_url }}');
      expect(text).toContain('event.extra.line_items|map:\\"title\\"');
      expect(text).not.toMatch(/CheckoutURL|ItemNames|"BODY1"|"SEC1"|"B1"|data_id|universal_id/);
      expect((copy?.definition?.body as { properties: { id: string } }).properties.id).toBe('cart-email');
      const note = sim.account.templates.find((t) => t.name === 'Plain note [Shopify]');
      expect(note).toMatchObject({ editor_type: 'CODE', html: '<p>Still looking at {{ event.Name }}?</p>' });
      expect(outcome.checklist?.map((c) => c.id)).toContain(`klaviyo:flow-template-editor:${flow.id}`);

      const twin = sim.account.flows.find((f) => f.name === 'Browse Abandonment [Shopify]');
      const templateIds = (twin?.definition.actions as { data: { message: { template_id: string } } }[]).map((x) => x.data.message.template_id);
      expect(templateIds).toEqual([copy?.id, note?.id]);
    });
  });

  describe('page sizes and cursors (item 13)', () => {
    it('the simulator pages templates 10 at a time, refuses page[size] out of the spec range and a cursor it did not issue', async () => {
      await start();
      for (let i = 0; i < 10; i += 1) sim.account.addTemplate(`Filler ${i}`, '<p>x</p>');
      const tooBig = await get('/api/templates?page[size]=100');
      expect(tooBig.status).toBe(400);
      expect(await firstError(tooBig)).toMatchObject({ code: 'invalid', source: { parameter: 'page[size]' } });
      expect((await get('/api/segments?page[size]=11')).status).toBe(400);
      expect((await get('/api/flows?page[size]=51')).status).toBe(400);
      expect((await get('/api/events?page[size]=0')).status).toBe(400);

      const first = (await (await get('/api/templates')).json()) as { data: unknown[]; links: { next: string | null } };
      expect(first.data).toHaveLength(10);
      expect(first.links.next).toMatch(/page%5Bcursor%5D=|page\[cursor\]=/);
      const second = (await (await fetch(first.links.next as string, { headers })).json()) as { data: unknown[]; links: { next: string | null } };
      expect(second.data).toHaveLength(2);
      expect(second.links.next).toBeNull();
      const forged = await get(`/api/templates?page[cursor]=${encodeURIComponent(first.links.next as string)}`);
      expect(forged.status).toBe(400);
      expect((await firstError(forged))?.detail).toBe('Invalid cursor provided.');
    });

    it('the adapter follows links.next to the last page: a segment on an old metric listed 12th is twinned', async () => {
      const seeded = await start();
      for (let i = 0; i < 9; i += 1) sim.account.addSegment(`Newsletter ${i}`, { condition_groups: [{ conditions: [{ type: 'profile-property', property: "properties['n']", filter: { type: 'boolean', operator: 'equals', value: true } }] }] });
      sim.account.addSegment('Lapsed buyers', { condition_groups: [{ conditions: [{ type: 'profile-metric', metric_id: seeded.woo['Placed Order']!.id, measurement: 'count', measurement_filter: { type: 'numeric', operator: 'equals', value: 0 }, timeframe_filter: { type: 'date', operator: 'in-the-last', quantity: 90, unit: 'day' } }] }] });
      const outcome = await runStep('prepare', 'twin-segments');
      expect(outcome.detail).toBe('2 segment twins created, 0 already there');
      expect(sim.account.segments.map((s) => s.name)).toContain('Lapsed buyers [Shopify]');
    }, 20_000);
  });

  describe('daily caps on create flow and create segment (item 13)', () => {
    it('the simulator answers the 101st flow or segment of the day with 429 throttled and a Retry-After to the end of the day', async () => {
      const seeded = await start();
      const flow = (i: number) => ({ data: { type: 'flow', attributes: { name: `F${i}`, definition: { triggers: [{ type: 'metric', id: seeded.woo['Placed Order']!.id }], actions: [{ temporary_id: 'd', type: 'time-delay', links: { next: null }, data: { unit: 'days', value: 1 } }], entry_action_id: 'd' } } } });
      const segment = (i: number) => ({ data: { type: 'segment', attributes: { name: `S${i}`, definition: { condition_groups: [{ conditions: [{ type: 'profile-property', property: "properties['x']", filter: { type: 'boolean', operator: 'equals', value: true } }] }] } } } });
      for (let i = 0; i < 100; i += 1) {
        expect((await post('/api/flows', flow(i))).status).toBe(201);
        expect((await post('/api/segments', segment(i))).status).toBe(201);
      }
      for (const res of [await post('/api/flows', flow(100)), await post('/api/segments', segment(100))]) {
        expect(res.status).toBe(429);
        const retryAfter = Number(res.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(86_400);
        expect(await firstError(res)).toMatchObject({ code: 'throttled' });
      }
      expect(sim.account.flows.filter((f) => /^F\d+$/.test(f.name))).toHaveLength(100);
    }, 30_000);

    it('the adapter stops at the cap with a clear, non-retryable error and keeps the twins it made', async () => {
      await start({ dailyLimits: { 'flows:create': 1 } });
      const failure = await runStep('prepare', 'twin-flows').catch((e: unknown) => e) as EspError;
      expect(failure).toBeInstanceOf(EspError);
      expect(failure.retryable).toBe(false);
      expect(failure.status).toBe(429);
      expect(failure.message).toMatch(/daily rate limit reached .* accepted again in \d+ (h \d+ )?min/);
      expect(sim.account.flows.filter((f) => f.name.endsWith('[Shopify]'))).toHaveLength(1);
    });
  });
});
