import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RequestBucket } from './bucket';
import { type TiendanubeFault, TiendanubeFaults } from './faults';
import { OrderBook, type TiendanubeOrder } from './orders';
import { createTiendanubeServer, type RecordedRequest } from './server';

export type { TiendanubeFault } from './faults';
export type { TiendanubeOrder } from './orders';
export type { RecordedRequest } from './server';

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
  now?: () => Date;
}

export interface TiendanubeSimulator {
  /** The origin a `tiendanube` connection's `endpoint` holds (paths start with /v1/<storeId>). */
  url: string;
  storeId: string;
  accessToken: string;
  /** Puts an order in the store; unnamed fields get the documentation example's defaults. */
  seedOrder(fields?: Record<string, unknown>): TiendanubeOrder;
  /** Changes an order as the merchant's admin would (pack, fulfill with tracking, cancel). */
  updateOrder(id: number, fields: Record<string, unknown>): TiendanubeOrder;
  orders(): TiendanubeOrder[];
  /** Every API request with the status it got; live. */
  requests: RecordedRequest[];
  /** The next API requests meet these faults; an injected 429 carries a full bucket's X-Rate-Limit-* headers. */
  failNext(fault: TiendanubeFault, count?: number): void;
  close(): Promise<void>;
}

/**
 * A simulator of Tiendanube/Nuvemshop's REST API v1 Order resource over plain HTTP: GET /v1/<store>/orders
 * (page/per_page ≤ 200, X-Total-Count, Link, 404 "Last page is N" past the end) and /orders/<id>
 * (`fields=`), the `Authentication: bearer` header, a required User-Agent (400 without), the leaky bucket
 * with X-Rate-Limit-* headers and 429, error bodies `{code, message, description}`, fault injection, and
 * /__sandbox/orders to seed and change orders over HTTP.
 */
export async function startTiendanubeSimulator(options: TiendanubeSimulatorOptions = {}): Promise<TiendanubeSimulator> {
  const storeId = options.storeId ?? '1234567';
  const accessToken = options.accessToken ?? randomBytes(20).toString('hex');
  const orders = new OrderBook(options.now ?? (() => new Date()));
  const bucket = new RequestBucket(options.bucketSize ?? 40, options.leakPerSecond ?? 2);
  const faults = new TiendanubeFaults();
  const requests: RecordedRequest[] = [];
  let url = '';
  const server = createTiendanubeServer({ storeId, accessToken, orders, bucket, faults, requests, baseUrl: () => url });
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
    seedOrder: (fields) => orders.seed(fields),
    updateOrder: (id, fields) => orders.update(id, fields),
    orders: () => orders.all(),
    requests,
    failNext: (fault, count) => faults.failNext(fault, count),
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
