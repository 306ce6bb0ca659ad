import { formatReport, percentile } from '../../bench/alerts/report';
import { runAlertsBench } from '../../bench/alerts/run';

/** The alerts benchmark's smoke test at a tiny size: it runs end to end and reports figures of the right shape. No timing is asserted. */
describe('bench/alerts at a tiny size', () => {
  it('percentiles are nearest-rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('sends signed webhooks through the real stack and direct sends at each rate, and prints a summary with p99_ms and ratio', async () => {
    const report = await runAlertsBench({ rates: [4, 8], seconds: 1, channels: ['email', 'sms'], drainSeconds: 60 });

    expect(report.rates.map((r) => [r.rate, r.orders])).toEqual([[4, 4], [8, 8]]);
    for (const r of report.rates) {
      expect(r.webhookErrors).toBe(0);
      for (const figures of [r.temporal, r.direct]) {
        expect(figures.map((f) => f.channel)).toEqual(['email', 'sms']);
        for (const f of figures) {
          expect(f).toMatchObject({ sent: r.orders, accepted: r.orders, pending: 0 });
          expect(f.p50Ms).toBeGreaterThanOrEqual(0);
          expect(f.p99Ms).toBeGreaterThanOrEqual(f.p50Ms);
          expect(f.maxMs).toBeGreaterThanOrEqual(f.p99Ms);
        }
      }
      expect(Number.isFinite(r.ratioP99)).toBe(true);
      expect(r.ratioP99).toBeGreaterThan(0);
    }

    const lines = formatReport(report);
    const summary = lines[lines.length - 1] ?? '';
    // No 100/s rate was run: the summary speaks for the highest rate.
    expect(summary).toMatch(/^bench=alerts rate=8 seconds=1 channel=email p50_ms=\d+ p99_ms=\d+ direct_p99_ms=\d+ ratio=\d+\.\d{2} /);
    expect(Number(/ p99_ms=(\d+)/.exec(summary)?.[1])).toBe(report.rates[1]?.temporal[0]?.p99Ms);
    expect(Number(/ ratio=([\d.]+)/.exec(summary)?.[1])).toBeCloseTo(report.rates[1]?.ratioP99 ?? Number.NaN, 2);
    expect(summary).toContain('pending=0');
    expect(lines.filter((l) => /^\s+\d+\s+[\d.]+\s+\d+\s+(email|sms)\s+(temporal|direct)\s/.test(l))).toHaveLength(8);
  }, 180_000);
});
