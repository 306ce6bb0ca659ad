import { createECDH, type ECDH, randomBytes, randomUUID } from 'node:crypto';
import { toBase64Url } from './base64url';

/** What a browser's PushSubscription.toJSON() gives the page, and the page gives the shop. */
export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** A simulated browser's subscription: the service holds the browser's private key to read what it receives. */
export interface SimulatedSubscription {
  id: string;
  endpoint: string;
  /** The user agent's ECDH P-256 key pair (RFC 8291 §3.1). */
  userAgent: ECDH;
  /** The 16-byte authentication secret (RFC 8291 §3.2). */
  authSecret: Buffer;
  /** The VAPID public key given to PushManager.subscribe(), if any: pushes signed with another are refused. */
  applicationServerKey: string | null;
  state: 'active' | 'expired';
}

export class SubscriptionStore {
  private readonly byId = new Map<string, SimulatedSubscription>();

  constructor(private readonly origin: string) {}

  create(applicationServerKey: string | null): SimulatedSubscription {
    const userAgent = createECDH('prime256v1');
    userAgent.generateKeys();
    const id = randomUUID();
    const subscription: SimulatedSubscription = {
      id, endpoint: `${this.origin}/push/${id}`, userAgent, authSecret: randomBytes(16), applicationServerKey, state: 'active',
    };
    this.byId.set(id, subscription);
    return subscription;
  }

  get(id: string): SimulatedSubscription | undefined {
    return this.byId.get(id);
  }

  byEndpoint(endpoint: string): SimulatedSubscription | undefined {
    const id = endpoint.slice(endpoint.lastIndexOf('/') + 1);
    const found = this.byId.get(id);
    return found?.endpoint === endpoint ? found : undefined;
  }

  /** Forgets a subscription entirely: the service then answers 404 as for one it never issued. */
  remove(endpoint: string): void {
    const found = this.byEndpoint(endpoint);
    if (found) this.byId.delete(found.id);
  }
}

export function toJSON(subscription: SimulatedSubscription): PushSubscriptionJSON {
  return {
    endpoint: subscription.endpoint,
    expirationTime: null,
    keys: { p256dh: toBase64Url(subscription.userAgent.getPublicKey()), auth: toBase64Url(subscription.authSecret) },
  };
}
