import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { PushFaultPlan, type PushFaultOptions } from './faults';
import { pushHandler, type ReceivedPush } from './server';
import { type PushSubscriptionJSON, SubscriptionStore, toJSON } from './subscriptions';
import { selfSignedCertificate } from './tls';

export type { PushFaultKind, PushFaultOptions } from './faults';
export { PushFaultPlan } from './faults';
export type { ReceivedPush } from './server';
export type { PushSubscriptionJSON } from './subscriptions';
export type { VapidClaims } from './vapid';
export { decryptAes128gcm } from './decrypt';

export interface PushServiceOptions {
  /** Default 127.0.0.1; the certificate is made for it. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  faults?: PushFaultOptions;
  /** Default 4096, the size every push service must accept (RFC 8030 §7.2). */
  maxBodyBytes?: number;
  now?: () => Date;
}

export interface SubscribeOptions {
  /** The VAPID public key (base64url) passed to PushManager.subscribe(); pushes signed with another get 403. */
  applicationServerKey?: string;
}

export interface PushService {
  /** https://host:port: the audience a VAPID token must name. */
  origin: string;
  /** The self-signed certificate's PEM, to trust this service (tests only). */
  ca: string;
  /** A new subscription of a simulated browser, as the page would hand it to the shop. */
  subscribe(options?: SubscribeOptions): PushSubscriptionJSON;
  /** The browser unsubscribed or the subscription lapsed: pushes to it get 410 Gone. */
  expire(endpoint: string): void;
  /** The service forgets the subscription: pushes to it get 404. */
  forget(endpoint: string): void;
  /** Every accepted push, decrypted; live. */
  received: ReceivedPush[];
  faults: PushFaultPlan;
  close(): Promise<void>;
}

/**
 * Starts a local HTTPS push service (RFC 8030) the way a browser vendor runs one: it issues subscriptions for
 * a simulated browser, checks VAPID (RFC 8292), decrypts aes128gcm bodies (RFC 8291) and records them.
 */
export async function startPushService(options: PushServiceOptions = {}): Promise<PushService> {
  const host = options.host ?? '127.0.0.1';
  const { key, cert } = selfSignedCertificate(host);
  const faults = new PushFaultPlan();
  if (options.faults) faults.configure(options.faults);
  const received: ReceivedPush[] = [];
  const parts = {
    origin: '', subscriptions: new SubscriptionStore(''), received, faults,
    maxBodyBytes: options.maxBodyBytes ?? 4096, now: options.now ?? (() => new Date()),
  };
  const server = createServer({ key, cert }, pushHandler(parts));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  parts.origin = origin;
  parts.subscriptions = new SubscriptionStore(origin);
  return {
    origin,
    ca: cert,
    subscribe: (subscribeOptions = {}) => toJSON(parts.subscriptions.create(subscribeOptions.applicationServerKey ?? null)),
    expire: (endpoint) => {
      const subscription = parts.subscriptions.byEndpoint(endpoint);
      if (!subscription) throw new Error(`no subscription at ${endpoint}`);
      subscription.state = 'expired';
    },
    forget: (endpoint) => parts.subscriptions.remove(endpoint),
    received,
    faults,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
