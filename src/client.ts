import { Command } from 'commander';
import { generateCodecKey, resolveCodecSettings } from './codec/keys';
import { loadConfig } from './config/load';
import type { ConnectionCheck } from './domain/connection-check';
import type { Config } from './domain/config';
import { connectClient } from './runtime/temporal';
import type { Client } from '@temporalio/client';

/** A client connected with the same codec as the worker, closed after the command. */
async function withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const codec = resolveCodecSettings(config, (line) => console.error(line));
  const client = await connectClient(config, codec.keys);
  try {
    return await fn(client, config);
  } finally {
    await client.connection.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('cutover')
    .description('Cutover: re-platform an online store on Temporal without losing a sale, a customer or a marketing flow.')
    .showHelpAfterError();

  const connections = program.command('connections').description('the named connections in configuration (no secrets are shown)');
  connections.command('list').description('list configured connections by name and kind').action(() => {
    const config = loadConfig();
    const rows = Object.entries(config.connections).map(([name, c]) => `${name}\t${c.kind}`);
    console.log(rows.length ? rows.join('\n') : 'no connections configured (see README: Configuration)');
  });
  connections.command('check').description('run the checkConnections workflow for the named connections')
    .argument('<names...>', 'connection names')
    .action(async (names: string[]) => {
      const results = await withClient((client, config) => client.workflow.execute('checkConnections', {
        taskQueue: config.temporal.taskQueue,
        workflowId: `check-connections-${Date.now()}`,
        args: [{ connections: names }],
      }) as Promise<ConnectionCheck[]>);
      for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.kind}) ${r.fingerprint ? `key ${r.fingerprint} ` : ''}${r.detail}`);
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });

  program.command('workflows').description('list Cutover workflows (a visibility query may narrow them)')
    .option('-q, --query <query>', "e.g. \"MigrationPhase = 'smart-update'\"")
    .action(async (options: { query?: string }) => {
      await withClient(async (client) => {
        for await (const w of client.workflow.list(options.query ? { query: options.query } : {})) {
          console.log(`${w.status.name.padEnd(12)} ${w.type.padEnd(20)} ${w.workflowId}`);
        }
      });
    });

  const codec = program.command('codec').description('payload encryption keys');
  codec.command('new-key').description('print a new AES-256 key as id:base64, to put in front of CUTOVER_CODEC_KEYS')
    .option('--id <id>', 'key id written into each payload')
    .action((options: { id?: string }) => {
      const key = generateCodecKey(options.id);
      console.log(`${key.id}:${key.key}`);
    });
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
