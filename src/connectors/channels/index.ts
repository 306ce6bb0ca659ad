import type { ConnectionOf, SecretField } from '../../domain/connections';
import { createSmtpChannel } from './smtp';
import { createTwilioChannel } from './twilio';
import type { EmailChannel, PushChannel, SmsChannel } from './types';
import { createWebPushChannel } from './webpush';

export * from './types';
export { ChannelError, type ChannelErrorCode, isChannelError, isPermanentCode } from './errors';
export { createSmtpChannel, type SmtpChannelTuning } from './smtp';
export { createTwilioChannel, type TwilioChannelTuning } from './twilio';
export { createWebPushChannel, type WebPushChannelTuning } from './webpush';

type Secrets<K extends 'smtp' | 'twilio' | 'webpush'> = Partial<Record<SecretField<K>, string>>;

/**
 * The one list of channel connectors, by connection kind: a new provider is a folder beside these and a
 * line here (and the channel it serves).
 */
export const channelConnectorFactories: {
  smtp: (connection: ConnectionOf<'smtp'>, secrets: Secrets<'smtp'>) => EmailChannel;
  twilio: (connection: ConnectionOf<'twilio'>, secrets: Secrets<'twilio'>) => SmsChannel;
  webpush: (connection: ConnectionOf<'webpush'>, secrets: Secrets<'webpush'>) => PushChannel;
} = {
  smtp: (connection, secrets) => createSmtpChannel(connection, secrets),
  twilio: (connection, secrets) => createTwilioChannel(connection, secrets),
  webpush: (connection, secrets) => createWebPushChannel(connection, secrets),
};

/** Which channel each connection kind serves. */
export const channelOfKind = { smtp: 'email', twilio: 'sms', webpush: 'push' } as const;
