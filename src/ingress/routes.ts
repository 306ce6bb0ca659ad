import type { Client } from '@temporalio/client';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import type { CodecSettings } from '../codec/keys';
import { ConnectionRegistry } from '../config/secrets';
import type { Config } from '../domain/config';
import type { Store } from '../store/database';
import { twilioCallbackRoute } from './callbacks/twilio-route';
import { codecServerRoute } from './codec-server';
import { consoleRoute } from './console/route';
import type { Route } from './http';
import { migrationApiRoute } from './migration-api';
import { purchaseApiRoute } from './purchase-api';
import { pushRoute } from './push';
import { trackingRoute } from './tracking';
import { webhookRoute } from './webhooks/route';

export interface IngressServices {
  /** A Temporal client with the codec: webhooks signal-with-start order workflows through it. */
  client: Client;
  /** Default: the configuration's connections (webhook secrets, VAPID public keys). */
  connections?: ConnectionRegistry;
}

/** Every route the ingress serves, in one list shared by `npm run dev` and the standalone ingress. */
export function ingressRoutes(config: Config, codec: CodecSettings, store: Store, services: IngressServices): Route[] {
  const connections = services.connections ?? new ConnectionRegistry(config.connections);
  return [
    codecServerRoute(new AesGcmPayloadCodec(codec.keys), { token: codec.serverToken, corsOrigins: config.ingress.corsOrigins }),
    migrationApiRoute(store, codec.serverToken),
    webhookRoute({ client: services.client, taskQueue: config.temporal.taskQueue, connections }),
    twilioCallbackRoute({ store, connections, publicUrl: config.ingress.publicUrl }),
    pushRoute(store, connections),
    trackingRoute(store),
    purchaseApiRoute(store, codec.serverToken),
    consoleRoute(),
  ];
}
