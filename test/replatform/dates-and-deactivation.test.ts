import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { createWooCommerceAdapter } from '../../src/connectors/platforms/woocommerce';
import type { ReplatformReport } from '../../src/domain/replatform/status';
import { startWooCommerceSimulator, storedWebhooks, type WooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { checklistDoneUpdate, markLaunchDateUpdate, statusQuery } from '../../src/workflows/replatform/messages';
import { createTimeSkippingEnv, useTestBed } from '../support/temporal';
import { baseInput, CUTOVER_URL, day, eventually, harness, questionnaire, terminateWhenIdle } from './support';

const DAY = 86_400_000;

describe('replatform dates, ESP readiness and deactivation (time-skipping server, the real espHandoff child)', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');

  it('moves a date by signal as by update; a bad date by signal is recorded as rejected and emailed, never dropped', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-signals-${h.taskQueue}`,
        args: [baseInput('signals.example', { questionnaire: questionnaire({ data: 'fresh', launchDate: day(14, now), deactivationDate: day(28, now), activationDate: day(14, now) }, now) })],
      });
      const status = () => handle.query(statusQuery);
      await eventually(status, (st) => st.phase === 'awaiting-launch', 'waiting for launch');

      // Sent by name, as `temporal workflow signal --name markLaunchDate --input '{"date": "…"}'` sends it.
      await handle.signal('markLaunchDate', { date: day(5, now) });
      const moved = await eventually(status, (st) => st.dates.launchAt?.slice(0, 10) === day(5, now), 'the launch date moved by signal');
      expect(moved.timeline.map((t) => t.event)).toContain(`launchDate set to ${day(5, now)}T00:00:00.000Z (signal)`);
      expect(moved.goLiveAt?.slice(0, 10)).toBe(day(14, now)); // the activation date drives the go-live

      await handle.signal('markLaunchDate', { date: 'next tuesday' });
      await handle.signal('markDeactivationDate', { date: day(2, now) });
      const refused = await eventually(status, (st) => st.rejectedSignals.length === 2 && st.notices.filter((n) => n.kind === 'signal-rejected').length === 2, 'two refused signals recorded and emailed');
      expect(refused.rejectedSignals.map((r) => [r.signal, r.received, r.problems])).toEqual([
        ['markLaunchDate', '{"date":"next tuesday"}', [expect.stringMatching(/^launchDate: "next tuesday" is not a date; give "YYYY-MM-DD"/)]],
        ['markDeactivationDate', `{"date":"${day(2, now)}"}`, [expect.stringMatching(/^deactivationDate: .* is before the launch date/)]],
      ]);
      expect(refused.dates.launchAt?.slice(0, 10)).toBe(day(5, now));
      expect(refused.dates.deactivateAt?.slice(0, 10)).toBe(day(28, now));
      const mail = h.mails.find((m) => m.subject === 'Refused for signals.example: markLaunchDate {"date":"next tuesday"}');
      expect(mail?.to).toBe('ana@shop.example');
      expect(mail?.text).toContain('"next tuesday" is not a date');

      // The moved date is the one the timer follows: the store launches on day 5, not day 14.
      await bed.env.sleep('6 days');
      const launched = await eventually(status, (st) => st.phase === 'awaiting-deactivation', 'launched');
      const startedAt = Date.parse(launched.timeline[0]?.at ?? '');
      const launchedAt = Date.parse(launched.timeline.find((t) => t.event === 'phase: launching')?.at ?? '');
      expect(launchedAt - startedAt).toBeGreaterThanOrEqual(4 * DAY);
      expect(launchedAt - startedAt).toBeLessThan(6 * DAY);
      await terminateWhenIdle(handle);
    });
  });

  it('launches without waiting for an ESP that is not ready (status and email say so); each ESP goes live at the activation date once ready', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-esps-${h.taskQueue}`,
        args: [baseInput('esps.example', {
          espTrainingTimeout: '30 days',
          questionnaire: questionnaire({
            data: 'fresh', launchDate: day(3, now), activationDate: day(6, now), deactivationDate: day(20, now),
            esps: [{ provider: 'klaviyo', connection: 'klaviyo' }, { provider: 'cortex', connection: 'cortex-old', newConnection: 'cortex-new' }],
          }, now),
        })],
      });
      const status = () => handle.query(statusQuery);
      const prepared = await eventually(status, (st) => st.esps[0]?.state === 'ready', 'klaviyo prepared');
      expect(prepared.esps.map((e) => `${e.provider}:${e.state}`)).toEqual(['klaviyo:ready', 'cortex:preparing']);
      // Planned ahead: the go-live and deactivation steps for a person are on the checklist before either date.
      expect(prepared.checklist.map((i) => i.id)).toEqual(expect.arrayContaining(['cortex:move-campaigns', 'klaviyo:disable-old-integration', 'cortex:retire-old-instance']));

      await bed.env.sleep('4 days');
      const launched = await eventually(status, (st) => st.phase === 'awaiting-deactivation' && st.notices.some((n) => n.kind === 'esp-not-ready'), 'launched with cortex not ready');
      expect(launched.esps.map((e) => `${e.provider}:${e.state}`)).toEqual(['klaviyo:ready', 'cortex:preparing']); // the activation date (day 6) has not come
      const notice = h.mails.find((m) => m.subject === 'esps.example launched; not every ESP is ready to go live');
      expect(notice?.text).toMatch(/- cortex: preparing/);
      expect(notice?.text).not.toMatch(/- klaviyo/);

      await bed.env.sleep('3 days');
      const live = await eventually(status, (st) => st.esps[0]?.state === 'live', 'klaviyo live at the activation date');
      expect(Date.parse(live.esps[0]?.since ?? '')).toBeGreaterThanOrEqual(Date.parse(live.dates.activateAt ?? ''));
      expect(live.esps[1]?.state).toBe('preparing');
      const goLive = await bed.env.client.workflow.getHandle(`${handle.workflowId}-esp-go-live`).describe();
      expect(goLive.status.name).toBe('COMPLETED');

      // Cortex's new instance is trained: the prepare child reports it ready and it goes live at once (past the activation date).
      await bed.env.client.workflow.getHandle(`${handle.workflowId}-esp-prepare`).signal('modelTrained', { provider: 'cortex' });
      const both = await eventually(status, (st) => st.esps.every((e) => e.state === 'live'), 'cortex live once trained');
      expect(both.timeline.map((t) => t.event)).toEqual(expect.arrayContaining([`ESP go-live (cortex) by ${handle.workflowId}-esp-go-live-2`]));
      await terminateWhenIdle(handle);
    });
  });

  it('an ESP that cannot get ready within its own deadline never goes live by itself: not-ready, a checklist step', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-overdue-${h.taskQueue}`,
        args: [baseInput('overdue.example', {
          espTrainingTimeout: '2 days',
          questionnaire: questionnaire({ data: 'fresh', launchDate: day(1, now), activationDate: day(1, now), deactivationDate: day(20, now), esps: [{ provider: 'cortex', connection: 'cortex-old', newConnection: 'cortex-new' }] }, now),
        })],
      });
      const status = () => handle.query(statusQuery);
      await eventually(status, (st) => st.esps[0]?.state === 'preparing', 'cortex preparing');
      await bed.env.sleep('3 days');
      const overdue = await eventually(status, (st) => st.esps[0]?.state === 'not-ready', 'cortex not ready after its deadline');
      expect(overdue.esps[0]?.detail).toBe('cortex: models not trained after 2 days');
      expect(overdue.checklist.map((i) => i.id)).toEqual(expect.arrayContaining(['cortex:not-ready', 'cortex:model-training-overdue']));
      expect(overdue.phase).toBe('awaiting-deactivation');
      const goLive = await bed.env.client.workflow.getHandle(`${handle.workflowId}-esp-go-live`).describe().catch(() => null);
      expect(goLive).toBeNull();
      await terminateWhenIdle(handle);
    });
  });

  describe('deactivation on a WooCommerce store', () => {
    let woo: WooCommerceSimulator;
    beforeEach(async () => { woo = await startWooCommerceSimulator({}); });
    afterEach(() => woo.close());

    it('removes the old store\'s webhooks that point at Cutover through the REST API, keeps the others, and reports what was done and what a person confirmed', async () => {
      // The old store's webhooks as an app installs them, through the official client.
      const api = new WooCommerceRestApi({ url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, version: 'wc/v3' });
      await api.post('webhooks', { name: 'Cutover orders', topic: 'order.updated', delivery_url: `${CUTOVER_URL}/webhooks/woocommerce/old-shop` });
      await api.post('webhooks', { name: 'Cutover new orders', topic: 'order.created', delivery_url: `${CUTOVER_URL}/webhooks/woocommerce/old-shop` });
      await api.post('webhooks', { name: 'Klaviyo customers', topic: 'customer.created', delivery_url: 'https://a.klaviyo.com/api/webhooks/woocommerce' });
      const source = createWooCommerceAdapter({ kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret }, { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret });
      const h = await harness(bed.env, bed.store, undefined, undefined, { sourceAdapter: source });
      const now = await bed.env.currentTimeMs();
      const report = await h.worker.runUntil(async () => {
        const handle = await bed.env.client.workflow.start('replatform', {
          taskQueue: h.taskQueue, workflowId: `replatform-deactivate-${h.taskQueue}`,
          args: [baseInput('deactivate.example', {
            questionnaire: questionnaire({ data: 'fresh', launchDate: day(1, now), activationDate: day(1, now), deactivationDate: day(5, now), esps: [{ provider: 'klaviyo', connection: 'klaviyo' }] }, now),
          })],
        });
        const status = () => handle.query(statusQuery);
        await eventually(status, (st) => st.phase === 'awaiting-launch' && st.notices.some((n) => n.kind === 'checklist'), 'the checklist emailed');
        // The deactivation's step for a person is emailed with the checklist, before the date.
        expect(h.mails[0]?.text).toContain('[klaviyo:disable-old-integration]');
        await bed.env.sleep('6 days');
        const deactivated = await eventually(status, (st) => st.phase === 'awaiting-confirmation', 'deactivated, steps still open');
        expect(storedWebhooks(woo.state).map((w) => w.delivery_url)).toEqual(['https://a.klaviyo.com/api/webhooks/woocommerce']);
        const removal = deactivated.deactivation.actions.find((a) => a.action === 'old-webhooks-removed');
        expect(removal).toMatchObject({ outcome: 'done', detail: expect.stringMatching(/^removed 2: order\.updated → https:\/\/cutover\.test\/webhooks\/woocommerce\/old-shop \(1\); order\.created → .* \(2\); 1 pointing elsewhere kept$/) });
        expect(Date.parse(removal?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(deactivated.dates.deactivateAt ?? ''));
        expect(woo.state.requestCount({ method: 'DELETE', path: /^\/webhooks\/\d+$/ })).toBe(2);
        // Reminded until confirmed: the person confirms each step, and the re-platform completes.
        for (const item of deactivated.checklist.filter((i) => !i.doneAt)) await handle.executeUpdate(checklistDoneUpdate, { args: [{ item: item.id }] });
        return (await handle.result()) as ReplatformReport;
      });
      expect(report.doneAutomatically.map((a) => `${a.action}:${a.outcome}`)).toEqual(['old-webhooks-removed:done', 'esp-deactivate:done']);
      expect(report.confirmed.map((c) => c.id)).toEqual(expect.arrayContaining(['csm-contact', 'dns-domain', 'klaviyo:disable-old-integration']));
      for (const c of report.confirmed) expect(Date.parse(c.at)).toBeGreaterThan(0);
      expect(report.checklistOpen).toEqual([]);
    }, 240_000);
  });

  it('moves the launch by update exactly as by signal (same validation)', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-update-${h.taskQueue}`,
        args: [baseInput('update.example', { questionnaire: questionnaire({ data: 'fresh' }, now) })],
      });
      const dates = await handle.executeUpdate(markLaunchDateUpdate, { args: [{ date: day(3, now) }] });
      expect(dates.launchAt?.slice(0, 10)).toBe(day(3, now));
      await expect(handle.executeUpdate(markLaunchDateUpdate, { args: [{ date: 'next tuesday' }] })).rejects.toThrow();
      // An update's refusal goes to its caller; it is not a rejected signal.
      expect((await handle.query(statusQuery)).rejectedSignals).toEqual([]);
      await terminateWhenIdle(handle);
    });
  });
});
