import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio documents it (twilio.com/docs/usage/security): the full URL, then each POST
 * parameter's name and value with no separators, sorted by name; HMAC-SHA1 keyed with the auth token; base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params).sort().reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
