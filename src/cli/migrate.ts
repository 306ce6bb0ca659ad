import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { entityTypes } from '../domain/catalog/entities';
import type { FullMigrationInput } from '../domain/migration/input';
import type { MigrationPreview, PreviewMigrationInput } from '../domain/migration/preview';
import type { MigrationProgress, VerificationReport } from '../domain/migration/progress';
import { resultSurvivingOutages } from '../runtime/reconnect';
import { progressQuery, retryFailedUpdate } from '../workflows/migration/messages';
import { operatorGet, withClient } from './context';
import { printPreview } from './preview';
import { progressBar } from './progress-bar';

function printProgress(progress: MigrationProgress): void {
  console.log(`migration ${progress.migrationId}: ${progress.phase} (${progress.sourcePlatform ?? '?'} → ${progress.targetPlatform ?? '?'}, run ${progress.runs + 1})`);
  for (const type of entityTypes) {
    const e = progress.entities[type];
    if (e.total === 0 && e.done === 0 && e.failed === 0) continue;
    console.log(`  ${type.padEnd(11)} ${progressBar(e.done + e.failed, e.total)} ${e.done}/${e.total} done, ${e.failed} failed, ${e.skipped} unchanged`);
  }
}

function parseStatusMap(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=').map((s) => s.trim()) as [string, string]));
}

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('full store migration (the fullMigration workflow)');

  migrate.command('start').description('start a full migration; its id is the workflow id')
    .option('--source <connection>', 'connection of the store to copy from')
    .option('--target <connection>', 'connection of the store to copy to')
    .option('--id <id>', 'migration id (default: migration-<source>-to-<target>)')
    .option('--input <file>', 'the whole fullMigration input as a JSON file (options below override it)')
    .option('--store-domain <domain>', 'the store\'s domain, shown in the StoreDomain search attribute')
    .option('--types <list>', `entity types, comma-separated (default: ${entityTypes.join(',')})`)
    .option('--status-map <pairs>', 'order-status overrides: source=target,source=target')
    .option('--page-size <n>', 'entities per page (1-100)', Number)
    .option('--concurrency <n>', 'concurrent writes per target', Number)
    .option('--wait', 'wait for the result and print the verification summary')
    .action(async (options: { source?: string; target?: string; id?: string; input?: string; storeDomain?: string; types?: string; statusMap?: string; pageSize?: number; concurrency?: number; wait?: boolean }) => {
      const fromFile = options.input ? (JSON.parse(readFileSync(options.input, 'utf8')) as Partial<FullMigrationInput>) : {};
      const source = options.source ?? fromFile.source?.connection;
      const target = options.target ?? fromFile.target?.connection;
      if (!source || !target) throw new Error('name the connections: --source <connection> --target <connection> (or --input file.json)');
      const input = {
        ...fromFile,
        source: { connection: source },
        target: { connection: target },
        ...(options.storeDomain ? { storeDomain: options.storeDomain } : {}),
        ...(options.types ? { entityTypes: options.types.split(',') } : {}),
        ...(options.statusMap ? { statusMap: parseStatusMap(options.statusMap) } : {}),
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      } as FullMigrationInput;
      const workflowId = options.id ?? input.migrationId ?? `migration-${source}-to-${target}`;
      await withClient(async (client, config) => {
        const handle = await client.workflow.start('fullMigration', { taskQueue: config.temporal.taskQueue, workflowId, args: [input] });
        console.log(`started migration ${workflowId} (run ${handle.firstExecutionRunId})`);
        console.log(`follow it: cutover migrate status ${workflowId}   or the Web UI, workflow ${workflowId}`);
        if (options.wait) {
          // A server restart while waiting is waited out: the migration runs on, and so does the wait.
          const result = await resultSurvivingOutages<{ verification: { ok: boolean; summary: unknown } }>(handle, {
            onOutage: (err) => console.error(`the Temporal server is not answering (${err instanceof Error ? err.message : String(err)}); waiting for it`),
            onBack: () => console.error('the Temporal server answers again; still waiting for the migration'),
          });
          console.log(JSON.stringify(result.verification, null, 2));
          if (!result.verification.ok) process.exitCode = 1;
        }
      });
    });

  migrate.command('preview').description('what a migration would do, before anything is written (the previewMigration workflow)')
    .requiredOption('--source <connection>', 'connection of the store to copy from')
    .requiredOption('--target <connection>', 'connection of the store to copy to')
    .option('--id <id>', 'workflow id (default: preview-<source>-to-<target>-<time>)')
    .option('--types <list>', `entity types, comma-separated (default: ${entityTypes.join(',')})`)
    .option('--status-map <pairs>', 'order-status overrides: source=target,source=target')
    .option('--samples <n>', 'records per type shown side by side (0-20, default 5)', Number)
    .option('--json', 'print the whole preview as JSON')
    .action(async (options: { source: string; target: string; id?: string; types?: string; statusMap?: string; samples?: number; json?: boolean }) => {
      const input = {
        source: { connection: options.source },
        target: { connection: options.target },
        ...(options.types ? { entityTypes: options.types.split(',') } : {}),
        ...(options.statusMap ? { statusMap: parseStatusMap(options.statusMap) } : {}),
        ...(options.samples !== undefined ? { samples: options.samples } : {}),
      } as PreviewMigrationInput;
      const workflowId = options.id ?? `preview-${options.source}-to-${options.target}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      await withClient(async (client, config) => {
        if (!options.json) console.error(`previewing ${options.source} → ${options.target} (workflow ${workflowId}); nothing is written`);
        const preview = (await client.workflow.execute('previewMigration', { taskQueue: config.temporal.taskQueue, workflowId, args: [input] })) as MigrationPreview;
        if (options.json) console.log(JSON.stringify(preview, null, 2));
        else printPreview(preview);
      });
    });

  migrate.command('status').description('phase and a progress bar per entity type')
    .argument('<id>', 'migration id')
    .action(async (id: string) => {
      await withClient(async (client) => printProgress(await client.workflow.getHandle(id).query(progressQuery)));
    });

  migrate.command('report').description('the verification report: counts and checksums, source against target')
    .argument('<id>', 'migration id')
    .option('--json', 'print the whole report as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const report = await operatorGet<VerificationReport>(`/api/migrations/${encodeURIComponent(id)}/report`);
      if (options.json) return console.log(JSON.stringify(report, null, 2));
      console.log(`migration ${report.migrationId} (${report.sourcePlatform} → ${report.targetPlatform}) at ${report.generatedAt}: ${report.ok ? 'VERIFIED' : 'NOT VERIFIED'}`);
      console.log(`  ${'type'.padEnd(11)} ${'source'.padStart(7)} ${'migrated'.padStart(9)} ${'verified'.padStart(9)} ${'mismatch'.padStart(9)} ${'missing'.padStart(8)} ${'failed'.padStart(7)}`);
      for (const [type, v] of Object.entries(report.entities)) {
        console.log(`  ${type.padEnd(11)} ${String(v.sourceCount).padStart(7)} ${String(v.migrated).padStart(9)} ${String(v.verified).padStart(9)} ${String(v.mismatched.length).padStart(9)} ${String(v.missingOnTarget.length).padStart(8)} ${String(v.failed).padStart(7)}`);
        for (const f of v.failures.slice(0, 20)) console.log(`      failed ${type} ${f.sourceId}: ${f.error}`);
        for (const m of v.mismatched.slice(0, 20)) console.log(`      mismatch ${type} ${m.sourceId} → ${m.targetId}: ${m.fields.join(', ')}`);
        if (v.unexpectedOnTarget) console.log(`      unexpected on the target: ${v.unexpectedOnTargetReason ?? `${v.unexpectedOnTarget} more ${type}`}`);
      }
      if (!report.ok) process.exitCode = 1;
    });

  migrate.command('retry-failed').description('re-run just the records that failed (the retryFailed update)')
    .argument('<id>', 'migration id')
    .action(async (id: string) => {
      await withClient(async (client) => {
        const result = await client.workflow.getHandle(id).executeUpdate(retryFailedUpdate);
        console.log(`retried ${result.retried}: ${result.nowMigrated} now migrated, ${result.stillFailed} still failing`);
      });
    });
}
