import {
  ApiKeySession, EventsApi, FlowsApi, MetricsApi, ObjectSerializer, RetryWithExponentialBackoff, SegmentsApi, TemplatesApi,
} from 'klaviyo-api';
import { EspError } from '../errors';

/** The wire shapes we read: Klaviyo's JSON:API documents as the API sends them (snake_case). */
export interface Resource<A = Record<string, unknown>> { type: string; id: string; attributes: A; relationships?: Record<string, { data?: unknown }> }
export interface Collection<A = Record<string, unknown>> { data: Resource<A>[]; links?: { next?: string | null } }

/**
 * The official SDK, pointed at the connection's endpoint (each API class has a `basePath` setter) and with
 * its own retries off: Temporal retries the whole idempotent step with the Retry-After the API sent, so a
 * long Klaviyo outage pauses the handoff instead of burning three quick SDK retries.
 */
export class KlaviyoClient {
  readonly flows: FlowsApi;
  readonly metrics: MetricsApi;
  readonly events: EventsApi;
  readonly segments: SegmentsApi;
  readonly templates: TemplatesApi;

  constructor(privateApiKey: string, endpoint?: string) {
    const session = new ApiKeySession(privateApiKey, new RetryWithExponentialBackoff({ numRetries: 0 }));
    this.flows = new FlowsApi(session);
    this.metrics = new MetricsApi(session);
    this.events = new EventsApi(session);
    this.segments = new SegmentsApi(session);
    this.templates = new TemplatesApi(session);
    if (endpoint) {
      const base = endpoint.replace(/\/$/, '');
      for (const api of [this.flows, this.metrics, this.events, this.segments, this.templates]) api.basePath = base;
    }
  }

  /**
   * Runs an SDK call and hands back the raw JSON:API document. We read the wire JSON rather than the SDK's
   * deserialised models because flow and segment definitions are copied verbatim into their twins.
   */
  async call<T>(what: string, request: () => Promise<{ response: { data: unknown } }>): Promise<T> {
    try {
      const { response } = await request();
      return response.data as T;
    } catch (err) {
      throw classifyKlaviyoError(what, err);
    }
  }

  /** Every page of a collection, following `links.next` to the end (templates and segments come 10 a page). */
  async all<A>(what: string, page: (cursor: string | undefined) => Promise<{ response: { data: unknown } }>): Promise<Resource<A>[]> {
    const out: Resource<A>[] = [];
    let cursor: string | undefined;
    do {
      const doc = await this.call<Collection<A>>(what, () => page(cursor));
      out.push(...doc.data);
      cursor = nextCursor(what, doc.links?.next, cursor);
    } while (cursor);
    return out;
  }
}

/**
 * The `page[cursor]` of a `links.next` URL. Read here rather than handing the SDK the whole URL: the SDK
 * extracts the cursor only from https URLs and would send any other as the cursor itself. A next link
 * without a cursor, or one that repeats the last, is an error: never a silent stop, never an endless loop.
 */
export function nextCursor(what: string, next: string | null | undefined, previous: string | undefined): string | undefined {
  if (!next) return undefined;
  let cursor: string | null = null;
  try {
    cursor = new URL(next).searchParams.get('page[cursor]');
  } catch {
    throw new EspError(`Klaviyo ${what}: links.next is not a URL: ${next}`, false);
  }
  if (!cursor) throw new EspError(`Klaviyo ${what}: links.next has no page[cursor]: ${next}`, false);
  if (cursor === previous) throw new EspError(`Klaviyo ${what}: links.next repeats the page just read`, false);
  return cursor;
}

/** Builds the SDK's typed request object from a wire-shaped JSON:API body (the SDK serialises it back). */
export function typed<T>(wire: unknown, type: string): T {
  return ObjectSerializer.deserialize(wire, type) as T;
}

/** The SDK throws axios errors; read structurally so we need no direct dependency on axios. */
interface HttpError { isAxiosError: true; message: string; response?: { status: number; data?: unknown; headers?: Record<string, unknown> } }
function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;
}

/** Klaviyo's longest per-minute wait; a longer Retry-After comes from a daily window. */
const DAILY_WINDOW_HINT_S = 60;

function humanDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  return hours ? `${hours} h ${minutes} min` : `${minutes} min`;
}

export function classifyKlaviyoError(what: string, err: unknown): EspError {
  if (isHttpError(err)) {
    const status = err.response?.status ?? null;
    const body = err.response?.data as { errors?: { detail?: string; source?: { pointer?: string } }[] } | undefined;
    const first = body?.errors?.[0];
    const detail = first ? `${first.detail ?? ''}${first.source?.pointer ? ` (at ${first.source.pointer})` : ''}` : err.message;
    if (status === null) return new EspError(`Klaviyo ${what}: ${err.message}`, true);
    const retryAfter = Number(err.response?.headers?.['retry-after']);
    if (status === 429 && Number.isFinite(retryAfter) && retryAfter > DAILY_WINDOW_HINT_S) {
      // Past the steady (per-minute) window, so a daily cap (create flow, create segment: 100 a day).
      // Retrying within the activity would hold a worker slot for hours: stop, say when, and let a person re-run.
      return new EspError(`Klaviyo ${what}: HTTP 429: daily rate limit reached (Klaviyo caps create flow and create segment at 100 a day); accepted again in ${humanDuration(retryAfter)}. What was created before the cap is kept: run the phase again after that. (${detail})`, false, 429, retryAfter * 1000);
    }
    const retryable = status === 429 || status >= 500 || status === 408;
    return new EspError(`Klaviyo ${what}: HTTP ${status}: ${detail}`, retryable, status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null);
  }
  return new EspError(`Klaviyo ${what}: ${(err as Error).message}`, true);
}
