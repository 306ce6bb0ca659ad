import { Agent } from 'node:https';
import webpush, { type ContentEncoding } from 'web-push';
import type { PushChannel, PushMessage, PushUrgency, SendReceipt } from '../types';
import { ChannelError } from '../errors';
import { classifyWebPushError } from './classify';
import { checkSubscription, checkVapidKeys } from './validate';

export interface WebPushChannelOptions {
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** A mailto: or https: contact the push service can reach about this sender (RFC 8292 §2.1). */
  subject: string;
  /** Extra trust for a push service with a private CA: the local simulator in tests, never in production. */
  ca?: string | Buffer;
  timeoutMs?: number;
  /** Default 24 hours: an order alert older than a day is no longer news. */
  defaultTtlSeconds?: number;
  defaultUrgency?: PushUrgency;
  /** Why an endpoint may not be pushed to, or null: createWebPushChannel passes the known push services' check. */
  endpointProblem?: (endpoint: string) => string | null;
}

// RFC 8291's encoding; the older 'aesgcm' draft is what web-push falls back to for old browsers only.
const AES128GCM: ContentEncoding = 'aes128gcm';

/** Web push with the web-push library: VAPID-signed, aes128gcm-encrypted, one request per subscription. */
export class WebPushChannel implements PushChannel {
  readonly channel = 'push' as const;
  readonly provider = 'webpush';
  private readonly agent: Agent;

  constructor(private readonly options: WebPushChannelOptions) {
    checkVapidKeys(options.vapidPublicKey, options.vapidPrivateKey);
    // One agent per channel, keeping connections to each push service open between pushes (a TLS handshake
    // per push costs more than the push); close() ends them.
    this.agent = new Agent({ keepAlive: true, maxFreeSockets: 16, ...(options.ca ? { ca: options.ca } : {}) });
  }

  async send(message: PushMessage): Promise<SendReceipt> {
    checkSubscription(message.subscription);
    const problem = this.options.endpointProblem?.(message.subscription.endpoint);
    // A subscription saved before the ingress checked hosts, or written by hand: never POSTed to.
    if (problem) throw new ChannelError('invalid-recipient', `unusable push subscription: ${problem}`, { provider: this.provider });
    try {
      const result = await webpush.sendNotification(message.subscription, JSON.stringify(message.payload), {
        vapidDetails: { subject: this.options.subject, publicKey: this.options.vapidPublicKey, privateKey: this.options.vapidPrivateKey },
        contentEncoding: AES128GCM,
        TTL: message.ttlSeconds ?? this.options.defaultTtlSeconds ?? 24 * 60 * 60,
        urgency: message.urgency ?? this.options.defaultUrgency ?? 'normal',
        ...(message.topic ? { topic: message.topic } : {}),
        agent: this.agent,
        timeout: this.options.timeoutMs ?? 30_000,
      });
      // RFC 8030 §5: the Location of the created push message resource is its id.
      const location = result.headers.location;
      return { providerId: typeof location === 'string' ? location : null, status: 'accepted' };
    } catch (err) {
      throw classifyWebPushError(err);
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
