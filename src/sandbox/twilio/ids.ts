import { randomBytes } from 'node:crypto';

/** Twilio SIDs: a two-letter resource prefix and 32 hex digits (SM for an SMS, AC for an account). */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** RFC 2822 dates, as the Messages resource writes them: "Thu, 24 Aug 2023 05:01:45 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
