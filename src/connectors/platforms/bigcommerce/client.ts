import { PlatformError, isRetryableStatus, withCallRetries } from '../errors';

export type QueryParams = Record<string, string | number | boolean>;

export interface BcResponse<T> {
  status: number;
  /** Null for an empty answer (204: a v2 list past its last page, a delete). */
  data: T | null;
}

/** The quota as BigCommerce reports it on every answer. */
export interface QuotaState {
  quota: number;
  windowMs: number;
  left: number;
  resetMs: number;
}

function header(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  const n = value === null ? NaN : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** v3 errors are `{status, title, errors}`; v2 errors a list of `{status, message}`. */
function errorText(body: unknown): string {
  if (Array.isArray(body)) return body.map((e) => (typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : String(e))).join('; ');
  if (typeof body === 'object' && body !== null) {
    const { title, errors } = body as { title?: unknown; errors?: unknown };
    const details = typeof errors === 'object' && errors !== null ? Object.entries(errors).map(([k, v]) => `${k}: ${String(v)}`).join('; ') : '';
    return [typeof title === 'string' ? title : '', details].filter(Boolean).join(' — ');
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

/** A refusal with BigCommerce's answer kept, so writers can read which item of a batch it names. */
export class BcApiError extends PlatformError {
  constructor(message: string, retryable: boolean, status: number | null, retryAfterMs: number | null, readonly body: unknown) {
    super(message, retryable, status, retryAfterMs);
  }
}

/**
 * BigCommerce's REST API (v3 catalog and customers, v2 orders) with an X-Auth-Token. Every answer says how
 * much of the store's quota is left and when it resets (X-Rate-Limit-*): when none is left the client waits
 * for the reset before its next call, and a 429 is retried after X-Rate-Limit-Time-Reset-Ms.
 */
export class BcClient {
  private pausedUntil = 0;
  quota: QuotaState | null = null;

  constructor(private readonly apiRoot: string, private readonly accessToken: string, private readonly timeoutMs: number) {}

  get<T>(path: string, query: QueryParams = {}): Promise<BcResponse<T>> {
    return this.call<T>('GET', path, query, undefined);
  }

  post<T>(path: string, body: unknown): Promise<BcResponse<T>> {
    return this.call<T>('POST', path, {}, body);
  }

  put<T>(path: string, body: unknown): Promise<BcResponse<T>> {
    return this.call<T>('PUT', path, {}, body);
  }

  delete(path: string, query: QueryParams = {}): Promise<BcResponse<unknown>> {
    return this.call('DELETE', path, query, undefined);
  }

  private call<T>(method: string, path: string, query: QueryParams, body: unknown): Promise<BcResponse<T>> {
    const url = new URL(`${this.apiRoot}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    // A shown path keeps BigCommerce's own words for it ("POST /v3/customers").
    const what = `${method} ${path}`;
    return withCallRetries(() => this.once<T>(method, url, body, what), method === 'GET');
  }

  private async once<T>(method: string, url: URL, body: unknown, what: string): Promise<BcResponse<T>> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'X-Auth-Token': this.accessToken,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new PlatformError(`BigCommerce ${what}: network failure (${err instanceof Error ? err.message : String(err)})`, true);
    }
    this.noteQuota(response.headers);
    const text = await response.text().catch(() => '');
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = text;
      }
    }
    if (!response.ok) {
      const resetMs = header(response.headers, 'x-rate-limit-time-reset-ms');
      const detail = errorText(parsed);
      if (response.status === 401) throw new BcApiError(`BigCommerce ${what}: HTTP 401: the access token was refused (check the API account and its store hash)`, false, 401, null, parsed);
      if (response.status === 403) throw new BcApiError(`BigCommerce ${what}: HTTP 403: the API account lacks the OAuth scope for this resource${detail ? ` (${detail})` : ''}`, false, 403, null, parsed);
      throw new BcApiError(`BigCommerce ${what}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`, isRetryableStatus(response.status), response.status, response.status === 429 ? (resetMs ?? 1000) : null, parsed);
    }
    return { status: response.status, data: (response.status === 204 ? null : parsed) as T | null };
  }

  private noteQuota(headers: Headers): void {
    const left = header(headers, 'x-rate-limit-requests-left');
    const resetMs = header(headers, 'x-rate-limit-time-reset-ms');
    const quota = header(headers, 'x-rate-limit-requests-quota');
    const windowMs = header(headers, 'x-rate-limit-time-window-ms');
    if (left === null || resetMs === null) return;
    this.quota = { quota: quota ?? 0, windowMs: windowMs ?? 0, left, resetMs };
    // Out of quota: the next call waits for the window's reset instead of meeting a 429.
    if (left <= 0) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + resetMs);
  }
}

/** Every page of a v3 collection (meta.pagination.total_pages), 250 at a time. */
export async function listAllV3<T>(client: BcClient, path: string, query: QueryParams = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const { data } = await client.get<V3Page<T>>(path, { ...query, page, limit: 250 });
    items.push(...(data?.data ?? []));
    if (!data || page >= data.meta.pagination.total_pages) return items;
  }
}

/** Every page of a v2 collection: a page shorter than the limit, or 204, is the last. */
export async function listAllV2<T>(client: BcClient, path: string, query: QueryParams = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const { data } = await client.get<T[]>(path, { ...query, page, limit: 250 });
    items.push(...(data ?? []));
    if (!data || data.length < 250) return items;
  }
}

export interface V3Page<T> {
  data: T[];
  meta: { pagination: { total: number; count: number; per_page: number; current_page: number; total_pages: number } };
}
