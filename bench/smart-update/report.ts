import type { MigrationBatch, SmartUpdateBenchReport } from './run';

const counts = (breakdown: Record<string, number>): string => Object.entries(breakdown).sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ×${n}`).join(', ');

/** The last batch's throughput over the first's, for one type (1.00 = flat; below 0.80 the cost grows with the store). */
export function lastVsFirst(batches: readonly MigrationBatch[], type: string): string {
  const of = batches.filter((b) => b.type === type);
  const [first, last] = [of[0], of[of.length - 1]];
  return first && last && first.perSecond > 0 ? (last.perSecond / first.perSecond).toFixed(2) : 'n/a';
}

/** The set-up migration's throughput per batch, one line a type, so growth shows. */
export function formatBatches(batches: readonly MigrationBatch[]): string[] {
  const types = [...new Set(batches.map((b) => b.type))];
  return types.map((type) => {
    const of = batches.filter((b) => b.type === type);
    return `  ${type} per batch of ${of[0]?.entities ?? 0}: ${of.map((b) => `${b.perSecond}/s (${b.cpuSeconds} CPU s)`).join(', ')} (last/first ${lastVsFirst(batches, type)})`;
  });
}

/** The report as lines; the last is the one-line `key=value` summary with `ratio=`. */
export function formatSmartUpdateReport(r: SmartUpdateBenchReport): string[] {
  return [
    `source: WooCommerce simulator, ${r.products} products (${Math.round(r.variableRate * 100)}% variable, ${r.variations} variations); target: a second WooCommerce simulator; id map in ${r.store}`,
    `setup: seed ${r.seconds.seed} s, migration of the products with the real migratePage activity ${r.seconds.migration} s (${r.migrated} products in the id map)`,
    ...formatBatches(r.batches),
    `changed on the source: ${r.changed} products (${((r.changed / r.products) * 100).toFixed(2)}%): a price, on a variation for variable products; ${r.changedByType.customers} of ${r.customers} customers (an unsubscribe or a new name); ${r.changedByType.orders} of ${r.orders} orders (paid, cancelled or shipped with tracking)`,
    `smart update (one run of the smartUpdate activity, ${r.seconds.smartUpdate} s): ${r.smartUpdateRequests} source requests [${counts(r.smartUpdateBreakdown)}]`,
    `  summary: ${r.summary.changed} changed, ${r.summary.updated} updated, ${r.summary.created} created, ${r.summary.conflicted} conflicted, ${r.summary.failed} failed, ${r.summary.unchanged} unchanged`,
    `full rescan (every page of 100 and every variable product's variations, ${r.seconds.fullRescan} s): ${r.fullRescanRequests} source requests [${counts(r.fullRescanBreakdown)}]`,
    `bench=smart-update products=${r.products} customers=${r.customers} orders=${r.orders} changed=${r.changed + r.changedByType.customers + r.changedByType.orders} last_batch_vs_first=${lastVsFirst(r.batches, 'products')} smart_update_requests=${r.smartUpdateRequests} full_rescan_requests=${r.fullRescanRequests} updated=${r.summary.updated} failed=${r.summary.failed} ratio=${r.ratio.toFixed(4)}`,
  ];
}
