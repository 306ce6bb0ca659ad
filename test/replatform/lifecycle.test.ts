import type { Order, Product } from '../../src/domain/catalog/entities';
import type { ReplatformReport } from '../../src/domain/replatform/status';
import {
  checklistDoneUpdate, markLaunchDateUpdate, pauseSignal, remigrateUpdate, resumeSignal, statusQuery, syncNowSignal,
} from '../../src/workflows/replatform/messages';
import { baseInput, day, eventually, harness, questionnaire, rejection, terminateWhenIdle } from './support';
import { recordHistory } from '../replay/record';
import { createTimeSkippingEnv, useTestBed } from '../support/temporal';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('replatform lifecycle (time-skipping server, in-memory platforms, the real espHandoff child)', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');

  it('runs a whole re-platform with dates weeks apart in seconds: migration, ESP children, smart updates, launch, deactivation', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    const report = await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-lifecycle-${h.taskQueue}`,
        args: [baseInput('lifecycle.example', { questionnaire: questionnaire({ esps: [{ provider: 'klaviyo', connection: 'klaviyo' }] }, now), runsPerHistory: 10 })],
      });
      const result = (await handle.result()) as ReplatformReport;
      await recordHistory(bed.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId), 'lifecycle-first-run');
      await recordHistory(handle, 'lifecycle-last-run');
      for (const phase of ['prepare', 'go-live', 'deactivate']) {
        const child = await bed.env.client.workflow.getHandle(`${handle.workflowId}-esp-${phase}`).describe();
        expect(child.status.name).toBe('COMPLETED');
      }
      return result;
    });
    expect(report.migrationVerified).toBe(true);
    for (const type of ['categories', 'products', 'customers', 'orders'] as const) expect(h.target.data[type].size).toBe(h.source.data[type].size);
    // 14 days of 6-hourly runs before the launch (they go on until the deactivation's final run).
    expect(report.smartUpdateRuns).toBeGreaterThanOrEqual(13 * 4);
    expect(report.timeline.some((t) => t.event === 'phase: completed')).toBe(true);
    // The deactivation's step for a person was planned ahead and emailed before the date; the webhooks are an API's job now.
    expect(report.checklistOpen).toEqual(expect.arrayContaining(['csm-contact', 'klaviyo:clone-flows', 'klaviyo:disable-old-integration', 'consideration-1']));
    expect(report.checklistOpen).not.toContain('remove-old-webhooks');
    expect(report.doneAutomatically.map((a) => `${a.action}:${a.outcome}`)).toEqual(expect.arrayContaining(['final-smart-update:done', 'smart-update-stopped:done', 'old-webhooks-removed:done', 'esp-deactivate:done']));
    expect(report.esps).toEqual([expect.objectContaining({ provider: 'klaviyo', state: 'live' })]);
    expect(h.mails[0]?.text).toContain('[klaviyo:disable-old-integration]');
    // One checklist email, then a reminder every 3 days for 28 days.
    expect(h.mails[0]?.subject).toMatch(/checklist for lifecycle\.example/);
    expect(h.mails.filter((m) => m.subject.startsWith('Reminder')).length).toBeGreaterThanOrEqual(8);
    const launched = report.timeline.find((t) => t.event === 'phase: launching');
    const deactivated = report.timeline.find((t) => t.event === 'phase: deactivating');
    expect(Date.parse(deactivated?.at ?? '') - Date.parse(launched?.at ?? '')).toBeGreaterThanOrEqual(13 * 86_400_000);
  });

  it('keeps the target\'s edit on a conflict, takes source-only changes, never writes unchosen fields; a moved launch date moves the timer; pause holds the deactivation', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-conflict-${h.taskQueue}`,
        args: [baseInput('conflict.example', { questionnaire: questionnaire({ launchDate: day(30, now), deactivationDate: day(40, now) }, now) })],
      });
      const status = () => handle.query(statusQuery);
      await eventually(status, (st) => st.phase === 'smart-update', 'smart-update phase');
      const targetOf = (sourceId: string): [string, Product] => {
        const found = [...h.target.data.products.entries()].find(([, p]) => p.handle === h.source.data.products.get(sourceId)?.handle);
        if (!found) throw new Error(`no target for ${sourceId}`);
        return found;
      };
      const changedAt = new Date().toISOString();
      // p1: price changed on both sides → conflict, the target's price stays.
      const p1 = clone(h.source.data.products.get('p1') as Product);
      p1.variants[0]!.price = '99.00';
      p1.updatedAt = changedAt;
      h.source.data.products.set('p1', p1);
      const [t1, onTarget1] = targetOf('p1');
      const edited1 = clone(onTarget1);
      edited1.variants[0]!.price = '77.00';
      h.target.data.products.set(t1, edited1);
      // p2: quantity changed on the source only → written; its description edited on the target (not chosen) → kept.
      const p2 = clone(h.source.data.products.get('p2') as Product);
      p2.variants[0]!.inventoryQuantity = 42;
      p2.title = 'Renamed on the source';
      p2.updatedAt = changedAt;
      h.source.data.products.set('p2', p2);
      const [t2, onTarget2] = targetOf('p2');
      h.target.data.products.set(t2, { ...clone(onTarget2), descriptionHtml: '<p>Edited on the new bed.store</p>' });

      // Orders, on the first smart update after the migration: o1's status was set on the new bed.store (an edit)
      // while the old bed.store changed something else → the edit stays; o3's status changed on the source only → written.
      const orderOnTarget = (sourceId: string): [string, Order] => {
        const found = [...h.target.data.orders.entries()].find(([, o]) => o.number === h.source.data.orders.get(sourceId)?.number);
        if (!found) throw new Error(`no target order for ${sourceId}`);
        return found;
      };
      const [to1, onTargetO1] = orderOnTarget('o1');
      expect(onTargetO1.sourceStatus).toBe('paid');
      h.target.data.orders.set(to1, { ...clone(onTargetO1), sourceStatus: 'fulfilled' });
      h.source.data.orders.set('o1', { ...clone(h.source.data.orders.get('o1') as Order), note: 'gift wrap', updatedAt: changedAt });
      h.source.data.orders.set('o3', { ...clone(h.source.data.orders.get('o3') as Order), sourceStatus: 'cancelled', updatedAt: changedAt });

      await handle.signal(syncNowSignal);
      const after = await eventually(status, (st) => st.smartUpdate.runs >= 1, 'a smart-update run');
      expect(after.smartUpdate.last).toMatchObject({ conflicted: 1, updated: 2, failed: 0 });
      expect(h.target.data.orders.get(to1)?.sourceStatus).toBe('fulfilled');
      expect(h.target.data.orders.get(orderOnTarget('o3')[0])?.sourceStatus).toBe('cancelled');
      expect(after.conflicts[0]).toMatchObject({ entityType: 'products', sourceId: 'p1', field: 'price', kept: 'target' });
      expect(h.target.data.products.get(t1)?.variants[0]?.price).toBe('77.00');
      const written2 = h.target.data.products.get(t2) as Product;
      expect(written2.variants[0]?.inventoryQuantity).toBe(42);
      expect(written2.descriptionHtml).toBe('<p>Edited on the new bed.store</p>');
      expect(written2.title).toBe(onTarget2.title); // name not chosen: never written

      // p3: its update is refused by the target, kept pending, and written by the next run although the
      // source did not change again.
      const p3 = clone(h.source.data.products.get('p3') as Product);
      p3.variants[0]!.inventoryQuantity = 7;
      p3.updatedAt = new Date().toISOString();
      h.source.data.products.set('p3', p3);
      const [t3] = targetOf('p3');
      h.target.refuse.add(t3);
      await handle.signal(syncNowSignal);
      const refused = await eventually(status, (st) => st.smartUpdate.runs >= 2, 'a second smart-update run');
      expect(refused.smartUpdate.last).toMatchObject({ updated: 0, failed: 1 });
      h.target.refuse.delete(t3);
      await handle.signal(syncNowSignal);
      const retried = await eventually(status, (st) => st.smartUpdate.runs >= 3, 'a third smart-update run');
      expect(retried.smartUpdate.last).toMatchObject({ updated: 1, failed: 0, changed: 0 });
      expect(h.target.data.products.get(t3)?.variants[0]?.inventoryQuantity).toBe(7);

      // The launch date moves from day 30 to day 2: the launch happens then, not at day 30.
      const startedAt = Date.parse((await status()).timeline[0]?.at ?? '');
      await handle.executeUpdate(markLaunchDateUpdate, { args: [{ date: day(2, startedAt) }] });
      await bed.env.sleep('3 days');
      const launched = await eventually(status, (st) => st.phase === 'awaiting-deactivation', 'launch after the moved date');
      const launchAt = Date.parse(launched.timeline.find((t) => t.event === 'phase: launching')?.at ?? '');
      expect(launchAt - startedAt).toBeLessThan(4 * 86_400_000);

      // Paused: the deactivation date (day 40) passes and nothing happens until resume.
      await handle.signal(pauseSignal);
      await eventually(status, (st) => st.paused, 'paused');
      await bed.env.sleep('45 days');
      expect((await status()).phase).toBe('awaiting-deactivation');
      await handle.signal(resumeSignal);
      const result = (await handle.result()) as ReplatformReport;
      expect(result.timeline.map((t) => t.event)).toEqual(expect.arrayContaining(['paused', 'resumed', 'phase: completed']));
    });
  });

  it('remigration runs in the main loop: it removes only what Cutover created and migrates again; messages are answered meanwhile; it needs confirm', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    // Already on the new bed.store before Cutover: a product with the same handle as p3 and an unrelated one.
    const p3 = clone(h.source.data.products.get('p3') as Product);
    h.target.data.products.set('pre-existing-p3', { ...p3, sourceId: 'pre-existing-p3' });
    h.target.data.products.set('merchant-own', { ...p3, sourceId: 'merchant-own', handle: 'merchant-own' });
    // The target's deletes wait for the test's go: the remigration is caught in the middle.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const deleteOnTarget = h.target.delete.bind(h.target);
    h.target.delete = async (...args) => { await gate; return deleteOnTarget(...args); };
    await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-remigrate-${h.taskQueue}`,
        args: [baseInput('remigrate.example', { questionnaire: questionnaire({}, now) })],
      });
      await eventually(() => handle.query(statusQuery), (st) => st.phase === 'smart-update', 'smart-update phase');
      const createdBefore = [...h.target.data.products.keys()].filter((k) => /^m\d+$/.test(k));
      expect(await rejection(handle.executeUpdate(remigrateUpdate, { args: [{ confirm: false }] }))).toMatch(/confirm: must be true/);
      const remigration = handle.executeUpdate(remigrateUpdate, { args: [{ confirm: true }] });
      const during = await eventually(() => handle.query(statusQuery), (st) => st.phase === 'remigrating', 'the remigration under way');
      expect(during.timeline.map((t) => t.event)).toContain('remigration requested');
      // The remigration holds the main loop, not the handlers: an update is answered, a second remigration refused.
      const moved = await handle.executeUpdate(markLaunchDateUpdate, { args: [{ date: day(10, now) }] });
      expect(moved.launchAt?.slice(0, 10)).toBe(day(10, now));
      expect(await rejection(handle.executeUpdate(remigrateUpdate, { args: [{ confirm: true }] }))).toMatch(/already requested or running/);
      expect((await handle.query(statusQuery)).phase).toBe('remigrating');
      release();
      const result = await remigration;
      expect(result.warning).toMatch(/edits made on the target .* are lost/);
      expect(result.deleted.products).toBe(h.source.data.products.size - 1);
      expect(result.kept).toBeGreaterThanOrEqual(1);
      expect(result.verified).toBe(true);
      expect(h.target.data.products.has('pre-existing-p3')).toBe(true);
      expect(h.target.data.products.has('merchant-own')).toBe(true);
      for (const id of createdBefore) expect(h.target.data.products.has(id)).toBe(false);
      expect(h.target.data.products.size).toBe(h.source.data.products.size + 1);
      const after = await handle.query(statusQuery);
      expect(after.phase).toBe('smart-update');
      expect(after.migration.runs).toBe(2);
      await terminateWhenIdle(handle);
    });
  });

  it('stops reminding once every checklist item is confirmed, but still reminds ahead of each date; an unknown item is refused', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    const report = await h.worker.runUntil(async () => {
      const handle = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `replatform-reminders-${h.taskQueue}`,
        args: [baseInput('reminders.example', { questionnaire: questionnaire({ data: 'fresh', launchDate: day(20, now), deactivationDate: day(30, now), activationDate: day(21, now) }, now) })],
      });
      const status = () => handle.query(statusQuery);
      await eventually(status, (st) => st.phase === 'awaiting-launch' && st.nextReminderAt !== null, 'checklist emailed');
      expect(await rejection(handle.executeUpdate(checklistDoneUpdate, { args: [{ item: 'no-such-item' }] }))).toMatch(/unknown checklist item "no-such-item"; known: csm-contact/);
      for (const item of (await status()).checklist) await handle.executeUpdate(checklistDoneUpdate, { args: [{ item: item.id }] });
      await eventually(status, (st) => st.nextReminderAt === null, 'reminders stopped');
      return (await handle.result()) as ReplatformReport;
    });
    // 30 days passed: with every item confirmed on day 0, the checklist is emailed once and never reminded;
    // each date is still announced remindBefore (3 days) ahead: activation, launch, deactivation.
    expect(h.mails.filter((m) => m.subject.startsWith('Reminder'))).toHaveLength(0);
    expect(h.mails.map((m) => m.subject)).toEqual([
      'Your re-platform checklist for reminders.example',
      expect.stringMatching(/^Coming up for reminders\.example: launch on /),
      expect.stringMatching(/^Coming up for reminders\.example: activation of the new platform on /),
      expect.stringMatching(/^Coming up for reminders\.example: deactivation of the old platform on /),
    ]);
    const sentAt = (about: RegExp) => Date.parse(report.timeline.find((t) => about.test(t.event))?.at ?? '');
    const launchAt = Date.parse(report.dates.launchAt ?? '');
    const launchReminder = sentAt(/^email \(date-reminder\): Coming up for reminders\.example: launch/);
    expect(launchAt - launchReminder).toBeGreaterThanOrEqual(3 * 86_400_000 - 60_000);
    expect(launchAt - launchReminder).toBeLessThan(4 * 86_400_000);
    expect(report.checklistOpen).toEqual([]);
    expect(report.confirmed.map((c) => c.id)).toContain('csm-contact');
    expect(report.doneAutomatically).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'old-webhooks-removed', outcome: 'done', detail: expect.stringMatching(/^removed 0: none pointed at Cutover/) })]));
    expect(h.target.data.products.size).toBe(0); // a fresh start migrates nothing
  });
});
