import type { Command } from 'commander';
import { loadConfig } from '../config/load';
import type { ConnectionCheck } from '../domain/connection-check';
import { withClient } from './context';

export function registerConnectionCommands(program: Command): void {
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
}
