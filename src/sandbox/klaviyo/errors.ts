import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Klaviyo's JSON:API error document: `{"errors": [{id, status, code, title, detail, source}]}`. */
export class KlaviyoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly pointer: string | null = null,
    readonly headers: Record<string, string> = {},
    /** The query parameter at fault (the spec's error `source.parameter`), for errors about the query string. */
    readonly parameter: string | null = null,
  ) {
    super(detail);
  }

  body(): unknown {
    const source = this.parameter !== null ? { parameter: this.parameter } : this.pointer === null ? {} : { pointer: this.pointer };
    return { errors: [{ id: randomUUID(), status: this.status, code: this.code, title: this.title, detail: this.detail, source }] };
  }
}

export const klaviyoErrors = {
  notAuthenticated: () => new KlaviyoApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', 'Missing or invalid private key.'),
  missingRevision: () => new KlaviyoApiError(400, 'invalid', 'Invalid input.', 'The `revision` header is missing or is incorrectly formatted.', null),
  notFound: (what: string) => new KlaviyoApiError(404, 'not_found', 'Not found.', `${what} does not exist.`),
  methodNotAllowed: () => new KlaviyoApiError(405, 'method_not_allowed', 'Method not allowed.', 'Method not allowed.'),
  invalid: (detail: string, pointer: string | null) => new KlaviyoApiError(400, 'invalid', 'Invalid input.', detail, pointer),
  invalidParameter: (detail: string, parameter: string) => new KlaviyoApiError(400, 'invalid', 'Invalid input.', detail, null, {}, parameter),
  /** As Klaviyo answers a cursor it did not issue (klaviyo-api-python#9). */
  invalidCursor: () => new KlaviyoApiError(400, 'invalid', 'Invalid input.', 'Invalid cursor provided.', '/data/'),
  throttled: (seconds: number) => new KlaviyoApiError(429, 'throttled', 'Request was throttled.', `Request was throttled. Expected available in ${seconds} seconds.`, null, { 'Retry-After': String(seconds) }),
  internal: () => new KlaviyoApiError(500, 'error', 'A server error occurred.', 'A server error occurred.'),
  unavailable: () => new KlaviyoApiError(503, 'service_unavailable', 'Service unavailable.', 'Service temporarily unavailable.'),
};

export function sendJsonApi(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/vnd.api+json', ...headers });
  res.end(text);
}
