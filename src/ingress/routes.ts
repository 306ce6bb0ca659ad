import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import type { CodecSettings } from '../codec/keys';
import type { Config } from '../domain/config';
import type { Store } from '../store/database';
import { codecServerRoute } from './codec-server';
import type { Route } from './http';
import { migrationApiRoute } from './migration-api';

/** Every route the ingress serves, in one list shared by `npm run dev` and the standalone ingress. */
export function ingressRoutes(config: Config, codec: CodecSettings, store: Store): Route[] {
  return [
    codecServerRoute(new AesGcmPayloadCodec(codec.keys), { token: codec.serverToken, corsOrigins: config.ingress.corsOrigins }),
    migrationApiRoute(store, codec.serverToken),
  ];
}
