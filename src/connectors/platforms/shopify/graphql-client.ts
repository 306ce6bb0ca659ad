import { createAdminApiClient, type AdminApiClient } from '@shopify/admin-api-client';
import { PlatformError, isRetryableStatus, withCallRetries } from '../errors';
import { pacerFor, sleep, type CostPacer, type ThrottleStatus } from './pacer';

export interface ShopifyClientOptions {
  shopDomain: string;
  apiVersion: string;
  accessToken: string;
  /** Another base URL than https://<shopDomain> (a simulator, a proxy). */
  endpoint?: string;
  /** A call that gets no answer in this time fails as retryable (default 30 s). */
  timeoutMs?: number;
  /** THROTTLED answers waited out and retried before giving up (default 6). */
  maxThrottleRetries?: number;
  pacer?: CostPacer;
}

export interface UserError { field?: string[] | null; message: string; code?: string | null }

/** Default expected cost of a document before Shopify has told us its real cost. */
const FIRST_GUESS = { query: 50, mutation: 10 };

function throttleStatusOf(extensions: unknown): { requested: number | null; status: ThrottleStatus | null } {
  const cost = (extensions as { cost?: { requestedQueryCost?: number; throttleStatus?: Partial<ThrottleStatus> } } | undefined)?.cost;
  const s = cost?.throttleStatus;
  const status = s && typeof s.currentlyAvailable === 'number' && typeof s.maximumAvailable === 'number' && typeof s.restoreRate === 'number'
    ? { currentlyAvailable: s.currentlyAvailable, maximumAvailable: s.maximumAvailable, restoreRate: s.restoreRate } : null;
  return { requested: cost?.requestedQueryCost ?? null, status };
}

/**
 * The GraphQL Admin API through Shopify's own client, with cost pacing and error classification: every
 * failure leaves here as a PlatformError that says whether trying again can help.
 */
export class ShopifyGraphqlClient {
  private readonly client: AdminApiClient;
  private readonly pacer: CostPacer;
  private readonly knownCosts = new Map<string, number>();
  private readonly maxThrottleRetries: number;
  private readonly apiVersion: string;
  /** The version Shopify last said it answered with (X-Shopify-API-Version). */
  private servedVersion: string | null = null;

  constructor(options: ShopifyClientOptions) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const shopOrigin = `https://${options.shopDomain}`;
    const base = options.endpoint?.replace(/\/+$/, '');
    this.maxThrottleRetries = options.maxThrottleRetries ?? 6;
    this.apiVersion = options.apiVersion;
    this.pacer = options.pacer ?? pacerFor(`${options.shopDomain}|${base ?? ''}`);
    this.client = createAdminApiClient({
      storeDomain: options.shopDomain,
      apiVersion: options.apiVersion,
      accessToken: options.accessToken,
      // Retries are ours: the SDK would read Retry-After seconds as milliseconds and knows nothing of cost.
      retries: 0,
      logger: () => undefined,
      customFetchApi: async (url, init) => {
        const response = await fetch(base && url.startsWith(shopOrigin) ? base + url.slice(shopOrigin.length) : url, {
          ...init,
          signal: AbortSignal.timeout(timeoutMs),
        });
        this.servedVersion = response.headers.get('X-Shopify-API-Version') ?? this.servedVersion;
        return response;
      },
    });
  }

  /**
   * Shopify answers a request for a retired version with its oldest supported one and says so only in
   * X-Shopify-API-Version: an answer in another version than the one asked for is refused, not read.
   */
  private checkServedVersion(): void {
    if (this.servedVersion === null || this.servedVersion === this.apiVersion) return;
    throw new PlatformError(
      `Shopify answered with API version ${this.servedVersion} instead of ${this.apiVersion}, which it no longer supports; set the connection's apiVersion to a supported version`,
      false,
    );
  }

  /** The shop's bucket as last reported, or null before the first answer. */
  throttleStatus(): ThrottleStatus | null {
    return this.pacer.lastStatus();
  }

  /** Runs a document; returns its data, or throws a classified PlatformError. */
  async request<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
    const isMutation = /^\s*mutation\b/.test(document);
    return withCallRetries(() => this.requestOnce<T>(document, variables, isMutation), !isMutation);
  }

  private async requestOnce<T>(document: string, variables: Record<string, unknown>, isMutation: boolean): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const expected = this.knownCosts.get(document) ?? (isMutation ? FIRST_GUESS.mutation : FIRST_GUESS.query);
      const release = await this.pacer.acquire(expected);
      let response: Awaited<ReturnType<AdminApiClient['request']>>;
      try {
        response = await this.client.request<T>(document, { variables });
      } finally {
        release();
      }
      this.checkServedVersion();
      const { requested, status } = throttleStatusOf(response.extensions);
      if (status) this.pacer.observe(status);
      if (requested !== null) this.knownCosts.set(document, requested);
      const errors = response.errors;
      if (!errors) return response.data as T;
      const graphQLErrors = errors.graphQLErrors ?? [];
      if (graphQLErrors.some((e) => e.extensions?.code === 'THROTTLED')) {
        const waitMs = status && requested !== null ? Math.ceil((Math.max(0, requested - status.currentlyAvailable) / status.restoreRate) * 1000) : 1000;
        if (attempt >= this.maxThrottleRetries) throw new PlatformError('Shopify throttled the call (THROTTLED) too many times', true, 200, waitMs);
        await sleep(waitMs);
        continue;
      }
      throw classify(errors.networkStatusCode ?? null, errors.message ?? '', graphQLErrors, errors.response, await refusal(errors.response));
    }
  }
}

/** What Shopify said when it refused a request outright (404 for an unknown API version, 400…): `{"errors": "…"}`. */
async function refusal(response: Response | undefined): Promise<string | null> {
  if (!response || response.ok || response.bodyUsed || !(response.headers.get('content-type') ?? '').includes('json')) return null;
  try {
    const body = (await response.json()) as { errors?: unknown };
    return typeof body.errors === 'string' ? body.errors.slice(0, 300) : body.errors ? JSON.stringify(body.errors).slice(0, 300) : null;
  } catch {
    return null;
  }
}

function classify(status: number | null, message: string, graphQLErrors: { message: string; extensions?: { code?: string } }[], response: Response | undefined, said: string | null = null): PlatformError {
  if (graphQLErrors.length > 0) {
    const text = graphQLErrors.map((e) => e.message).join('; ');
    const transient = graphQLErrors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
    return new PlatformError(`Shopify GraphQL error: ${text}`, transient, status);
  }
  if (status === null) return new PlatformError(`Shopify did not answer: ${message}`, true, null);
  if (status === 401 || status === 403) return new PlatformError(`Shopify refused the credentials (HTTP ${status}): ${message}`, false, status);
  const retryAfter = Number(response?.headers.get('Retry-After'));
  return new PlatformError(
    `Shopify answered HTTP ${status}: ${said ?? message}`,
    isRetryableStatus(status),
    status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? Math.round(retryAfter * 1000) : null,
  );
}

/** userErrors of a mutation as one message, or null when there are none. */
export function userErrorMessage(errors: UserError[] | null | undefined): string | null {
  if (!errors || errors.length === 0) return null;
  return errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ');
}
