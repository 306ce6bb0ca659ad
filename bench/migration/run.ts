import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ConnectionRegistry } from '../../src/config/secrets';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../src/domain/connections';
import { entityTypes, type EntityType } from '../../src/domain/catalog/entities';
import type { CodecKey } from '../../src/domain/config';
import type { MigrationProgress } from '../../src/domain/migration/progress';
import { temporalCliPath } from '../../src/runtime/dev-server';
import { cutoverDataConverter } from '../../src/runtime/temporal';
import { plans, startShopifySimulator, type PlanName } from '../../src/sandbox/shopify';
import { startWooCommerceSimulator } from '../../src/sandbox/woocommerce';
import { openStore } from '../../src/store/database';
import { MigrationReportRepository } from '../../src/store/migration-report-repository';
import { createCutoverWorker } from '../../src/worker';
import type { FullMigrationResult } from '../../src/workflows/migration/full-migration';
import { progressQuery } from '../../src/workflows/migration/messages';
import { cutoverSearchAttributes } from '../../src/workflows/search-attributes';
import { historyLengthsOfChain } from './history';
import { type BenchSize, seedFor } from './sizes';

export interface MigrationBenchOptions {
  size: BenchSize;
  /** The target shop's plan (default standard: 100 points/s restored, 1000-point bucket). */
  plan?: PlanName;
  pageSize?: number;
  concurrency?: number;
  pagesPerRun?: number;
  /** A PostgreSQL server for the store; default PGlite in memory. */
  databaseUrl?: string;
  /** The Temporal CLI; default $CUTOVER_TEST_TEMPORAL_CLI, else the project's cached build. */
  temporalCli?: string;
  log?: (line: string) => void;
}

/** One tenth of a type's migration, as the progress query saw it: flat figures mean the cost does not grow with the store. */
export interface MigrationBatch { type: EntityType; index: number; entities: number; seconds: number; perSecond: number }

/** What the phases cost: seconds from its first sighting to the next phase's, and cost points spent in it. */
export interface PhaseFigures { seconds: number; costPoints: number }

export interface MigrationBenchReport {
  size: BenchSize;
  plan: PlanName;
  settings: { pageSize: number; concurrency: number; pagesPerRun: number; store: 'pglite' | 'postgresql' };
  source: Record<EntityType, number> & { variations: number };
  target: { products: number; variants: number; collections: number; customers: number; orders: number };
  migrated: Record<EntityType, number>;
  failed: Record<EntityType, number>;
  verificationOk: boolean;
  /** Per entity type: source count, migrated, verified, mismatched, missing on the target, failed. */
  verification: Record<string, unknown>;
  /** The first few problems of the stored report (mismatched fields, failures), for a run that did not verify. */
  problems: string[];
  /** From the workflow's start to its result (seeding, server start and worker bundling excluded). */
  migrationSeconds: number;
  /** The whole bench: seeding, servers, bundling, migration, history fetch. */
  benchSeconds: number;
  entitiesPerHour: number;
  /** Products migrated per hour of the products phase. */
  productsPerHour: number;
  restoreRate: number;
  bucketSize: number;
  costPointsSpent: number;
  /** Each type's migration in tenths (by the progress query, sampled every half second). */
  batches: MigrationBatch[];
  /** Cost points spent per second of the migration over the plan's restore rate. */
  costPerSecondRatio: number;
  /**
   * Points spent over the most the shop could have granted in that time: the bucket's contents at the start
   * plus the restore rate times the migration's seconds. At most 1; the issue's goal is >= 0.9.
   */
  ceilingRatio: number;
  throttled: number;
  requests: number;
  phases: Record<string, PhaseFigures>;
  /** process.memoryUsage().rss sampled every 200 ms: worker, simulators and PGlite share this process. */
  peakRssMb: number;
  rssAtStartMb: number;
  runs: number;
  historyLengths: number[];
  maxHistoryLength: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

/**
 * Seeds a WooCommerce simulator, migrates it into a Shopify simulator with the real fullMigration workflow on
 * a real Temporal dev server and the production worker factory, and measures how close the run comes to
 * the target plan's cost ceiling.
 */
export async function runMigrationBench(options: MigrationBenchOptions): Promise<MigrationBenchReport> {
  const log = options.log ?? (() => undefined);
  const benchStart = performance.now();
  const plan = options.plan ?? 'standard';
  const settings = {
    pageSize: options.pageSize ?? 50,
    concurrency: options.concurrency ?? 8,
    pagesPerRun: options.pagesPerRun ?? 200,
    store: options.databaseUrl ? 'postgresql' as const : 'pglite' as const,
  };
  let peakRss = process.memoryUsage().rss;
  const rssSampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);

  log(`seeding WooCommerce: ${options.size.products} products (all variable), ${options.size.customers} customers, ${options.size.orders} orders`);
  const woo = await startWooCommerceSimulator({ seed: seedFor(options.size) });
  const shopify = await startShopifySimulator({ plan });
  const codecKeys: CodecKey[] = [{ id: 'bench', key: randomBytes(32).toString('base64') }];
  const cli = options.temporalCli ?? process.env.CUTOVER_TEST_TEMPORAL_CLI ?? temporalCliPath();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, searchAttributes: cutoverSearchAttributes },
    client: { dataConverter: cutoverDataConverter(codecKeys) },
  });
  const store = await openStore({ url: options.databaseUrl });
  try {
    const connections = new ConnectionRegistry({
      'bench-woo': { kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
      'bench-shopify': { kind: 'shopify', shopDomain: shopify.shopDomain, apiVersion: DEFAULT_SHOPIFY_API_VERSION, accessToken: shopify.accessToken, endpoint: shopify.url },
    });
    const taskQueue = `bench-migration-${process.pid}`;
    log('bundling the workflows and starting the worker');
    const worker = await createCutoverWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, codecKeys, deps: { connections, store } });
    const workflowId = `bench-migration-${options.size.name}-${Date.now()}`;
    const rssAtStart = process.memoryUsage().rss;

    const outcome = await worker.runUntil(async () => {
      const startCost = shopify.state.costPointsSpent;
      const startBucket = shopify.state.throttleStatus().currentlyAvailable;
      const started = performance.now();
      const handle = await env.client.workflow.start('fullMigration', {
        taskQueue, workflowId,
        args: [{ source: { connection: 'bench-woo' }, target: { connection: 'bench-shopify' }, holdForRetry: '0s', pageSize: settings.pageSize, concurrency: settings.concurrency, pagesPerRun: settings.pagesPerRun }],
      });
      log(`started ${workflowId}`);
      const marks: { phase: string; at: number; cost: number }[] = [];
      const batches: MigrationBatch[] = [];
      const batchMark = new Map<EntityType, { done: number; at: number }>();
      // Closes a batch of a type each time a tenth of it (or the rest, at the end) is done.
      const sampleBatches = (progress: MigrationProgress, final: boolean): void => {
        for (const type of entityTypes) {
          const { done, total } = progress.entities[type];
          const mark = batchMark.get(type);
          if (!mark) { if (done < total || final) batchMark.set(type, { done, at: performance.now() }); continue; }
          const size = Math.max(1, Math.ceil(total / 10));
          if (done - mark.done >= size || (final && done > mark.done)) {
            const seconds = (performance.now() - mark.at) / 1000;
            const batch = { type, index: batches.filter((b) => b.type === type).length + 1, entities: done - mark.done, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round(((done - mark.done) / Math.max(seconds, 0.001)) * 10) / 10 };
            batches.push(batch);
            log(`batch ${type} #${batch.index}: ${batch.entities} in ${batch.seconds} s (${batch.perSecond}/s)`);
            batchMark.set(type, { done, at: performance.now() });
          }
        }
      };
      let lastLine = 0;
      let polling: Promise<void> = Promise.resolve();
      const poll = setInterval(() => {
        polling = handle.query(progressQuery).then((progress: MigrationProgress) => {
          if (marks[marks.length - 1]?.phase !== progress.phase) marks.push({ phase: progress.phase, at: performance.now(), cost: shopify.state.costPointsSpent });
          sampleBatches(progress, false);
          if (performance.now() - lastLine > 10_000) {
            lastLine = performance.now();
            const spent = shopify.state.costPointsSpent - startCost;
            const seconds = (performance.now() - started) / 1000;
            log(`${seconds.toFixed(0)}s ${progress.phase}: ${entityTypes.map((t) => `${t} ${progress.entities[t].done}/${progress.entities[t].total}`).join(', ')}; ${(spent / seconds).toFixed(1)} points/s`);
          }
        }, () => undefined); // a query can miss while the run continues as new
      }, 500);
      try {
        const result = (await handle.result()) as FullMigrationResult;
        const ended = performance.now();
        marks.push({ phase: 'end', at: ended, cost: shopify.state.costPointsSpent });
        sampleBatches(result.progress, true);
        return { result, started, ended, startCost, startBucket, marks, batches, firstRunId: handle.firstExecutionRunId };
      } finally {
        clearInterval(poll);
        await polling; // a query still in flight must not outlive the connection
      }
    });

    const stored = await new MigrationReportRepository(store).find(workflowId);
    const problems = Object.entries(stored?.entities ?? {}).flatMap(([type, v]) => [
      ...v.mismatched.map((m) => `${type} ${m.sourceId} → ${m.targetId}: ${m.fields.join(', ')} differ`),
      ...v.missingOnTarget.map((m) => `${type} ${m.sourceId} → ${m.targetId}: missing on the target`),
      ...v.failures.map((f) => `${type} ${f.sourceId}: ${f.error}`),
    ]).slice(0, 10);
    const historyLengths = await historyLengthsOfChain(env.client, workflowId, outcome.firstRunId);
    const { result } = outcome;
    const migrationSeconds = (outcome.ended - outcome.started) / 1000;
    const costPointsSpent = shopify.state.costPointsSpent - outcome.startCost;
    const { restoreRate, maximumAvailable } = plans[plan];
    const phases: Record<string, PhaseFigures> = {};
    for (const [i, mark] of outcome.marks.entries()) {
      const next = outcome.marks[i + 1];
      if (!next) break;
      const figures = phases[mark.phase] ?? { seconds: 0, costPoints: 0 };
      figures.seconds += (next.at - mark.at) / 1000;
      figures.costPoints += next.cost - mark.cost;
      phases[mark.phase] = figures;
    }
    const migrated = Object.fromEntries(entityTypes.map((t) => [t, result.progress.entities[t].done])) as Record<EntityType, number>;
    const failed = Object.fromEntries(entityTypes.map((t) => [t, result.progress.entities[t].failed])) as Record<EntityType, number>;
    const entities = entityTypes.reduce((n, t) => n + migrated[t], 0);
    const productSeconds = phases['migrating-products']?.seconds ?? migrationSeconds;
    const target = shopify.state.counts();
    return {
      size: options.size,
      plan,
      settings,
      source: {
        categories: woo.state.count('categories'), products: woo.state.count('products'), variations: woo.state.count('variations'),
        customers: woo.state.count('customers'), orders: woo.state.count('orders'),
      },
      target: { products: target.products, variants: target.variants, collections: target.collections, customers: target.customers, orders: target.orders },
      migrated,
      failed,
      verificationOk: result.verification.ok,
      verification: result.verification.summary,
      problems,
      migrationSeconds,
      benchSeconds: (performance.now() - benchStart) / 1000,
      entitiesPerHour: (entities / migrationSeconds) * 3600,
      productsPerHour: (migrated.products / productSeconds) * 3600,
      restoreRate,
      bucketSize: maximumAvailable,
      costPointsSpent,
      batches: outcome.batches,
      costPerSecondRatio: costPointsSpent / migrationSeconds / restoreRate,
      ceilingRatio: costPointsSpent / (outcome.startBucket + restoreRate * migrationSeconds),
      throttled: shopify.state.throttledCount,
      requests: shopify.state.metrics.requests,
      phases,
      peakRssMb: mb(Math.max(peakRss, process.memoryUsage().rss)),
      rssAtStartMb: mb(rssAtStart),
      runs: result.progress.runs + 1,
      historyLengths,
      maxHistoryLength: Math.max(...historyLengths),
    };
  } finally {
    clearInterval(rssSampler);
    await store.destroy();
    await env.teardown();
    await shopify.close();
    await woo.close();
  }
}
