import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RequestBucket } from './bucket';
import { type TiendanubeFault, type TiendanubeFaultOptions, TiendanubeFaults } from './faults';
import type { TiendanubeOrder } from './orders';
import { seedTiendanube, type TiendanubeSeedOptions } from './seed';
import { createTiendanubeServer, type RecordedRequest } from './server';
import { TiendanubeStore } from './state';

export type { TiendanubeFault, TiendanubeFaultOptions } from './faults';
export type { TiendanubeOrder } from './orders';
export type { TiendanubeSeedOptions } from './seed';
export type { RecordedRequest } from './server';
export type { TiendanubeStore, TnCategory, TnCustomer, TnProduct, TnVariant } from './state';

export interface TiendanubeSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The store's id in every path (/v1/<storeId>/...). Default "1234567". */
  storeId?: string;
  /** The app's access token for that store. Default: 40 random hex digits. */
  accessToken?: string;
  /** The leaky bucket: 40 requests deep, leaking 2 per second, as documented. */
  bucketSize?: number;
  leakPerSecond?: number;
  /** The store's languages, main one first (texts are objects keyed by these). Default ["es"]. */
  languages?: string[];
  /** Default ARS. */
  currency?: string;
  /** Default AR. */
  country?: string;
  /** Fill the store with a small synthetic shop; `true` uses the default sizes. */
  seed?: TiendanubeSeedOptions | boolean;
  /** Random faults (rate, kinds, path); queued ones with failNext. */
  faults?: TiendanubeFaultOptions;
  now?: () => Date;
}

export interface TiendanubeSimulator {
  /** The origin a `tiendanube` connection's `endpoint` holds (paths start with /v1/<storeId>). */
  url: string;
  storeId: string;
  accessToken: string;
  /** The store's resources, for tests to inspect or change as the merchant's admin would. */
  store: TiendanubeStore;
  /** Counts of the store's resources. */
  counts(): { categories: number; products: number; customers: number; orders: number };
  /** Puts an order in the store; unnamed fields get the documentation example's defaults. */
  seedOrder(fields?: Record<string, unknown>): TiendanubeOrder;
  /** Changes an order as the merchant's admin would (pack, fulfill with tracking, cancel). */
  updateOrder(id: number, fields: Record<string, unknown>): TiendanubeOrder;
  orders(): TiendanubeOrder[];
  /** Every API request with the status it got; live. */
  requests: RecordedRequest[];
  /** The next API requests (matching `path` below /v1/<store>, when given) meet these faults; an injected 429 carries a full bucket's X-Rate-Limit-* headers. */
  failNext(fault: TiendanubeFault, count?: number, path?: RegExp): void;
  /** Random faults from now on (rate 0 turns them off). */
  configureFaults(options: TiendanubeFaultOptions): void;
  close(): Promise<void>;
}

/**
 * A simulator of Tiendanube/Nuvemshop's REST API v1 over plain HTTP, as strict as its documentation
 * (TiendaNube/api-docs): the store, categories (a tree by parent), products with variants and images,
 * customers with addresses and accepts_marketing, orders (create, list, get, owner note, close, open, pack,
 * fulfill with tracking, cancel), metafields and webhooks. Lists page with page/per_page ≤ 200, Link and
 * X-Total-Count, 404 "Last page is N" past the end, and filter on since_id and created/updated_at_min/max.
 * `Authentication: bearer` (401), a required User-Agent (400), the leaky bucket with X-Rate-Limit-* and 429,
 * write bodies checked against the documented attributes (422 `{"attribute": ["message"]}`), errors as
 * `{code, message, description}`, fault injection, and /__sandbox routes to seed and inspect.
 */
export async function startTiendanubeSimulator(options: TiendanubeSimulatorOptions = {}): Promise<TiendanubeSimulator> {
  const storeId = options.storeId ?? '1234567';
  const accessToken = options.accessToken ?? randomBytes(20).toString('hex');
  const store = new TiendanubeStore(storeId, options.languages ?? ['es'], options.currency ?? 'ARS', options.country ?? 'AR', options.now ?? (() => new Date()));
  if (options.seed) seedTiendanube(store, options.seed === true ? {} : options.seed);
  const bucket = new RequestBucket(options.bucketSize ?? 40, options.leakPerSecond ?? 2);
  const faults = new TiendanubeFaults();
  if (options.faults) faults.configure(options.faults);
  const requests: RecordedRequest[] = [];
  let url = '';
  const server = createTiendanubeServer({ store, accessToken, bucket, faults, requests, baseUrl: () => url });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    storeId,
    accessToken,
    store,
    counts: () => ({ categories: store.categories.size, products: store.products.size, customers: store.customers.size, orders: store.orders.all().length }),
    seedOrder: (fields) => store.orders.seed(fields),
    updateOrder: (id, fields) => store.orders.update(id, fields),
    orders: () => store.orders.all(),
    requests,
    failNext: (fault, count, path) => faults.failNext(fault, count, path),
    configureFaults: (faultOptions) => faults.configure(faultOptions),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
