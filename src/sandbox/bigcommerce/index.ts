import { FaultPlan, type FaultOptions, type RateLimitOptions, RateLimitWindow } from './faults';
import { type SeedOptions, seedStore } from './seed';
import { listen } from './server';
import { loadSpec } from './spec';
import { BigCommerceState } from './state';

export type { FaultKind, FaultOptions, RateLimitOptions } from './faults';
export type { SeedOptions } from './seed';
export { BigCommerceState, ORDER_STATUSES } from './state';
export { SPEC_ENV, SpecMissingError, specDirectory } from './spec';

/** BigCommerce's published quotas (API rate limits): Standard and Plus 150 requests per 30 s, Pro 450. */
export const PLAN_QUOTAS = {
  standard: { quota: 150, windowMs: 30_000 },
  plus: { quota: 150, windowMs: 30_000 },
  pro: { quota: 450, windowMs: 30_000 },
} as const satisfies Record<string, RateLimitOptions>;

export interface BigCommerceSimulatorOptions {
  host?: string;
  port?: number;
  storeHash?: string;
  accessToken?: string;
  /** Fill the store with a synthetic shop; `true` uses the default sizes. Default: empty store. */
  seed?: SeedOptions | boolean;
  /** The store's quota; default the Standard plan's (150 requests per 30 s). */
  rateLimit?: RateLimitOptions;
  faults?: FaultOptions;
  now?: () => Date;
}

export interface BigCommerceSimulator {
  /** What a `bigcommerce` connection's endpoint holds: the API root, without /stores/{hash}. */
  url: string;
  storeHash: string;
  accessToken: string;
  state: BigCommerceState;
  faults: FaultPlan;
  /** The store's quota window (its `rejected` count: requests refused for the quota). */
  rateLimit: RateLimitWindow;
  close(): Promise<void>;
}

/**
 * Starts a BigCommerce REST API simulator (Catalog v3, Customers v3, Orders v2) over plain HTTP, its
 * requests checked against the facts derived from BigCommerce's OpenAPI files (spec.ts, derived-operations.json).
 */
export async function startBigCommerceSimulator(options: BigCommerceSimulatorOptions = {}): Promise<BigCommerceSimulator> {
  const spec = loadSpec();
  const state = new BigCommerceState(options.storeHash ?? 'sim0abc123', options.now);
  if (options.seed) seedStore(state, options.seed === true ? {} : options.seed);
  const faults = new FaultPlan();
  if (options.faults) faults.configure(options.faults);
  const accessToken = options.accessToken ?? 'bc_simulator_access_token_0000000000';
  const host = options.host ?? '127.0.0.1';
  const rateLimit = new RateLimitWindow(options.rateLimit ?? PLAN_QUOTAS.standard);
  const { server, port } = await listen({ state, spec, accessToken, faults, rateLimit }, host, options.port ?? 0);
  return {
    url: `http://${host}:${port}`,
    storeHash: state.storeHash,
    accessToken,
    state,
    faults,
    rateLimit,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
