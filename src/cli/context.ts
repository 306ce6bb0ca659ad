import type { Client } from '@temporalio/client';
import { type CodecSettings, resolveCodecSettings } from '../codec/keys';
import { loadConfig } from '../config/load';
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

export function operatorEndpoint(): OperatorEndpoint {
  const config = loadConfig();
  const codec: CodecSettings = resolveCodecSettings(config);
  const url = process.env.CUTOVER_INGRESS_URL ?? `http://${config.ingress.host === '0.0.0.0' ? '127.0.0.1' : config.ingress.host}:${config.ingress.port}`;
  return { url, token: codec.serverToken };
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
