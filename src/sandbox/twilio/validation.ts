import { TwilioApiError, twilioErrors } from './errors';
import type { NewMessage } from './messages';

/** Which recipients and senders the simulated account treats specially. */
export interface AccountRules {
  accountSid: string;
  /** Numbers Twilio's lookup considers invalid: 21211. */
  invalidNumbers: ReadonlySet<string>;
  /** Recipients who replied STOP: 21610. */
  unsubscribedNumbers: ReadonlySet<string>;
  /** E.164 prefixes (e.g. "+7") of regions not enabled in Geo Permissions: 21408. */
  blockedPrefixes: readonly string[];
  /** The account's numbers; when empty, any From is accepted. */
  fromNumbers: ReadonlySet<string>;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const MAX_BODY = 1600;

function validCallback(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && !parsed.hostname.includes('_');
  } catch {
    return false;
  }
}

/** Checks a create request in the order Twilio reports problems; returns the message to queue. */
export function validateCreate(form: URLSearchParams, rules: AccountRules): NewMessage | TwilioApiError {
  const to = form.get('To');
  const from = form.get('From');
  const service = form.get('MessagingServiceSid');
  const body = form.get('Body') ?? '';
  const callback = form.get('StatusCallback');
  if (!to) return twilioErrors.toRequired();
  if (!E164.test(to) || rules.invalidNumbers.has(to)) return twilioErrors.invalidTo(to);
  if (!from && !service) return twilioErrors.fromRequired();
  if (service && !MESSAGING_SERVICE_SID.test(service)) return new TwilioApiError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
  if (from && rules.fromNumbers.size > 0 && !rules.fromNumbers.has(from)) return twilioErrors.invalidFrom(from);
  if (!body && !form.get('MediaUrl')) return twilioErrors.bodyRequired();
  if ([...body].length > MAX_BODY) return twilioErrors.bodyTooLong();
  if (callback && !validCallback(callback)) return twilioErrors.invalidCallback(callback);
  if (rules.blockedPrefixes.some((p) => to.startsWith(p))) return twilioErrors.regionNotEnabled(to);
  if (rules.unsubscribedNumbers.has(to)) return twilioErrors.unsubscribed();
  return { accountSid: rules.accountSid, to, from: from ?? null, messagingServiceSid: service ?? null, body, statusCallback: callback ?? null };
}
