import type { MigrationBenchReport } from './run';

/** Cloud-to-cloud migration services publish about 1,000 products an hour (the Cart2Cart seed). */
export const PUBLISHED_PRODUCTS_PER_HOUR = 1000;

const round = (value: number, digits = 0): string => value.toFixed(digits);

/** The bench's printed report; the last line is the one-line summary with `ratio=<value>`. */
export function formatReport(r: MigrationBenchReport): string[] {
  const c = r.ceiling;
  const lines = [
    `size ${r.size.name}: source (${r.sourcePlatform} simulator) ${r.source.categories} categories, ${r.source.products} products (${r.source.variants} variants), ${r.source.customers} customers, ${r.source.orders} orders`,
    `target (${r.targetPlatform} simulator, ${r.plan} plan): ${r.target.categories} categories, ${r.target.products} products (${r.target.variants} variants), ${r.target.customers} customers, ${r.target.orders} orders`,
    `ceiling (${c.basis}): ${c.perSecond} ${c.unit}/s${c.burst ? `, ${c.burst} at once` : ''}; ${c.source}`,
    `settings: pageSize ${r.settings.pageSize}, concurrency ${r.settings.concurrency}, pagesPerRun ${r.settings.pagesPerRun}, store ${r.settings.store}; worker in this process`,
    `verification: ${r.verificationOk ? 'ok' : 'NOT ok'} ${JSON.stringify(r.verification)}`,
    ...r.problems.map((p) => `  problem: ${p}`),
    `wall time: ${round(r.migrationSeconds, 1)} s migration (workflow start to result), ${round(r.benchSeconds, 1)} s whole bench`,
    `throughput: ${round(r.entitiesPerHour)} entities/hour, ${round(r.productsPerHour)} products/hour (products phase)`,
    `spent: ${r.spent} ${c.unit} in ${round(r.migrationSeconds, 1)} s = ${round(r.spent / r.migrationSeconds, 1)} ${c.unit}/s of ${c.perSecond}: ratio ${round(r.ratio, 3)}; against the ceiling (granted at once at start + rate × time) ${round(r.ceilingRatio, 3)}; ${r.throttled} throttled of ${r.requests} requests`,
    ...Object.entries(r.phases).map(([phase, f]) => `  ${phase.padEnd(22)} ${round(f.seconds, 1).padStart(8)} s ${String(f.spent).padStart(9)} ${c.unit} ${round(f.seconds > 0 ? f.spent / f.seconds / c.perSecond : 0, 3).padStart(6)} of the rate`),
    ...[...new Set(r.batches.map((b) => b.type))].map((type) => {
      const of = r.batches.filter((b) => b.type === type);
      const [first, last] = [of[0], of[of.length - 1]];
      return `  ${type} per batch (tenths): ${of.map((b) => `${b.entities} at ${b.perSecond}/s`).join(', ')}; last/first ${first && last && first.perSecond > 0 ? round(last.perSecond / first.perSecond, 2) : 'n/a'}`;
    }),
    `worker peak RSS: ${r.peakRssMb} MB (process.memoryUsage().rss of this process, which also holds both simulators and PGlite; ${r.rssAtStartMb} MB after seeding and bundling)`,
    `history: ${r.runs} runs (continue-as-new), events per run ${JSON.stringify(r.historyLengths)}, largest ${r.maxHistoryLength}`,
    `published figure: ~${PUBLISHED_PRODUCTS_PER_HOUR} products/hour cloud-to-cloud; this run: ${round(r.productsPerHour)} products/hour = ${round(r.productsPerHour / PUBLISHED_PRODUCTS_PER_HOUR, 1)}×`,
  ];
  lines.push([
    `bench=migration size=${r.size.name} source=${r.sourcePlatform} target=${r.targetPlatform} plan=${r.plan} ratio=${round(r.ratio, 3)} ceilingRatio=${round(r.ceilingRatio, 3)} basis=${c.basis} unit=${c.unit.replace(' ', '-')} ceilingPerSecond=${c.perSecond}`,
    `entitiesPerHour=${round(r.entitiesPerHour)} productsPerHour=${round(r.productsPerHour)} vsPublished=${round(r.productsPerHour / PUBLISHED_PRODUCTS_PER_HOUR, 1)}`,
    `wallSeconds=${round(r.migrationSeconds, 1)} peakRssMb=${r.peakRssMb} maxHistoryLength=${r.maxHistoryLength} runs=${r.runs} throttled=${r.throttled} verified=${r.verificationOk}`,
  ].join(' '));
  return lines;
}
