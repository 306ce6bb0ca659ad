import { formatSmartUpdateReport } from '../../bench/smart-update/report';
import { runSmartUpdateBench } from '../../bench/smart-update/run';

/** The smart-update benchmark at a CI size: it runs end to end and reports counts of the right shape. No timing is asserted. */
describe('bench/smart-update at a tiny size', () => {
  it('counts the source requests of one smart-update run against a full rescan and ends with ratio=', async () => {
    const report = await runSmartUpdateBench({ products: 300, changedShare: 0.05 });

    expect(report.products).toBe(300);
    expect(report.migrated).toBe(300);
    expect(report.changed).toBe(15);
    expect(report.changedByType).toEqual({ products: 15, customers: 2, orders: 2 });
    // Every changed product, customer and order was found by the change filter and written; nothing else was.
    expect(report.summary).toMatchObject({ changed: 19, updated: 19, created: 0, failed: 0, conflicted: 0 });
    expect(report.summary.fields.orders?.status?.written).toBeGreaterThan(0);
    expect(report.batches.filter((b) => b.type === 'products').length).toBeGreaterThan(1);
    expect(report.smartUpdateRequests).toBeGreaterThan(0);
    expect(report.fullRescanRequests).toBeGreaterThanOrEqual(3 + report.products * report.variableRate * 0.5);
    // One page of changed products, and the changed orders' page asking which of their products still exist.
    expect(report.smartUpdateBreakdown['GET /products']).toBeLessThanOrEqual(2);
    // Three pages of products, and the orders' pages asking which of their products still exist.
    expect(report.fullRescanBreakdown['GET /products']).toBe(4);
    expect(report.fullRescanBreakdown['GET /customers']).toBe(1);
    expect(report.ratio).toBeGreaterThan(0);
    expect(report.ratio).toBeLessThan(0.2);

    const lines = formatSmartUpdateReport(report);
    const summary = lines[lines.length - 1] ?? '';
    expect(summary).toMatch(/^bench=smart-update products=300 customers=30 orders=30 changed=19 last_batch_vs_first=\d/);
    expect(Number(/ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.ratio, 4);
  }, 120_000);
});
