import { Client, Connection, type DataConverter } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import type { CodecKey, Config } from '../domain/config';
import { readTemporalProfile, type TemporalProfile } from './temporal-profile';

/** Failures are encoded in workflow code too: the worker's bundle (and the prebuilt one, scripts/build.ts) includes this. */
export const FAILURE_CONVERTER_PATH = require.resolve('../codec/failure-converter');

/**
 * The one data converter of worker and clients: every payload goes through the encryption codec, and so do
 * failure messages and stack traces (an error can quote a shopper's email).
 */
export function cutoverDataConverter(keys: readonly CodecKey[]): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

export function temporalAddress(config: Config): string {
  return config.temporal.address ?? 'localhost:7233';
}

/**
 * What every connection (worker, client, ingress, CLI) dials: the configured address (TEMPORAL_ADDRESS, the
 * config file, else the profile's), secured as the Temporal profile says: TLS, a client certificate, an API key.
 */
export function temporalConnectionOptions(config: Config, env: Record<string, string | undefined> = process.env): Omit<TemporalProfile, 'namespace'> & { address: string } {
  const { address: _profileAddress, namespace: _namespace, ...security } = readTemporalProfile(env);
  return { ...security, address: temporalAddress(config) };
}

export async function connectClient(config: Config, keys: readonly CodecKey[], env: Record<string, string | undefined> = process.env): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config, env));
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: cutoverDataConverter(keys) });
}

export async function connectWorkerConnection(config: Config, env: Record<string, string | undefined> = process.env): Promise<NativeConnection> {
  return NativeConnection.connect(temporalConnectionOptions(config, env));
}
