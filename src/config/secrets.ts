import { readFileSync } from 'node:fs';
import type { Config } from '../domain/config';
import { type Connection, type ConnectionKind, type ConnectionOf, type Secret, type SecretField, secretFields } from '../domain/connections';

export class UnknownConnectionError extends Error {
  constructor(name: string, known: string[]) {
    super(`no connection named "${name}" is configured (known: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownConnectionError';
  }
}

export class WrongConnectionKindError extends Error {
  constructor(name: string, expected: readonly string[], actual: string) {
    super(`connection "${name}" is a ${actual} connection; expected ${expected.join(' or ')}`);
    this.name = 'WrongConnectionKindError';
  }
}

export class UnresolvedSecretError extends Error {
  constructor(connection: string, field: string, why: string) {
    super(`connection "${connection}": secret ${field} cannot be resolved: ${why}`);
    this.name = 'UnresolvedSecretError';
  }
}

/**
 * Looks connections up by name and resolves their secrets. Only activities hold one of these: workflow
 * inputs carry connection names, so no credential ever enters workflow history.
 */
export class ConnectionRegistry {
  constructor(private readonly connections: Config['connections'], private readonly env: Record<string, string | undefined> = process.env) {}

  names(): string[] {
    return Object.keys(this.connections).sort();
  }

  get(name: string): Connection;
  get<K extends ConnectionKind>(name: string, ...kinds: K[]): ConnectionOf<K>;
  get(name: string, ...kinds: ConnectionKind[]): Connection {
    const connection = this.connections[name];
    if (!connection) throw new UnknownConnectionError(name, this.names());
    if (kinds.length && !kinds.includes(connection.kind)) throw new WrongConnectionKindError(name, kinds, connection.kind);
    return connection;
  }

  secret(connectionName: string, field: string, secret: Secret): string {
    if (typeof secret === 'string') return secret;
    if ('env' in secret) {
      const value = this.env[secret.env];
      if (!value) throw new UnresolvedSecretError(connectionName, field, `environment variable ${secret.env} is not set`);
      return value;
    }
    try {
      return readFileSync(secret.file, 'utf8').trim();
    } catch (err) {
      throw new UnresolvedSecretError(connectionName, field, (err as Error).message);
    }
  }

  /** A connection with its secrets resolved: what an activity hands to a connector, never to a workflow. */
  resolve<K extends ConnectionKind>(name: string, ...kinds: K[]): { connection: ConnectionOf<K>; secrets: Partial<Record<SecretField<K>, string>> } {
    const connection = this.get(name, ...kinds);
    const secrets: Partial<Record<string, string>> = {};
    for (const field of secretFields[connection.kind] as readonly string[]) {
      const value = (connection as Record<string, unknown>)[field] as Secret | undefined;
      if (value !== undefined) secrets[field] = this.secret(name, field, value);
    }
    return { connection, secrets: secrets as Partial<Record<SecretField<K>, string>> };
  }

  /** Adds or replaces a connection at run time (simulators started by the demo and tests). */
  register(name: string, connection: Connection): void {
    this.connections[name] = connection;
  }
}
