/**
 * `npm run demo:migration`: a full store migration you can watch, run by `npm run dev` itself. With the
 * sandbox of `npm run dev` up (no connections configured), it starts `fullMigration` as
 * migration-demo-<time> on the `cutover` task queue from the sandbox's seeded WooCommerce store `old-shop`
 * into its Shopify store `new-shop`, draws progress bars until it is done and prints the verification
 * summary. The dev worker writes the id map and the report into the dev store, so
 * `./bin/cutover migrate report migration-demo-<time>` shows it afterwards, and the workflow stays in the
 * Web UI (http://localhost:8233).
 *
 * Options: --id <workflow id>, --page-size N (1-100, default 25).
 */
import { Client, Connection as ClientConnection } from '@temporalio/client';
import { progressBar } from '../src/cli/progress-bar';
import { resolveCodecSettings } from '../src/codec/keys';
import { loadConfig } from '../src/config/load';
import { readSandboxFile } from '../src/config/sandbox-file';
import { entityTypes } from '../src/domain/catalog/entities';
import type { MigrationProgress } from '../src/domain/migration/progress';
import { resultSurvivingOutages } from '../src/runtime/reconnect';
import { cutoverDataConverter, temporalAddress } from '../src/runtime/temporal';
import type { FullMigrationResult } from '../src/workflows/migration/full-migration';
import { progressQuery } from '../src/workflows/migration/messages';

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

/** The sandbox's Shopify figures from its pages (cost points spent so far), or null when they cannot be read. */
async function shopifyFigures(pagesUrl: string): Promise<{ costPointsSpent: number; throttled: number } | null> {
  try {
    const state = (await (await fetch(`${pagesUrl}/sandbox/state.json`)).json()) as { 'new-shop'?: { costPointsSpent: number; throttled: number } };
    return state['new-shop'] ?? null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const sandbox = readSandboxFile(config.dataDir);
  if (!sandbox) {
    throw new Error('the demo runs against the sandbox of `npm run dev`: start `npm run dev` (with no connections configured) in another terminal first'
      + (Object.keys(config.connections).length ? ` (connections are configured here: ${Object.keys(config.connections).join(', ')}, so npm run dev starts no sandbox)` : ''));
  }
  const address = temporalAddress(config);
  const codec = resolveCodecSettings(config, (line) => console.log(`[demo] ${line}`));
  let connection: ClientConnection;
  try {
    connection = await ClientConnection.connect({ address, connectTimeout: '5s' });
  } catch (err) {
    throw new Error(`no Temporal server answers at ${address}: is \`npm run dev\` running? ${(err as Error).message}`);
  }
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: cutoverDataConverter(codec.keys) });
  const workflowId = option('id', `migration-demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`);
  const source = sandbox.connections['old-shop'];
  const target = sandbox.connections['new-shop'];
  console.log(`[demo] SIMULATED source old-shop: ${source?.what ?? '?'} (${source?.url ?? '?'})`);
  console.log(`[demo] SIMULATED target new-shop: ${target?.what ?? '?'} (${target?.url ?? '?'})`);
  const before = await shopifyFigures(sandbox.pagesUrl);

  try {
    const handle = await client.workflow.start('fullMigration', {
      taskQueue: config.temporal.taskQueue, workflowId,
      // holdForRetry 0s: the demo ends with its report; `retryFailed` is for migrations that wait for a fix.
      args: [{ source: { connection: 'old-shop' }, target: { connection: 'new-shop' }, storeDomain: 'shop.example', pageSize: Number(option('page-size', '25')), holdForRetry: '0s' }],
    });
    console.log(`[demo] started fullMigration ${workflowId} on task queue ${config.temporal.taskQueue} (the npm run dev worker)`);
    console.log(`[demo] watch it: http://localhost:8233/namespaces/${config.temporal.namespace}/workflows/${workflowId}`);
    // The server may restart meanwhile (kill it, start it again): the migration goes on, and the demo waits for it.
    const done = resultSurvivingOutages<FullMigrationResult>(handle, {
      onOutage: () => console.log('[demo] the Temporal server is not answering: waiting for it (the migration resumes when it is back)'),
      onBack: () => console.log('[demo] the Temporal server answers again'),
    });
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
    const result = await done;
    const after = await shopifyFigures(sandbox.pagesUrl);
    const cost = before && after ? ` (Shopify cost points spent: ${after.costPointsSpent - before.costPointsSpent}, THROTTLED answers: ${after.throttled - before.throttled})` : '';
    console.log(`[demo] verification: ${result.verification.ok ? 'OK' : 'NOT OK'}${cost}`);
    console.log(`  ${'type'.padEnd(11)} ${'source'.padStart(7)} ${'migrated'.padStart(9)} ${'verified'.padStart(9)} ${'mismatch'.padStart(9)} ${'missing'.padStart(8)} ${'failed'.padStart(7)}`);
    for (const [type, v] of Object.entries(result.verification.summary as Record<string, Record<string, number>>)) {
      console.log(`  ${type.padEnd(11)} ${String(v.sourceCount).padStart(7)} ${String(v.migrated).padStart(9)} ${String(v.verified).padStart(9)} ${String(v.mismatched).padStart(9)} ${String(v.missingOnTarget).padStart(8)} ${String(v.failed).padStart(7)}`);
    }
    console.log(`[demo] the whole report, with each failure's reason: ./bin/cutover migrate report ${workflowId}`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
