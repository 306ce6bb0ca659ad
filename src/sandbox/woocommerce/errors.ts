/**
 * WooCommerce's error body, `{ code, message, data: { status } }`, as a throwable so any handler can stop
 * with the exact answer WordPress would give.
 */
export class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): { code: string; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.extra } };
  }
}

/** WordPress's answer to a request parameter of the wrong type or value. */
export function invalidParam(param: string, reason: string): WooError {
  return new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`, { params: { [param]: reason } });
}

export function noRoute(): WooError {
  return new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
}
