import { Command } from 'commander';
import { registerConnectionCommands } from './cli/connections';
import { registerConsoleCommands } from './cli/console';
import { withClient } from './cli/context';
import { registerCreditCommands } from './cli/credits';
import { registerOrderCommands } from './cli/orders';
import { registerSettingsCommands } from './cli/settings';
import { registerMigrateCommands } from './cli/migrate';
import { registerReplatformCommands } from './cli/replatform';
import { generateCodecKey } from './codec/keys';

/** The `cutover` command-line client: each domain registers its commands. */
export function buildProgram(): Command {
  const program = new Command('cutover')
    .description('Cutover: re-platform an online store on Temporal without losing a sale, a customer or a marketing flow.')
    .showHelpAfterError();

  registerConnectionCommands(program);
  registerMigrateCommands(program);
  registerReplatformCommands(program);
  registerOrderCommands(program);
  registerCreditCommands(program);
  registerSettingsCommands(program);
  registerConsoleCommands(program);

  program.command('workflows').description('list Cutover workflows (a visibility query may narrow them)')
    .option('-q, --query <query>', "e.g. \"MigrationPhase = 'completed'\"")
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
