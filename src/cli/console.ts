import type { Command } from 'commander';
import type { ConsoleTokenInfo } from '../store/console-tokens';
import { type OperatorEndpoint, operatorEndpoint, operatorRequest } from './context';

const path = (store: string, id?: string): string =>
  `/api/stores/${encodeURIComponent(store)}/console-tokens${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

export type CreatedConsoleToken = ConsoleTokenInfo & { token: string };

/** A new console token for one store (the service keeps only its hash: this is the one time it is seen). */
export function createConsoleToken(api: OperatorEndpoint, store: string): Promise<CreatedConsoleToken> {
  return operatorRequest<CreatedConsoleToken>(api, 'POST', path(store));
}

export function listConsoleTokens(api: OperatorEndpoint, store: string): Promise<ConsoleTokenInfo[]> {
  return operatorRequest<ConsoleTokenInfo[]>(api, 'GET', path(store));
}

/** Revokes one token of the store by its id, or every token of the store. */
export async function revokeConsoleTokens(api: OperatorEndpoint, store: string, id?: string): Promise<string[]> {
  return (await operatorRequest<{ revoked: string[] }>(api, 'DELETE', path(store, id))).revoked;
}

/** The console's address with the token in the fragment: browsers never send a fragment to the server. */
export function consoleLink(api: OperatorEndpoint, created: CreatedConsoleToken): string {
  return `${api.url}/console/${encodeURIComponent(created.store)}#token=${encodeURIComponent(created.token)}`;
}

export function registerConsoleCommands(program: Command): void {
  const consoleCommand = program.command('console').description('merchant consoles: one token per store');
  const token = consoleCommand.command('token').description('a store\'s console tokens (each opens that store\'s console only)');
  token.command('create').argument('<store>', 'the store').description('make a console token for the store; it is shown once')
    .action(async (store: string) => {
      const api = operatorEndpoint();
      const created = await createConsoleToken(api, store);
      console.log(`console token ${created.id} for ${created.store} (shown once; only its hash is kept):`);
      console.log(created.token);
      console.log(`open the console with it: ${consoleLink(api, created)}`);
    });
  token.command('list').argument('<store>', 'the store').description('the ids of the store\'s live console tokens')
    .action(async (store: string) => {
      const tokens = await listConsoleTokens(operatorEndpoint(), store);
      if (tokens.length === 0) console.log(`${store} has no console token`);
      for (const t of tokens) console.log(`${t.id}  created ${t.createdAt}`);
    });
  token.command('revoke').argument('<store>', 'the store').argument('[token-id]', 'one token\'s id (`list` shows them); without it, all of the store\'s')
    .description('revoke a console token of the store, or all of them')
    .action(async (store: string, id: string | undefined) => {
      const revoked = await revokeConsoleTokens(operatorEndpoint(), store, id);
      console.log(revoked.length ? `revoked ${revoked.join(', ')} for ${store}` : `${store} had no console token to revoke`);
    });
}
