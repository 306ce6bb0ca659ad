import type { Client } from '@temporalio/client';
import { resolveCodecSettings } from '../codec/keys';
import { loadConfig } from '../config/load';
import { operatorTokenFile, storedOperatorToken } from '../config/operator-token';
import type { Config } from '../domain/config';
import { connectClient } from '../runtime/temporal';

/** A Temporal client with the worker's codec, closed after the command. */
export async function withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const codec = resolveCodecSettings(config, (line) => console.error(line));
  const client = await connectClient(config, codec.keys);
  try {
    return await fn(client, config);
  } finally {
    await client.connection.close();
  }
}

/** Where the running service's operator API answers, and the operator token it wants. */
export interface OperatorEndpoint {
  url: string;
  token: string;
}

/** Where a client on this machine reaches the ingress: CUTOVER_INGRESS_URL, else its configured host and port. */
export function ingressUrl(config: Config, env: Record<string, string | undefined> = process.env): string {
  if (env.CUTOVER_INGRESS_URL) return env.CUTOVER_INGRESS_URL.replace(/\/+$/, '');
  const host = config.ingress.host === '0.0.0.0' || config.ingress.host === '::' ? '127.0.0.1' : config.ingress.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.ingress.port}`;
}

/** The operator API of the running service, with the operator token (never the codec's or a console's). */
export function operatorEndpoint(): OperatorEndpoint {
  const config = loadConfig();
  const token = storedOperatorToken(config);
  if (!token) throw new Error(`no operator token: set CUTOVER_OPERATOR_TOKEN, or start \`npm run dev\` once (it writes ${operatorTokenFile(config)})`);
  return { url: ingressUrl(config), token };
}

/** Calls the operator API (the store belongs to the running service); a 400's problems come one per line. */
export async function operatorRequest<T>(endpoint: OperatorEndpoint, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${endpoint.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${endpoint.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await res.json()) as T | { error?: string; problems?: string[] };
  if (!res.ok) {
    const failure = answer as { error?: string; problems?: string[] };
    throw new Error(failure.problems?.length ? `${res.status}:\n  ${failure.problems.join('\n  ')}` : `${res.status}: ${failure.error ?? 'request failed'}`);
  }
  return answer as T;
}

/** Calls the running service's operator API (reports live in its store) with the operator token. */
export async function operatorGet<T>(path: string): Promise<T> {
  return operatorRequest<T>(operatorEndpoint(), 'GET', path);
}
