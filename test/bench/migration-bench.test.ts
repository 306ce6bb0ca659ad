import { formatReport } from '../../bench/migration/report';
import { runMigrationBench } from '../../bench/migration/run';
import { benchSizes } from '../../bench/migration/sizes';

/** The benchmark's smoke test at a tiny size: it runs end to end and reports figures of the right shape. No timing is asserted. */
describe('bench/migration at a tiny size', () => {
  it('migrates the seeded store through the real workflow and reports a finite cost ratio, bounded history and matching counts', async () => {
    const report = await runMigrationBench({ size: benchSizes.tiny, pageSize: 4, pagesPerRun: 3 });

    expect(Number.isFinite(report.costPerSecondRatio)).toBe(true);
    expect(report.costPerSecondRatio).toBeGreaterThan(0);
    expect(report.ceilingRatio).toBeGreaterThan(0);
    expect(report.ceilingRatio).toBeLessThanOrEqual(1);
    expect(report.verificationOk).toBe(true);
    expect(report.migrated).toEqual({ categories: report.source.categories, products: report.source.products, customers: report.source.customers, orders: report.source.orders });
    expect(report.target).toMatchObject({ collections: report.source.categories, products: report.source.products, variants: report.source.variations, customers: report.source.customers, orders: report.source.orders });
    // pagesPerRun 3 with pages of 4: the workflow continued as new, and no run's history grew with the store.
    expect(report.runs).toBeGreaterThan(1);
    expect(report.historyLengths).toHaveLength(report.runs);
    expect(report.maxHistoryLength).toBeLessThan(200);
    expect(report.peakRssMb).toBeGreaterThan(0);

    const lines = formatReport(report);
    const summary = lines[lines.length - 1] ?? '';
    expect(summary).toMatch(/^bench=migration size=tiny ratio=\d+\.\d{3} /);
    expect(Number(/ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.costPerSecondRatio, 3);
    for (const key of ['entitiesPerHour', 'productsPerHour', 'wallSeconds', 'peakRssMb', 'maxHistoryLength']) expect(summary).toContain(`${key}=`);
    expect(lines.some((l) => l.includes('published figure'))).toBe(true);
  }, 180_000);
});
