import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { ConnectionCheck } from '../../domain/connection-check';
import type { Connection } from '../../domain/connections';
import { type ConnectionRegistry, UnknownConnectionError, UnresolvedSecretError, WrongConnectionKindError } from '../../config/secrets';

/** A live check a connector offers for its kind of connection; resolves to a short human-readable detail. */
export type ConnectionProbe = (connection: Connection, secrets: Record<string, string | undefined>) => Promise<string>;

export interface ConnectionActivityDeps {
  connections: ConnectionRegistry;
  probes?: Partial<Record<Connection['kind'], ConnectionProbe>>;
}

/** Permanent configuration problems are not retried: no amount of waiting adds a missing connection. */
export function asPermanent(err: unknown): never {
  if (err instanceof UnknownConnectionError || err instanceof WrongConnectionKindError || err instanceof UnresolvedSecretError) {
    throw ApplicationFailure.nonRetryable(err.message, err.name);
  }
  throw err;
}

export function createConnectionActivities(deps: ConnectionActivityDeps) {
  return {
    async checkConnection(name: string): Promise<ConnectionCheck> {
      let resolved: { connection: Connection; secrets: Record<string, string | undefined> };
      try {
        resolved = deps.connections.resolve(name);
      } catch (err) {
        return asPermanent(err);
      }
      const { connection, secrets } = resolved;
      const fingerprint = createHash('sha256')
        .update(Object.keys(secrets).sort().map((k) => `${k}=${secrets[k] ?? ''}`).join('\n'))
        .digest('hex').slice(0, 12);
      const probe = deps.probes?.[connection.kind];
      const detail = probe ? await probe(connection, secrets) : 'configured; credentials resolve (no live probe for this kind yet)';
      return { name, kind: connection.kind, ok: true, fingerprint, detail };
    },
  };
}

export type ConnectionActivities = ReturnType<typeof createConnectionActivities>;
