import type { SmartUpdateBenchReport } from './run';

const counts = (breakdown: Record<string, number>): string => Object.entries(breakdown).sort((a, b) => b[1] - a[1]).map(([route, n]) => `${route} ×${n}`).join(', ');

/** The report as lines; the last is the one-line `key=value` summary with `ratio=`. */
export function formatSmartUpdateReport(r: SmartUpdateBenchReport): string[] {
  return [
    `source: WooCommerce simulator, ${r.products} products (${Math.round(r.variableRate * 100)}% variable, ${r.variations} variations); target: a second WooCommerce simulator; id map in ${r.store}`,
    `setup: seed ${r.seconds.seed} s, migration of the products with the real migratePage activity ${r.seconds.migration} s (${r.migrated} products in the id map)`,
    `changed on the source: ${r.changed} products (${((r.changed / r.products) * 100).toFixed(2)}%): a price, on a variation for variable products`,
    `smart update (one run of the smartUpdate activity, ${r.seconds.smartUpdate} s): ${r.smartUpdateRequests} source requests [${counts(r.smartUpdateBreakdown)}]`,
    `  summary: ${r.summary.changed} changed, ${r.summary.updated} updated, ${r.summary.created} created, ${r.summary.conflicted} conflicted, ${r.summary.failed} failed, ${r.summary.unchanged} unchanged`,
    `full rescan (every page of 100 and every variable product's variations, ${r.seconds.fullRescan} s): ${r.fullRescanRequests} source requests [${counts(r.fullRescanBreakdown)}]`,
    `bench=smart-update products=${r.products} changed=${r.changed} smart_update_requests=${r.smartUpdateRequests} full_rescan_requests=${r.fullRescanRequests} updated=${r.summary.updated} failed=${r.summary.failed} ratio=${r.ratio.toFixed(4)}`,
  ];
}
