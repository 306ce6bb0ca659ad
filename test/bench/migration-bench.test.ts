import { formatReport } from '../../bench/migration/report';
import { runMigrationBench } from '../../bench/migration/run';
import { benchSizes } from '../../bench/migration/sizes';

/** The benchmark's smoke test at a tiny size: it runs end to end and reports figures of the right shape. No timing is asserted. */
describe('bench/migration at a tiny size', () => {
  it('migrates the seeded store through the real workflow and reports a finite cost ratio, bounded history and matching counts', async () => {
    const report = await runMigrationBench({ size: benchSizes.tiny, pageSize: 4, pagesPerRun: 3 });

    expect(Number.isFinite(report.ratio)).toBe(true);
    expect(report.ratio).toBeGreaterThan(0);
    expect(report.ceiling).toMatchObject({ basis: 'published', unit: 'cost points', perSecond: 100, burst: 1000, plan: 'standard' });
    expect(report.ceilingRatio).toBeGreaterThan(0);
    expect(report.ceilingRatio).toBeLessThanOrEqual(1);
    expect(report.verificationOk).toBe(true);
    expect(report.migrated).toEqual({ categories: report.source.categories, products: report.source.products, customers: report.source.customers, orders: report.source.orders });
    expect(report.target).toEqual({ categories: report.source.categories, products: report.source.products, variants: report.source.variants, customers: report.source.customers, orders: report.source.orders });
    // pagesPerRun 3 with pages of 4: the workflow continued as new, and no run's history grew with the store.
    expect(report.runs).toBeGreaterThan(1);
    expect(report.historyLengths).toHaveLength(report.runs);
    expect(report.maxHistoryLength).toBeLessThan(200);
    expect(report.peakRssMb).toBeGreaterThan(0);

    const lines = formatReport(report);
    const summary = lines[lines.length - 1] ?? '';
    expect(summary).toMatch(/^bench=migration size=tiny source=woocommerce target=shopify plan=standard ratio=\d+\.\d{3} .* basis=published /);
    expect(Number(/ ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.ratio, 3);
    for (const key of ['entitiesPerHour', 'productsPerHour', 'wallSeconds', 'peakRssMb', 'maxHistoryLength']) expect(summary).toContain(`${key}=`);
    expect(lines.some((l) => l.includes('published figure'))).toBe(true);
  }, 180_000);

  it('runs a non-default pair (Tiendanube into BigCommerce Pro) and measures admitted requests against the plan quota', async () => {
    const report = await runMigrationBench({ size: benchSizes.tiny, source: 'tiendanube', target: 'bigcommerce', plan: 'pro', pageSize: 4, pagesPerRun: 3 });

    // BigCommerce's published Pro quota: 450 requests per 30 s window.
    expect(report.ceiling).toMatchObject({ basis: 'published', unit: 'requests', perSecond: 15, burst: 450, plan: 'pro' });
    expect(report.verificationOk).toBe(true);
    expect(report.migrated).toEqual({ categories: report.source.categories, products: report.source.products, customers: report.source.customers, orders: report.source.orders });
    expect(report.target).toMatchObject({ categories: report.source.categories, products: report.source.products, customers: report.source.customers, orders: report.source.orders });
    expect(report.spent).toBeGreaterThan(0);
    expect(report.spent).toBeLessThanOrEqual(report.requests);
    expect(report.ratio).toBeGreaterThan(0);
    expect(report.ceilingRatio).toBeGreaterThan(0);

    const summary = formatReport(report).at(-1) ?? '';
    expect(summary).toMatch(/^bench=migration size=tiny source=tiendanube target=bigcommerce plan=pro ratio=\d+\.\d{3} /);
    expect(summary).toContain('basis=published unit=requests ceilingPerSecond=15');
    expect(Number(/ ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.ratio, 3);
  }, 120_000);

  it('refuses a plan the target does not have, naming the ones it has, before starting anything', async () => {
    await expect(runMigrationBench({ size: benchSizes.tiny, source: 'shopify', target: 'tiendanube', plan: 'plus' })).rejects.toThrow(/tiendanube has no plan "plus": one of standard, next/);
  });
});
