/**
 * `npm run demo:migration`: a full store migration you can watch. It starts a seeded WooCommerce simulator and
 * an empty Shopify simulator on loopback, prints their connection JSON, runs its own worker on the task queue
 * `cutover-demo` (the simulators' connections are known only to it) against the Temporal server of a running
 * `npm run dev` (TEMPORAL_ADDRESS, default localhost:7233), starts `fullMigration` as migration-demo-<time>,
 * draws progress bars until it is done and prints the verification summary. The workflow stays in the
 * Web UI (http://localhost:8233) with its payloads encrypted by the same codec keys as `npm run dev`.
 *
 * Options: --products N --customers N --orders N (store size), --plan standard|advanced|plus (the Shopify
 * plan's rate limit), --keep (keep the simulators up after the migration until Ctrl-C).
 */
import { Connection as ClientConnection, Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { progressBar } from '../src/cli/progress-bar';
import { resolveCodecSettings } from '../src/codec/keys';
import { loadConfig } from '../src/config/load';
import { ConnectionRegistry } from '../src/config/secrets';
import { entityTypes } from '../src/domain/catalog/entities';
import { DEFAULT_SHOPIFY_API_VERSION, type Connection } from '../src/domain/connections';
import type { MigrationProgress } from '../src/domain/migration/progress';
import { cutoverDataConverter, temporalAddress } from '../src/runtime/temporal';
import { startShopifySimulator, type PlanName } from '../src/sandbox/shopify';
import { startWooCommerceSimulator } from '../src/sandbox/woocommerce';
import { openStore } from '../src/store/database';
import { createCutoverWorker } from '../src/worker';
import type { FullMigrationResult } from '../src/workflows/migration/full-migration';
import { progressQuery } from '../src/workflows/migration/messages';

const DEMO_TASK_QUEUE = 'cutover-demo';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] ?? fallback : fallback;
}

function progressLines(progress: MigrationProgress): string[] {
  return [
    `phase: ${progress.phase.padEnd(22)} run ${progress.runs + 1}`,
    ...entityTypes.map((t) => {
      const e = progress.entities[t];
      return `  ${t.padEnd(11)} ${progressBar(e.done + e.failed, e.total)} ${e.done}/${e.total} done, ${e.failed} failed`;
    }),
  ];
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig();
  const address = temporalAddress(config);
  const codec = resolveCodecSettings(config, (line) => console.log(`[demo] ${line}`));
  const size = { products: Number(option('products', '60')), customers: Number(option('customers', '40')), orders: Number(option('orders', '80')) };
  const plan = option('plan', 'standard') as PlanName;

  let clientConnection: ClientConnection;
  try {
    clientConnection = await ClientConnection.connect({ address, connectTimeout: '5s' });
  } catch (err) {
    throw new Error(`no Temporal server answers at ${address}: start \`npm run dev\` in another terminal (or set TEMPORAL_ADDRESS). ${(err as Error).message}`);
  }

  const woo = await startWooCommerceSimulator({ seed: { seed: 42, categories: 6, variableRate: 0.5, ...size } });
  const shopify = await startShopifySimulator({ plan });
  const connections: Record<string, Connection> = {
    'demo-woo': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
    'demo-shopify': { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
  };
  console.log(`[demo] WooCommerce simulator (seeded: ${woo.state.count('products')} products, ${woo.state.count('customers')} customers, ${woo.state.count('orders')} orders) at ${woo.url}`);
  console.log(`[demo] Shopify simulator (empty, ${plan} plan) at ${shopify.url}`);
  console.log('[demo] their connections (CUTOVER_CONNECTIONS or the "connections" of cutover.config.json):');
  console.log(JSON.stringify(connections, null, 2));

  // The dev server's PGlite belongs to `npm run dev`; the demo keeps its id map and report in memory.
  const store = await openStore({ url: config.database.url });
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await createCutoverWorker({
    connection: workerConnection, namespace: config.temporal.namespace, taskQueue: DEMO_TASK_QUEUE, codecKeys: codec.keys,
    deps: { connections: new ConnectionRegistry(connections), store },
  });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter: cutoverDataConverter(codec.keys) });
  const workflowId = `migration-demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  const stop = (): void => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    const result = await worker.runUntil(async () => {
      const handle = await client.workflow.start('fullMigration', {
        taskQueue: DEMO_TASK_QUEUE, workflowId,
        args: [{ source: { connection: 'demo-woo' }, target: { connection: 'demo-shopify' }, storeDomain: 'demo-woo.example', pageSize: 25, holdForRetry: '0s' }],
      });
      console.log(`[demo] started fullMigration ${workflowId} on task queue ${DEMO_TASK_QUEUE}`);
      console.log(`[demo] watch it: http://localhost:8233/namespaces/${config.temporal.namespace}/workflows/${workflowId}`);
      const done = handle.result() as Promise<FullMigrationResult>;
      let drawn = 0;
      const tty = process.stdout.isTTY;
      for (let finished = false; !finished;) {
        finished = await Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
        const progress = await handle.query(progressQuery).catch(() => null);
        if (!progress) continue;
        const lines = progressLines(progress);
        if (tty && drawn) process.stdout.write(`\x1b[${drawn}A`);
        if (tty || finished) process.stdout.write(`${lines.map((l) => (tty ? `${l}\x1b[K` : l)).join('\n')}\n`);
        drawn = lines.length;
      }
      return done;
    });
    console.log(`[demo] verification: ${result.verification.ok ? 'OK' : 'NOT OK'} (Shopify cost points spent: ${shopify.state.costPointsSpent}, THROTTLED answers: ${shopify.state.throttledCount})`);
    console.log(`  ${'type'.padEnd(11)} ${'source'.padStart(7)} ${'migrated'.padStart(9)} ${'verified'.padStart(9)} ${'mismatch'.padStart(9)} ${'missing'.padStart(8)} ${'failed'.padStart(7)}`);
    for (const [type, v] of Object.entries(result.verification.summary as Record<string, Record<string, number>>)) {
      console.log(`  ${type.padEnd(11)} ${String(v.sourceCount).padStart(7)} ${String(v.migrated).padStart(9)} ${String(v.verified).padStart(9)} ${String(v.mismatched).padStart(9)} ${String(v.missingOnTarget).padStart(8)} ${String(v.failed).padStart(7)}`);
    }
    if (process.argv.includes('--keep')) {
      console.log('[demo] simulators stay up (--keep); Ctrl-C stops them');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await workerConnection.close();
    await clientConnection.close();
    await store.destroy();
    await shopify.close();
    await woo.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
