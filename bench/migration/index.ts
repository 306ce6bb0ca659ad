/**
 * `npm run bench:migration [-- --small | --medium | --tiny] [--plan advanced] [--page-size 50] [--concurrency 8]`:
 * the full-size store migration benchmark (WooCommerce simulator → Shopify simulator on the Standard plan).
 * DATABASE_URL selects PostgreSQL for the store, else PGlite in memory.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { type PlanName } from '../../src/sandbox/shopify';
import { formatReport } from './report';
import { runMigrationBench } from './run';
import { benchSizes, type BenchSizeName } from './sizes';
import { runBenchMain } from '../run-main';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizeName = (['tiny', 'small', 'medium', 'full'] as BenchSizeName[]).find((s) => args.includes(`--${s}`)) ?? 'full';
  const number = (name: string): number | undefined => (option(args, name) === undefined ? undefined : Number(option(args, name)));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const report = await runMigrationBench({
    size: benchSizes[sizeName],
    plan: (option(args, '--plan') as PlanName | undefined) ?? 'standard',
    pageSize: number('--page-size'),
    concurrency: number('--concurrency'),
    pagesPerRun: number('--pages-per-run'),
    databaseUrl: process.env.DATABASE_URL,
    log: (line) => console.log(`[bench] ${line}`),
  });
  for (const line of formatReport(report)) console.log(line);
}

runBenchMain(main);
