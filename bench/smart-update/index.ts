/**
 * `npm run bench:smart-update [-- --products 20000] [--changed 0.01] [--variable-rate 0.35]`: the source API
 * requests of one smart-update run with 1% of a 20,000-product catalogue changed, against a full rescan's.
 * DATABASE_URL selects PostgreSQL for the id map, else PGlite in memory.
 */
import { formatSmartUpdateReport } from './report';
import { runSmartUpdateBench } from './run';
import { runBenchMain } from '../run-main';

function option(args: string[], name: string): number | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const report = await runSmartUpdateBench({
    products: option(args, '--products') ?? 20_000,
    changedShare: option(args, '--changed'),
    variableRate: option(args, '--variable-rate'),
    databaseUrl: process.env.DATABASE_URL,
    log: (line) => console.log(`[bench] ${line}`),
  });
  for (const line of formatSmartUpdateReport(report)) console.log(line);
}

runBenchMain(main);
