import type { ConnectionOf } from '../../../domain/connections';
import { pushEndpointProblem } from '../../../domain/purchase/push-services';
import { ChannelError } from '../errors';
import { WebPushChannel, type WebPushChannelOptions } from './webpush-channel';

export { WebPushChannel, type WebPushChannelOptions } from './webpush-channel';
export { classifyWebPushError } from './classify';

export type WebPushChannelTuning = Pick<WebPushChannelOptions, 'ca' | 'timeoutMs' | 'defaultTtlSeconds' | 'defaultUrgency'>;

/** The push channel for a `webpush` connection; the VAPID private key is resolved by the caller (an activity). */
export function createWebPushChannel(connection: ConnectionOf<'webpush'>, secrets: { vapidPrivateKey?: string }, tuning: WebPushChannelTuning = {}): WebPushChannel {
  if (!secrets.vapidPrivateKey) throw new ChannelError('misconfigured', 'the web push connection has no VAPID private key', { provider: 'webpush' });
  return new WebPushChannel({
    vapidPublicKey: connection.vapidPublicKey,
    vapidPrivateKey: secrets.vapidPrivateKey,
    subject: connection.subject,
    // Only the browsers' push services, and the hosts this connection's configuration adds (tests' simulator).
    endpointProblem: (endpoint) => pushEndpointProblem(endpoint, connection.extraPushServiceHosts ?? []),
    ...tuning,
  });
}
