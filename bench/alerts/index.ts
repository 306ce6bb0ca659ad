/**
 * `npm run bench:alerts [-- --small | --seconds N] [--rates 20,50,100] [--sms]`: signed Shopify order-paid
 * webhooks at 20, 50 and 100 orders per second for a minute each (--small: 3 s each, a CI-size run), from a
 * load generator in its own process, through the ingress, the production worker (its own process) and a real
 * Temporal dev server to a real SMTP server on loopback (and the Twilio simulator with --sms). For each rate:
 * p50 and p99 from webhook to provider acceptance, against the same connector called directly at the same
 * rate; where the time went (ingress, workflow and activity tasks from the histories, the provider); history
 * events per order; the worker's CPU milliseconds per alert. Each phase drains before the next one.
 * DATABASE_URL selects PostgreSQL for the store, else PGlite (in the worker's process).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { formatReport } from './report';
import { runAlertsBench } from './run';
import { runBenchMain } from '../run-main';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function positive(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) throw new Error(`${what}: a positive number up to 3600, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rates = option(args, '--rates')?.split(',').map((r) => positive(r, '--rates') as number);
  const seconds = positive(option(args, '--seconds'), '--seconds') ?? (args.includes('--small') ? 3 : 60);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const report = await runAlertsBench({
    ...(rates ? { rates } : {}),
    seconds,
    channels: args.includes('--sms') ? ['email', 'sms'] : ['email'],
    databaseUrl: process.env.DATABASE_URL,
    log: (line) => console.log(`[bench] ${line}`),
  });
  for (const line of formatReport(report)) console.log(line);
}

runBenchMain(main);
