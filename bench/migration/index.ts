/**
 * `npm run bench:migration [-- --small | --medium | --tiny] [--source woocommerce] [--target shopify] [--plan standard]
 * [--page-size 50] [--concurrency 8]`: the store migration benchmark, a seeded source simulator into an empty
 * target simulator (default WooCommerce → Shopify on the Standard plan), measured against the target's published
 * rate limit (platforms.ts). DATABASE_URL selects PostgreSQL for the store, else PGlite in memory.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { formatReport } from './report';
import { benchPlatforms, type BenchPlatform, isBenchPlatform } from './platforms';
import { runMigrationBench } from './run';
import { benchSizes, type BenchSizeName } from './sizes';
import { runBenchMain } from '../run-main';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function platformOption(args: string[], name: string, fallback: BenchPlatform): BenchPlatform {
  const value = option(args, name) ?? fallback;
  if (!isBenchPlatform(value)) throw new Error(`${name} ${value}: not a platform; one of ${benchPlatforms.join(', ')}`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizeName = (['tiny', 'small', 'medium', 'full'] as BenchSizeName[]).find((s) => args.includes(`--${s}`)) ?? 'full';
  const number = (name: string): number | undefined => (option(args, name) === undefined ? undefined : Number(option(args, name)));
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const report = await runMigrationBench({
    size: benchSizes[sizeName],
    source: platformOption(args, '--source', 'woocommerce'),
    target: platformOption(args, '--target', 'shopify'),
    plan: option(args, '--plan'),
    pageSize: number('--page-size'),
    concurrency: number('--concurrency'),
    pagesPerRun: number('--pages-per-run'),
    databaseUrl: process.env.DATABASE_URL,
    log: (line) => console.log(`[bench] ${line}`),
  });
  for (const line of formatReport(report)) console.log(line);
}

runBenchMain(main);
