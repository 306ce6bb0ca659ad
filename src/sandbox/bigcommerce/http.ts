/** What a handler answers; the server adds the rate-limit headers every BigCommerce answer carries. */
export interface Reply {
  status: number;
  /** Undefined for an empty body (204, v2's empty pages). */
  body?: unknown;
  headers?: Record<string, string>;
}

export const STATUS_CODES_DOC = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/**
 * A refusal. v3 answers `{status, title, type, errors}` (errors keyed by field); v2 answers a list of
 * `{status, message}` objects. `version` picks the shape the caller's API uses.
 */
export class BcError extends Error {
  constructor(readonly status: number, readonly title: string, readonly errors: Record<string, string> = {}, readonly headers: Record<string, string> = {}) {
    super(title);
  }

  reply(version: 'v2' | 'v3'): Reply {
    if (version === 'v2') {
      const details = Object.entries(this.errors).map(([field, message]) => ({ status: this.status, message: `${field ? `${field}: ` : ''}${message}` }));
      return { status: this.status, body: details.length ? details : [{ status: this.status, message: this.title }], headers: this.headers };
    }
    return { status: this.status, body: { status: this.status, title: this.title, type: STATUS_CODES_DOC, errors: this.errors }, headers: this.headers };
  }
}

export const notFound = (what = 'The requested resource was not found.') => new BcError(404, what);

/** A whole number id from a path segment, or 404 as BigCommerce answers an unknown one. */
export function idOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw notFound();
  return id;
}

/** v3 list answer: `data` and `meta.pagination`, as every v3 collection endpoint returns it. */
export function v3Page<T>(items: T[], page: number, limit: number): Reply {
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const slice = items.slice((page - 1) * limit, page * limit);
  const link = (p: number) => `?page=${p}&limit=${limit}`;
  return {
    status: 200,
    body: {
      data: slice,
      meta: {
        pagination: {
          total, count: slice.length, per_page: limit, current_page: page, total_pages: totalPages,
          links: { ...(page > 1 ? { previous: link(page - 1) } : {}), current: link(page), ...(page < totalPages ? { next: link(page + 1) } : {}) },
        },
      },
    },
  };
}

/** v2 list answer: a bare array, and 204 No Content past the last page. */
export function v2Page<T>(items: T[], page: number, limit: number): Reply {
  const slice = items.slice((page - 1) * limit, page * limit);
  return slice.length ? { status: 200, body: slice } : { status: 204 };
}

/** BigCommerce's v2 dates: RFC 2822 ("Tue, 20 Nov 2012 00:00:00 +0000"). */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** v3 dates: ISO 8601 with an offset, to the second. */
export function iso(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** A date filter's value (ISO 8601, RFC 2822 or a Unix timestamp in seconds); 422/400 when unreadable. */
export function dateFilter(value: unknown, name: string, version: 'v2' | 'v3'): number {
  const text = String(value);
  const at = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (Number.isNaN(at)) throw new BcError(version === 'v2' ? 400 : 422, `The filter ${name} is not a valid date`, { [name]: `"${text}" is not an ISO 8601 or RFC 2822 date or a Unix timestamp` });
  return at;
}
