import { EspError } from '../errors';

/**
 * Omnisend's REST API v5 (https://api.omnisend.com/v5): `X-API-KEY` auth, JSON bodies, contacts listed with
 * cursor pagination (`limit`, `after`; follow `paging.next`). No official Node SDK exists, so plain fetch.
 */
export type OmnisendStatus = 'subscribed' | 'unsubscribed' | 'nonSubscribed';
export interface OmnisendChannelState { status: OmnisendStatus; statusDate?: string }
export interface OmnisendIdentifier { type: 'email' | 'phone'; id: string; channels: { email?: OmnisendChannelState; sms?: OmnisendChannelState }; sendWelcomeMessage?: boolean }
export interface OmnisendContact {
  contactID: string; identifiers: OmnisendIdentifier[]; tags?: string[]; firstName?: string; lastName?: string;
  country?: string; countryCode?: string; state?: string; city?: string; address?: string; postalCode?: string; gender?: string; birthdate?: string;
  customProperties?: Record<string, unknown>;
}

export const OMNISEND_BASE = 'https://api.omnisend.com/v5';
const MAX_INLINE_WAIT_MS = 60_000;
const MAX_INLINE_WAITS = 5;

export class OmnisendClient {
  private readonly base: string;
  constructor(private readonly apiKey: string, endpoint?: string) {
    this.base = (endpoint ?? OMNISEND_BASE).replace(/\/$/, '');
  }

  /**
   * One call; a 429 whose Retry-After is short is waited out here (a bulk copy meets the per-minute limit
   * routinely), longer or repeated throttling is thrown as transient for Temporal to retry the step.
   */
  async request<T>(what: string, method: string, pathOrUrl: string, body?: unknown): Promise<T> {
    for (let waits = 0; ; waits += 1) {
      try {
        return await this.once<T>(what, method, pathOrUrl, body);
      } catch (err) {
        const wait = err instanceof EspError && err.status === 429 ? err.retryAfterMs ?? 1000 : null;
        if (wait === null || wait > MAX_INLINE_WAIT_MS || waits >= MAX_INLINE_WAITS) throw err;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async once<T>(what: string, method: string, pathOrUrl: string, body?: unknown): Promise<T> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { 'X-API-KEY': this.apiKey, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new EspError(`Omnisend ${what}: ${(err as Error).message}`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try { detail = (JSON.parse(text) as { error?: string }).error ?? text; } catch { /* the body was not JSON: keep it as text */ }
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryable = response.status === 429 || response.status >= 500 || response.status === 408;
      throw new EspError(`Omnisend ${what}: HTTP ${response.status}: ${detail}`, retryable, response.status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Every contact (or a segment's), page by page, following `paging.next`. */
  async *contacts(options: { segmentID?: string; limit?: number } = {}): AsyncGenerator<OmnisendContact[]> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 250), ...(options.segmentID ? { segmentID: options.segmentID } : {}) });
    let next: string | null = `/contacts?${query.toString()}`;
    while (next) {
      const page: { contacts: OmnisendContact[]; paging?: { next?: string | null } } = await this.request('list contacts', 'GET', next);
      yield page.contacts;
      next = page.paging?.next ?? null;
    }
  }

  /** Creates the contact, or updates the one holding the same identifier. */
  upsertContact(contact: Omit<OmnisendContact, 'contactID'>): Promise<{ contactID: string }> {
    return this.request('create contact', 'POST', '/contacts', contact);
  }

  setTags(contactID: string, tags: string[]): Promise<unknown> {
    return this.request('update contact tags', 'PATCH', `/contacts/${encodeURIComponent(contactID)}`, { tags });
  }
}
