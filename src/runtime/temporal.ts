import { Client, Connection, type DataConverter } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import type { CodecKey, Config } from '../domain/config';

/**
 * The one data converter of worker and clients: every payload goes through the encryption codec, and so do
 * failure messages and stack traces (an error can quote a shopper's email).
 */
export function cutoverDataConverter(keys: readonly CodecKey[]): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    failureConverterPath: require.resolve('../codec/failure-converter'),
  };
}

export function temporalAddress(config: Config): string {
  return config.temporal.address ?? 'localhost:7233';
}

export async function connectClient(config: Config, keys: readonly CodecKey[]): Promise<Client> {
  const connection = await Connection.connect({ address: temporalAddress(config) });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: cutoverDataConverter(keys) });
}

export async function connectWorkerConnection(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect({ address: temporalAddress(config) });
}
