import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { PlatformError, isRetryableStatus, withCallRetries } from '../errors';

export interface WooResponse<T> {
  data: T;
  total: number | null;
  totalPages: number | null;
}

/** What the official client (axios underneath) throws: a response for HTTP errors, a code for network ones. */
interface HttpFailure {
  message?: string;
  code?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

function isHttpFailure(err: unknown): err is HttpFailure {
  return typeof err === 'object' && err !== null && ('response' in err || 'code' in err || 'message' in err);
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function wooErrorText(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'code' in data) {
    const { code, message } = data as { code?: unknown; message?: unknown };
    return `${String(code)}: ${String(message ?? '')}`;
  }
  return typeof data === 'string' ? data.slice(0, 200) : '';
}

/**
 * Classifies a failed call once: 429, 5xx, timeouts and dropped connections are worth retrying; bad
 * credentials (401/403), validation (400) and missing resources (404) are not.
 */
export function classify(err: unknown, what: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (!isHttpFailure(err)) return new PlatformError(`WooCommerce ${what}: ${String(err)}`, true);
  const status = err.response?.status;
  if (status === undefined) {
    return new PlatformError(`WooCommerce ${what}: network failure (${err.code ?? 'unknown'}: ${err.message ?? ''})`, true);
  }
  const detail = wooErrorText(err.response?.data);
  return new PlatformError(
    `WooCommerce ${what}: HTTP ${status}${detail ? ` ${detail}` : ''}`,
    isRetryableStatus(status),
    status,
    retryAfterMs(err.response?.headers?.['retry-after']),
  );
}

function headerNumber(headers: Record<string, unknown> | undefined, name: string): number | null {
  const value = headers?.[name];
  const n = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

export type QueryParams = Record<string, string | number | boolean>;

/**
 * The official client (wc/v3): over https it sends HTTP Basic, over plain http it signs each request with
 * OAuth 1.0a, as WooCommerce requires. Every call goes through `classify`.
 */
export class WooClient {
  private readonly api: WooCommerceRestApi;

  constructor(url: string, consumerKey: string, consumerSecret: string, timeoutMs: number) {
    this.api = new WooCommerceRestApi({ url, consumerKey, consumerSecret, version: 'wc/v3', timeout: timeoutMs });
  }

  async get<T>(endpoint: string, params: QueryParams = {}): Promise<WooResponse<T>> {
    return this.call('GET', endpoint, () => this.api.get(endpoint, params));
  }

  async post<T>(endpoint: string, body: unknown): Promise<WooResponse<T>> {
    return this.call('POST', endpoint, () => this.api.post(endpoint, body));
  }

  async put<T>(endpoint: string, body: unknown): Promise<WooResponse<T>> {
    return this.call('PUT', endpoint, () => this.api.put(endpoint, body));
  }

  async delete<T>(endpoint: string, params: QueryParams = {}): Promise<WooResponse<T>> {
    return this.call('DELETE', endpoint, () => this.api.delete(endpoint, params));
  }

  private async call<T>(method: string, endpoint: string, send: () => Promise<unknown>): Promise<WooResponse<T>> {
    const response = await withCallRetries(async () => {
      try {
        return (await send()) as { data?: unknown; headers?: Record<string, unknown> };
      } catch (err) {
        throw classify(err, `${method} ${endpoint}`);
      }
    }, method === 'GET');
    return {
      data: response.data as T,
      total: headerNumber(response.headers, 'x-wp-total'),
      totalPages: headerNumber(response.headers, 'x-wp-totalpages'),
    };
  }
}
