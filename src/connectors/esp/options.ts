import type { z } from 'zod';
import { describeIssues } from '../../domain/validation';
import type { EspAccount } from '../../domain/esp/handoff';
import { EspError } from './errors';

/** A provider's options, validated; a bad option is permanent and names its field. */
export function parseEspOptions<S extends z.ZodType>(schema: S, account: EspAccount): z.output<S> {
  const result = schema.safeParse(account.options ?? {});
  if (result.success) return result.data;
  throw new EspError(`${account.provider} options invalid: ${describeIssues(result.error).map((p) => `options.${p}`).join('; ')}`, false);
}

/** The account's second connection (Omnisend's new brand, Cortex's new instance); permanent when missing. */
export function requireNewConnection(account: EspAccount): string {
  if (!account.newConnection) throw new EspError(`${account.provider}: newConnection is required (the new brand / instance for the new store)`, false);
  return account.newConnection;
}
