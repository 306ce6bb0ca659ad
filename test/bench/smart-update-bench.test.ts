import { formatSmartUpdateReport } from '../../bench/smart-update/report';
import { runSmartUpdateBench } from '../../bench/smart-update/run';

/** The smart-update benchmark at a CI size: it runs end to end and reports counts of the right shape. No timing is asserted. */
describe('bench/smart-update at a tiny size', () => {
  it('counts the source requests of one smart-update run against a full rescan and ends with ratio=', async () => {
    const report = await runSmartUpdateBench({ products: 300, changedShare: 0.05 });

    expect(report.products).toBe(300);
    expect(report.migrated).toBe(300);
    expect(report.changed).toBe(15);
    // Every changed product was found by the change filter and written; nothing else was.
    expect(report.summary).toMatchObject({ changed: 15, updated: 15, created: 0, failed: 0, conflicted: 0 });
    expect(report.smartUpdateRequests).toBeGreaterThan(0);
    expect(report.fullRescanRequests).toBeGreaterThanOrEqual(3 + report.products * report.variableRate * 0.5);
    expect(report.smartUpdateBreakdown['GET /products']).toBe(1);
    expect(report.fullRescanBreakdown['GET /products']).toBe(3);
    expect(report.ratio).toBeGreaterThan(0);
    expect(report.ratio).toBeLessThan(0.2);

    const lines = formatSmartUpdateReport(report);
    const summary = lines[lines.length - 1] ?? '';
    expect(summary).toMatch(/^bench=smart-update products=300 changed=15 /);
    expect(Number(/ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.ratio, 4);
  }, 120_000);
});
