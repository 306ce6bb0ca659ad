import { ChannelError, type ChannelErrorCode } from '../errors';

const PROVIDER = 'smtp';

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/** Reply codes that say the mailbox is wrong, not the message (RFC 5321 §4.2.2, RFC 3463 x.1.x). */
const recipientCodes = new Set([550, 551, 553]);

function permanentCode(failure: SmtpFailure, reply: number): ChannelErrorCode {
  if (reply === 535 || reply === 530 || failure.code === 'EAUTH') return 'auth';
  if (reply === 552 && /size/i.test(failure.response ?? '')) return 'payload-too-large';
  if (recipientCodes.has(reply) && /^RCPT/i.test(failure.command ?? '')) return 'invalid-recipient';
  return 'rejected';
}

/**
 * An SMTP failure as a ChannelError: a 5xx reply is the server's final word (RFC 5321 §4.2.1), a 4xx is
 * "try again later", and a failure before any reply (refused, reset, timeout) is the network's.
 */
export function classifySmtpError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  const failure = (err instanceof Error ? err : new Error(String(err))) as SmtpFailure;
  const reply = failure.responseCode;
  const details = { provider: PROVIDER, providerCode: reply ?? failure.code ?? null, cause: err };
  if (reply !== undefined && reply >= 500) return new ChannelError(permanentCode(failure, reply), failure.message, details);
  if (reply !== undefined && reply >= 400) return new ChannelError(reply === 421 ? 'provider-down' : 'deferred', failure.message, details);
  // Failures nodemailer raises before talking to the server: bad credentials or an address it cannot use.
  if (failure.code === 'EAUTH') return new ChannelError('auth', failure.message, details);
  if (failure.code === 'EENVELOPE') return new ChannelError('invalid-recipient', failure.message, details);
  return new ChannelError('network', failure.message, details);
}
