import type { ConnectionOf } from '../../../domain/connections';
import { ChannelError } from '../errors';
import { TwilioSmsChannel, type TwilioChannelOptions } from './twilio-channel';

export { TwilioSmsChannel, type TwilioChannelOptions } from './twilio-channel';
export { EndpointRequestClient } from './endpoint-request-client';
export { classifyTwilioError } from './classify';

export type TwilioChannelTuning = Pick<TwilioChannelOptions, 'timeoutMs'>;

/** The SMS channel for a `twilio` connection; the auth token is resolved by the caller (an activity). */
export function createTwilioChannel(connection: ConnectionOf<'twilio'>, secrets: { authToken?: string }, tuning: TwilioChannelTuning = {}): TwilioSmsChannel {
  if (!secrets.authToken) throw new ChannelError('auth', `Twilio connection ${connection.accountSid} has no auth token`, { provider: 'twilio' });
  return new TwilioSmsChannel({
    accountSid: connection.accountSid,
    authToken: secrets.authToken,
    from: connection.from,
    statusCallbackUrl: connection.statusCallbackUrl,
    endpoint: connection.endpoint,
    ...tuning,
  });
}
