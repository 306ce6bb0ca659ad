import { ChannelError, type ChannelErrorCode, isNetworkError, neverReachedProvider } from '../errors';

const PROVIDER = 'twilio';

/**
 * Twilio error codes (twilio.com/docs/api/errors) that decide a message's fate on their own, whatever the
 * HTTP status. Anything else is judged by the status.
 */
const byTwilioCode: Record<number, ChannelErrorCode> = {
  21211: 'invalid-recipient', // invalid 'To' phone number
  21614: 'invalid-recipient', // 'To' is not a valid mobile number
  21612: 'invalid-recipient', // 'To' cannot be reached from this 'From'
  21408: 'rejected', // sending to that region is not enabled on the account
  21610: 'unsubscribed', // the recipient replied STOP
  21602: 'rejected', // body is required
  21617: 'payload-too-large', // body over 1600 characters
  21603: 'misconfigured', // 'From' is required
  21606: 'misconfigured', // 'From' is not an SMS-capable number of the account
  21609: 'misconfigured', // invalid StatusCallback
  20003: 'auth', // authentication failed
  20429: 'rate-limited', // too many requests
};

interface TwilioRestFailure extends Error {
  status: number;
  code?: number;
  moreInfo?: string;
}

function isRestFailure(err: unknown): err is TwilioRestFailure {
  return err instanceof Error && typeof (err as Partial<TwilioRestFailure>).status === 'number';
}

function byStatus(status: number): ChannelErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limited';
  if (status >= 500 || status === 408) return 'provider-down';
  if (status === 413) return 'payload-too-large';
  if (status === 404) return 'misconfigured';
  return 'rejected';
}

/** A failure of the Twilio SDK (RestException or a socket error) as a ChannelError. */
export function classifyTwilioError(err: unknown): ChannelError {
  if (err instanceof ChannelError) return err;
  if (isRestFailure(err)) {
    const code = (err.code !== undefined ? byTwilioCode[err.code] : undefined) ?? byStatus(err.status);
    const message = err.code !== undefined ? `Twilio ${err.code}: ${err.message}` : err.message;
    return new ChannelError(code, message, { provider: PROVIDER, providerCode: err.code ?? err.status, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  // Refused or unresolvable: the request never left, so sending again cannot send twice.
  if (neverReachedProvider(err)) return new ChannelError('network', message, { provider: PROVIDER, providerCode: (err as Error & { code: string }).code, cause: err });
  // A timeout (axios's ECONNABORTED) or a reset after the POST was written: Twilio may have created the
  // message, and its Messages API takes no idempotency key, so a retry could send the SMS twice.
  const code = isNetworkError(err) ? err.code : (err as { code?: unknown } | null)?.code;
  return new ChannelError('outcome-unknown', `no answer from Twilio after the request was sent (${message}): the SMS may have been sent`, {
    provider: PROVIDER, providerCode: typeof code === 'string' ? code : null, cause: err,
  });
}
