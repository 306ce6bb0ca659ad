import type { IncomingMessage } from 'node:http';
import type { ConnectionRegistry } from '../../config/secrets';
import { CommunicationLog } from '../../store/communication-log';
import type { Store } from '../../store/database';
import { HttpError, readBody, type Route, sendJson } from '../http';
import { describeTwilioErrorCode } from './twilio-errors';
import { verifyTwilioSignature } from './twilio-signature';

export interface TwilioCallbackOptions {
  store: Store;
  connections: ConnectionRegistry;
  /** The ingress's public URL (ingress.publicUrl): the one the SMS sender gives Twilio as StatusCallback. */
  publicUrl: string;
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

/**
 * The URLs Twilio may have signed for this request: the public URL we gave it, and the URL as this request
 * reached us (Host, or X-Forwarded-Host/-Proto behind a proxy). Both still need the auth token's HMAC, so
 * accepting either lets no one in; it only spares a deployment whose public URL is spelled differently.
 */
function candidateUrls(req: IncomingMessage, url: URL, publicUrl: string): string[] {
  const pathAndQuery = `${url.pathname}${url.search}`;
  const host = firstHeader(req, 'x-forwarded-host') ?? firstHeader(req, 'host');
  const proto = firstHeader(req, 'x-forwarded-proto') ?? 'http';
  return [`${publicUrl}${pathAndQuery}`, ...(host ? [`${proto}://${host}${pathAndQuery}`] : [])];
}

/**
 * POST /callbacks/twilio/<connection>: Twilio's message status callbacks. The X-Twilio-Signature is checked
 * with that connection's auth token (403 and nothing recorded when it does not match), then MessageStatus
 * and ErrorCode are recorded against the message's SID, which the communication log shows as its delivery.
 */
export function twilioCallbackRoute(options: TwilioCallbackOptions): Route {
  const log = new CommunicationLog(options.store);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  return async (req, res, url) => {
    const match = /^\/callbacks\/twilio\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const name = decodeURIComponent(match[1] as string);
    let accountSid: string;
    let authToken: string | undefined;
    try {
      const { connection, secrets } = options.connections.resolve(name, 'twilio');
      accountSid = connection.accountSid;
      authToken = secrets.authToken;
    } catch {
      throw new HttpError(404, `no twilio connection named "${name}"`);
    }
    if (!authToken) throw new HttpError(403, `connection "${name}" has no auth token: callbacks cannot be verified`);
    const params = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
    if (!verifyTwilioSignature(authToken, candidateUrls(req, url, publicUrl), params, firstHeader(req, 'x-twilio-signature'))) {
      throw new HttpError(403, 'invalid X-Twilio-Signature');
    }
    const sid = params.get('MessageSid') ?? params.get('SmsSid');
    const status = params.get('MessageStatus') ?? params.get('SmsStatus');
    if (!sid || !status) throw new HttpError(400, 'MessageSid and MessageStatus are required');
    const from = params.get('AccountSid');
    if (from && from !== accountSid) throw new HttpError(400, `AccountSid ${from} is not the account of connection "${name}"`);
    const errorCode = params.get('ErrorCode');
    await log.recordDelivery({ providerId: sid, connection: name, status, error: errorCode ? describeTwilioErrorCode(errorCode) : null });
    sendJson(res, 200, { recorded: true });
    return true;
  };
}
