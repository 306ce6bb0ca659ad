import { ConnectionRegistry } from '../../src/config/secrets';
import { cortexProvider } from '../../src/connectors/esp/cortex';
import type { EmailMessage } from '../../src/connectors/channels/types';
import type { EspAccount } from '../../src/domain/esp/handoff';
import type { EspStepOutcome } from '../../src/domain/esp/steps';
import { type CortexSftpSimulator, startCortexSftpSimulator } from '../../src/sandbox/cortex-sftp';
import type { espDailyFeed } from '../../src/workflows/esp/daily-feed';
import type { espHandoff } from '../../src/workflows/esp/esp-handoff';
import { espDailyFeedStatusQuery, stopDailyFeedSignal } from '../../src/workflows/esp/messages';
import { sampleStore } from '../support/canonical-fixtures';
import { MemoryPlatform } from '../support/memory-platform';
import { recordHistory } from '../replay/record';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue, useTestBed } from '../support/temporal';
import { answers, context } from './klaviyo-fixture';

function newStore(): MemoryPlatform {
  const store = new MemoryPlatform('shopify');
  const data = sampleStore();
  for (const c of data.categories) store.data.categories.set(c.sourceId, c);
  for (const p of data.products) store.data.products.set(p.sourceId, { ...p, images: p.sourceId === 'p7' ? [] : [{ url: `https://cdn.example/${p.sourceId}.jpg`, alt: null, position: 0 }] });
  for (const c of data.customers) store.data.customers.set(c.sourceId, c);
  for (const o of data.orders) store.data.orders.set(o.sourceId, o);
  const first = data.orders[0]!;
  store.data.orders.set('guest', { ...first, sourceId: 'guest', number: 'G-1', customerSourceId: null, email: 'guest@example.com' });
  return store;
}

const account: EspAccount = { provider: 'cortex', connection: 'cortex-old', newConnection: 'cortex-new', options: {} };

function registry(instance: CortexSftpSimulator): ConnectionRegistry {
  return new ConnectionRegistry({
    'cortex-old': { kind: 'cortex', sftpHost: '127.0.0.1', sftpPort: 1, username: 'old', password: 'x', csmEmail: 'csm@retentionscience.com' },
    'cortex-new': { kind: 'cortex', sftpHost: instance.host, sftpPort: instance.port, username: instance.username, password: instance.password, csmEmail: 'csm@retentionscience.com' },
  });
}

describe('ReSci Cortex handoff against a real SFTP server', () => {
  let sftp: CortexSftpSimulator;
  beforeEach(async () => { sftp = await startCortexSftpSimulator(); });
  afterEach(() => sftp.close());

  it('prepare: emails the questionnaire, finds the new instance, uploads the new store\'s history as valid ReSci files', async () => {
    const sent: EmailMessage[] = [];
    const store = newStore();
    const connections = registry(sftp);
    const services = {
      platform: () => store, resolve: connections.resolve.bind(connections) as never,
      sendEmail: async (m: EmailMessage) => { sent.push(m); }, heartbeat: () => undefined,
    };
    const out: Record<string, EspStepOutcome | 'manual'> = {};
    for (const step of cortexProvider.steps('prepare', account)) out[step.step] = step.run ? await step.run({ account, context: context('prepare', answers), services }) : 'manual';

    expect(out['csm-questionnaire']).toMatchObject({ state: 'done', detail: 'questionnaire sent to csm@retentionscience.com' });
    expect(sent[0]?.to).toBe('csm@retentionscience.com');
    expect(sent[0]?.text).toContain('What eCommerce platform are you switching to?\n  shopify');
    // Answered from the re-platform's questionnaire, entered once: nothing is left "(not answered yet)".
    expect(sent[0]?.text).toContain('When are you planning to deactivate your current platform?\n  2026-12-15');
    expect(sent[0]?.text).toContain('dedicated tech contact who will be managing the re-platforming effort?\n  Ana Tech <ana@shop.example>');
    expect(sent[0]?.text).not.toContain('(not answered yet)');
    // The separate questionnaire in the options is gone: a stale copy is refused, not silently preferred.
    expect(() => cortexProvider.steps('prepare', { ...account, options: { questionnaire: { launchDate: '2026-12-01' } } })).toThrow(/questionnaire/);
    expect(out['new-instance']).toMatchObject({ state: 'done' });

    const day = new Date().toISOString().slice(0, 10);
    const byType = Object.fromEntries(sftp.imports.map((i) => [i.type, i]));
    expect(sftp.imports.map((i) => i.path).sort()).toEqual(['categories', 'items', 'order_items', 'orders', 'users'].map((t) => `/uploads/${t}_${day}.tsv`));
    for (const result of sftp.imports) {
      expect(result).toMatchObject({ accepted: true, error: null, invalidRows: [] });
    }
    expect(byType.categories?.rows).toHaveLength(3);
    expect(byType.categories?.headers).toEqual(['record_id', 'name', 'description', 'parent_record_id']);
    // 7 products, one without an image (ReSci requires image_list): reported, not sent.
    expect(byType.items?.rows.filter((r: Record<string, string | null>) => r.parent_record_id === null)).toHaveLength(6);
    // 5 customers, plus one user per order placed without an account (the fixture has four).
    expect(byType.users?.rows).toHaveLength(9);
    expect(byType.users?.rows.find((r: Record<string, string | null>) => r.record_id === 'guest-guest')?.email).toBe('guest@example.com');
    expect(byType.orders?.rows).toHaveLength(10);
    expect(byType.orders?.rows[0]?.order_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(byType.order_items?.rows.length).toBeGreaterThanOrEqual(10);
    const history = out['history-feed'] as EspStepOutcome;
    expect(history.rejected).toEqual([{ id: 'item p7', reason: 'image_list is required by ReSci and the product has no image' }]);
    expect([...sftp.files.keys()].some((p) => p.endsWith('.part'))).toBe(false);
  });

  it('the importer rejects what ReSci would: missing headers, blank required fields, unquoted values, Date for DateTime', async () => {
    const { importFile } = await import('../../src/sandbox/cortex-sftp/import');
    expect(importFile('/uploads/orders_2026-01-01.tsv', 'record_id\torder_total\n"1"\t"9.90"\n')).toMatchObject({ accepted: false, error: 'missing required header(s): user_record_id, order_date' });
    expect(importFile('/uploads/sales_2026-01-01.tsv', 'x\n')).toMatchObject({ accepted: false, error: 'unknown file type "sales"' });
    expect(importFile('/uploads/orders.tsv', '')).toMatchObject({ accepted: false });
    const rows = importFile('/uploads/orders_2026-01-01.tsv', [
      'record_id\tuser_record_id\torder_total\torder_date',
      '"1"\t"u1"\t"9.90"\t"2026-01-01 10:00:00"',
      '"2"\t\t"9.90"\t"2026-01-01 10:00:00"',
      '"3"\t"u1"\t9.90\t"2026-01-01 10:00:00"',
      '"4"\t"u1"\t"9.90"\t"2026-01-01"',
    ].join('\n'));
    expect(rows.rows).toHaveLength(1);
    expect(rows.invalidRows).toEqual([
      { line: 3, reason: 'user_record_id is required' },
      { line: 4, reason: 'order_total: value not wrapped in double quotes' },
      { line: 5, reason: 'order_date is not a UTC DateTime (YYYY-MM-DD HH:MM:SS)' },
    ]);
  });

  it('waits while the new instance refuses logins, and turns the questionnaire into a checklist item without mail', async () => {
    const connections = new ConnectionRegistry({
      'cortex-old': { kind: 'cortex', sftpHost: '127.0.0.1', sftpPort: 1, username: 'old', password: 'x', csmEmail: 'help@retentionscience.com' },
      'cortex-new': { kind: 'cortex', sftpHost: sftp.host, sftpPort: sftp.port, username: 'cortex', password: 'not-yet', csmEmail: 'help@retentionscience.com' },
    });
    const services = { platform: () => newStore(), resolve: connections.resolve.bind(connections) as never, sendEmail: null, heartbeat: () => undefined };
    const [questionnaire, instance] = cortexProvider.steps('prepare', account);
    const q = await questionnaire?.run?.({ account, context: context('prepare'), services });
    expect(q).toMatchObject({ state: 'checklist' });
    expect(q?.checklist?.[0]).toMatchObject({ id: 'cortex:csm-questionnaire', title: 'Email the re-platform questionnaire to help@retentionscience.com' });
    expect(await instance?.run?.({ account, context: context('prepare'), services })).toMatchObject({ state: 'waiting' });
  });
});

describe('Cortex daily feed and the retrained-model gate (time-skipping server)', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');
  let sftp: CortexSftpSimulator;
  beforeEach(async () => { sftp = await startCortexSftpSimulator(); });
  afterEach(() => sftp.close());

  it('prepare uploads the history, starts the daily feed, and ends when the model is trained; the feed sends a day\'s changes', async () => {
    const taskQueue = uniqueTaskQueue('cortex');
    const shop = newStore();
    const worker = await createTestWorker(bed.env, { connections: registry(sftp), store: bed.store, platforms: () => shop }, { taskQueue });
    const replatformId = `rp-cortex-${taskQueue}`;
    await worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start<typeof espHandoff>('espHandoff', {
        taskQueue, workflowId: `${replatformId}-esp-prepare`,
        args: [{ phase: 'prepare', replatformId, sourcePlatform: 'woocommerce', targetPlatform: 'shopify', sourceStore: 'old-shop', targetStore: 'new-shop', storeDomain: 'shop.example', esps: [account], trainingTimeout: '14 days' }],
      });
      const feed = bed.env.client.workflow.getHandle(`${replatformId}-cortex-feed`);
      let started = false;
      for (let i = 0; i < 200 && !started; i += 1) {
        started = await feed.describe().then((d) => d.status.name === 'RUNNING', () => false);
        if (!started) await new Promise((r) => setTimeout(r, 100));
      }
      expect(started).toBe(true);
      expect(sftp.imports.filter((i) => i.accepted).length).toBeGreaterThanOrEqual(5);
      // A new order arrives in the new bed.store after the history upload: the next daily feed carries it.
      const order = { ...[...shop.data.orders.values()][0]!, sourceId: 'new-1', number: '5001', updatedAt: new Date(Date.now() + 30 * 86_400_000).toISOString() };
      shop.data.orders.set('new-1', order);
      await handle.signal('modelTrained');
      const result = await handle.result();
      expect(result.trained).toBe(true);
      expect(result.checklist.map((c) => c.id)).toEqual(['cortex:csm-questionnaire']);

      await bed.env.sleep('1 day');
      let status = await feed.query(espDailyFeedStatusQuery);
      for (let i = 0; i < 100 && status.daysSent === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 100));
        status = await feed.query(espDailyFeedStatusQuery);
      }
      expect(status.daysSent).toBeGreaterThanOrEqual(1);
      // The history file is the first orders import; a later (daily) one carries only what changed: the new order.
      const daily = sftp.imports.filter((i) => i.type === 'orders').slice(1);
      expect(daily.length).toBeGreaterThanOrEqual(1);
      expect(daily.some((i) => i.rows.length === 1 && i.rows[0]?.record_id === 'new-1')).toBe(true);
      await feed.signal(stopDailyFeedSignal);
      const final = await feed.result() as Awaited<ReturnType<typeof espDailyFeed>>;
      expect(final.stopped).toBe(true);
      await recordHistory(feed, 'cortex');
    });
  });
});
