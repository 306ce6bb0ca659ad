import type { ConnectionOf } from '../../../domain/connections';
import { SmtpEmailChannel, type SmtpChannelOptions } from './smtp-channel';

export { SmtpEmailChannel, type SmtpChannelOptions } from './smtp-channel';
export { classifySmtpError } from './classify';

export type SmtpChannelTuning = Pick<SmtpChannelOptions, 'requireTls' | 'ca' | 'connectionTimeoutMs' | 'socketTimeoutMs' | 'maxConnections'>;

/** The email channel for an `smtp` connection; the password is resolved by the caller (an activity). */
export function createSmtpChannel(connection: ConnectionOf<'smtp'>, secrets: { password?: string }, tuning: SmtpChannelTuning = {}): SmtpEmailChannel {
  return new SmtpEmailChannel({
    host: connection.host,
    port: connection.port,
    secure: connection.secure,
    user: connection.user,
    password: secrets.password,
    from: connection.from,
    ...tuning,
  });
}
