import type { ServerResponse } from 'node:http';

/** The error body of Twilio's REST API: {code, message, more_info, status}. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export class TwilioApiError extends Error {
  constructor(readonly status: number, readonly code: number, message: string) {
    super(message);
  }

  body(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

export const twilioErrors = {
  authenticate: () => new TwilioApiError(401, 20003, 'Authenticate'),
  notFound: (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  tooManyRequests: () => new TwilioApiError(429, 20429, 'Too Many Requests'),
  internal: () => new TwilioApiError(500, 20500, 'Internal Server Error'),
  unavailable: () => new TwilioApiError(503, 20503, 'Service Unavailable'),
  methodNotAllowed: () => new TwilioApiError(405, 20004, 'Method not allowed'),
  toRequired: () => new TwilioApiError(400, 21604, "A 'To' phone number is required."),
  invalidTo: (to: string) => new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
  regionNotEnabled: (to: string) => new TwilioApiError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`),
  unsubscribed: () => new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient'),
  fromRequired: () => new TwilioApiError(400, 21603, "A 'From' phone number is required."),
  invalidFrom: (from: string) => new TwilioApiError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`),
  bodyRequired: () => new TwilioApiError(400, 21602, 'Message body is required.'),
  bodyTooLong: () => new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  invalidCallback: (url: string) => new TwilioApiError(400, 21609, `The StatusCallback URL ${url} is not a valid URL.`),
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendTwilioError(res: ServerResponse, error: TwilioApiError): void {
  const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
  sendJson(res, error.status, error.body(), headers);
}
