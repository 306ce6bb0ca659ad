import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type PurchaseSettings, purchaseSettingsSchema } from '../domain/purchase/settings';
import { parseWith } from '../domain/validation';
import { type OperatorEndpoint, operatorEndpoint, operatorRequest } from './context';

const path = (store: string): string => `/api/stores/${encodeURIComponent(store)}/settings`;

export function showSettings(api: OperatorEndpoint, store: string): Promise<PurchaseSettings> {
  return operatorRequest<PurchaseSettings>(api, 'GET', path(store));
}

/** Validated here first, so a typo is reported with its field path before anything is sent; the service validates again. */
export async function setSettings(api: OperatorEndpoint, store: string, input: unknown): Promise<PurchaseSettings> {
  const parsed = parseWith(purchaseSettingsSchema, input);
  if (!parsed.ok) throw new Error(`invalid settings:\n  ${parsed.problems.join('\n  ')}`);
  return operatorRequest<PurchaseSettings>(api, 'PUT', path(store), input);
}

function readSettingsFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

export function registerSettingsCommands(program: Command): void {
  const settings = program.command('settings').description('a store\'s purchase-experience settings (milestones, channels, quiet hours, carriers)');
  settings.command('show').argument('<store>', 'the store').description('print the settings as JSON (defaults filled in)')
    .action(async (store: string) => console.log(JSON.stringify(await showSettings(operatorEndpoint(), store), null, 2)));
  settings.command('set').argument('<store>', 'the store').description('replace the settings with a JSON file (fields left out take their defaults)')
    .requiredOption('--file <settings.json>', 'the settings JSON; - reads standard input')
    .action(async (store: string, options: { file: string }) => {
      const saved = await setSettings(operatorEndpoint(), store, readSettingsFile(options.file));
      console.log(JSON.stringify(saved, null, 2));
    });
}
