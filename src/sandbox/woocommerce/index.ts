import type { KeyPermissions } from './auth';
import { FaultPlan, type FaultOptions, type RateLimitOptions, RateLimiter } from './faults';
import { type SeedOptions, plantMalformedOrder, seedStore } from './seed';
import { listen } from './server';
import { SimulatorState } from './state';

export type { FaultKind, FaultOptions, RateLimitOptions } from './faults';
export type { SeedOptions } from './seed';
export type { EntityKind } from './state';
export { SimulatorState } from './state';
export { storedWebhooks, type WebhookRecord } from './resources/webhooks';
export type * from './types';

export interface WooCommerceSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  consumerKey?: string;
  consumerSecret?: string;
  /** The API key's access level; default read_write. */
  permissions?: KeyPermissions;
  /** Fill the store with a synthetic shop; `true` uses the default sizes. Default: empty store. */
  seed?: SeedOptions | boolean;
  /** Off by default: WooCommerce has no rate limit of its own. */
  rateLimit?: RateLimitOptions;
  faults?: FaultOptions;
  /** The store's weight unit setting (woocommerce_weight_unit): kg, g, lbs or oz. Default kg. */
  weightUnit?: 'kg' | 'g' | 'lbs' | 'oz';
  /** The store's clock for dates it writes; default the real one. */
  now?: () => Date;
}

export interface WooCommerceSimulator {
  /** The store URL (what a `woocommerce` connection's `url` holds); the API is under /wp-json/wc/v3. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  state: SimulatorState;
  /** Fault injection, changeable while running. */
  faults: FaultPlan;
  /** Plants an order whose total is not a number; returns its id. */
  plantMalformedOrder(total?: string): number;
  close(): Promise<void>;
}

/** Starts a WooCommerce REST API (wc/v3) simulator over plain HTTP, as documented at woocommerce.github.io/woocommerce-rest-api-docs. */
export async function startWooCommerceSimulator(options: WooCommerceSimulatorOptions = {}): Promise<WooCommerceSimulator> {
  const state = new SimulatorState(options.now);
  if (options.seed) seedStore(state, options.seed === true ? {} : options.seed);
  const faults = new FaultPlan();
  if (options.faults) faults.configure(options.faults);
  const key = {
    consumerKey: options.consumerKey ?? 'ck_simulator0000000000000000000000000000',
    consumerSecret: options.consumerSecret ?? 'cs_simulator0000000000000000000000000000',
    permissions: options.permissions ?? 'read_write',
  };
  const host = options.host ?? '127.0.0.1';
  const parts = { ctx: { state, baseUrl: '' }, key, faults, rateLimiter: options.rateLimit ? new RateLimiter(options.rateLimit.requestsPerSecond) : null, weightUnit: options.weightUnit ?? 'kg' };
  const { server, port, setBaseUrl } = await listen(parts, host, options.port ?? 0);
  const url = `http://${host}:${port}`;
  setBaseUrl(url);
  return {
    url,
    consumerKey: key.consumerKey,
    consumerSecret: key.consumerSecret,
    state,
    faults,
    plantMalformedOrder: (total?: string) => plantMalformedOrder(state, total),
    close: () => new Promise<void>((resolve, reject) => {
      // Requests left hanging by an injected timeout would keep the server open forever.
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
