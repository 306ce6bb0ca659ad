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

/** Calls the running service's operator API (reports live in its store) with the operator token. */
export async function operatorGet<T>(path: string): Promise<T> {
  const config = loadConfig();
  const codec: CodecSettings = resolveCodecSettings(config);
  const base = process.env.CUTOVER_INGRESS_URL ?? `http://${config.ingress.host === '0.0.0.0' ? '127.0.0.1' : config.ingress.host}:${config.ingress.port}`;
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${codec.serverToken}` } });
  const body = (await res.json()) as T | { error: string };
  if (!res.ok) throw new Error(`${res.status}: ${(body as { error?: string }).error ?? 'request failed'}`);
  return body as T;
}
