import type { Client } from '@temporalio/client';
import { AesGcmPayloadCodec } from '../codec/aes-gcm-codec';
import type { CodecSettings } from '../codec/keys';
import { ConnectionRegistry } from '../config/secrets';
import type { Config } from '../domain/config';
import type { Store } from '../store/database';
import { twilioCallbackRoute } from './callbacks/twilio-route';
import { codecServerRoute } from './codec-server';
import { consoleRoute } from './console/route';
import { consoleTokensRoute } from './console/tokens-route';
import type { Route } from './http';
import { migrationApiRoute } from './migration-api';
import { oidcAccessTokenVerifier } from './oidc';
import { purchaseApiRoute } from './purchase-api';
import { pushRoute } from './push';
import { rateLimited } from './rate-limit';
import { trackingRoute } from './tracking';
import { webhookRoute } from './webhooks/route';
import { MerchantSettingsRepository } from '../store/merchant-settings';

export interface IngressServices {
  /** A Temporal client with the codec: webhooks signal-with-start order workflows through it. */
  client: Client;
  /** Default: the configuration's connections (webhook secrets, VAPID public keys). */
  connections?: ConnectionRegistry;
  /** The operator API's token (resolveOperatorToken): never the codec's, never a console's. */
  operatorToken: string;
}

/** Whether the ingress is reachable from this machine only: the condition of the UI's no-token codec access. */
export function listensOnLoopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The stock Temporal UI may call the codec server without a token: loopback ingress and `codec.loopbackUi`. */
export function codecServesLoopbackUi(config: Config): boolean {
  return config.codec.loopbackUi && listensOnLoopbackOnly(config.ingress.host);
}

/** Every route the ingress serves, in one list shared by `npm run dev` and the standalone ingress. */
export function ingressRoutes(config: Config, codec: CodecSettings, store: Store, services: IngressServices): Route[] {
  const connections = services.connections ?? new ConnectionRegistry(config.connections);
  const merchantSettings = new MerchantSettingsRepository(store);
  return [
    codecServerRoute(new AesGcmPayloadCodec(codec.keys), {
      token: codec.serverToken,
      corsOrigins: config.ingress.corsOrigins,
      namespace: config.temporal.namespace,
      loopbackUi: codecServesLoopbackUi(config),
      ...(config.codec.oidc ? { oidc: oidcAccessTokenVerifier(config.codec.oidc) } : {}),
    }),
    migrationApiRoute(store, services.operatorToken),
    webhookRoute({ client: services.client, taskQueue: config.temporal.taskQueue, connections, settings: (shop) => merchantSettings.get(shop) }),
    twilioCallbackRoute({ store, connections, publicUrl: config.ingress.publicUrl }),
    // The shoppers' routes, open to anyone: each client address gets a token bucket.
    ...rateLimited(config.ingress.rateLimit, ['/push/', '/t/'], [pushRoute(store, connections), trackingRoute(store)]),
    consoleTokensRoute(store, services.operatorToken),
    purchaseApiRoute(store, services.operatorToken, services.client),
    consoleRoute(),
  ];
}
