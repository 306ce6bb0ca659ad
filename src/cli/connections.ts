import type { Command } from 'commander';
import { loadConfig } from '../config/load';
import { readSandboxFile } from '../config/sandbox-file';
import type { ConnectionCheck } from '../domain/connection-check';
import { withClient } from './context';

export function registerConnectionCommands(program: Command): void {
  const connections = program.command('connections').description('the named connections in configuration (no secrets are shown)');
  connections.command('list').description('list configured connections by name and kind').action(() => {
    const config = loadConfig();
    const rows = Object.entries(config.connections).map(([name, c]) => `${name}\t${c.kind}`);
    const sandbox = rows.length ? null : readSandboxFile(config.dataDir);
    if (sandbox) {
      console.log(`no connections configured: the sandbox of npm run dev (pid ${sandbox.pid}) serves these SIMULATED ones (pages: ${sandbox.pagesUrl}/sandbox)`);
      for (const [name, c] of Object.entries(sandbox.connections)) console.log(`${name}\t${c.kind}\tSIMULATED ${c.what}\t${c.url}`);
      return;
    }
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
