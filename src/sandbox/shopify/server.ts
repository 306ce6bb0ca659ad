import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccessScopes, defaultScopes } from './access-scopes';
import { apiVersionStatus, SIMULATED_API_VERSION, SUPPORTED_API_VERSIONS } from './api-versions';
import { LeakyBucket, plans, type PlanName } from './bucket';
import { FaultInjector, type FaultConfig, type FaultKind } from './faults';
import { seedSyntheticStore, type SyntheticStoreSize } from './generator';
import { GraphqlEndpoint } from './graphql-endpoint';
import { SimulatorState } from './inspection';
import { ShopStore } from './store';

export interface ShopifySimulatorOptions {
  /** <shop>.myshopify.com (default: cutover-sim.myshopify.com). */
  shopDomain?: string;
  /** The Admin API access token the simulator accepts (default: a fixed shpat_ token). */
  accessToken?: string;
  /** The plan's leaky bucket (default standard: 100 points/s, 1000 points). */
  plan?: PlanName;
  /** Overrides the plan's bucket, e.g. a tiny restore rate for throttling tests. */
  rateLimit?: { restoreRate: number; maximumAvailable: number };
  currencyCode?: string;
  /** Fills the shop with a synthetic catalogue before the first request. */
  seed?: SyntheticStoreSize;
  faults?: FaultConfig;
  /**
   * The access scopes the merchant granted the app (default: catalogue, customers, orders with
   * read_all_orders, merchant-managed fulfilment, locations). Fields whose scope is missing are refused with
   * ACCESS_DENIED; without read_all_orders, orders older than 60 days are invisible.
   */
  scopes?: readonly string[];
  /**
   * A request for a retired API version: refused with 404 (default, stricter than Shopify), or answered as
   * Shopify documents, by the oldest supported version, named in the X-Shopify-API-Version header.
   */
  retiredVersions?: 'refuse' | 'serve-oldest-supported';
  host?: string;
  port?: number;
}

export interface ShopifySimulator {
  /** Base URL to put in the connection's `endpoint` (requests go to <url>/admin/api/<version>/graphql.json). */
  url: string;
  shopDomain: string;
  accessToken: string;
  state: SimulatorState;
  close(): Promise<void>;
}

const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

/**
 * The API version a request gets, or the refusal. Shopify answers an unknown version with 404; the simulator
 * also refuses the versions it holds no schema for (it will not answer 2026-07 with the 2026-10 schema) and,
 * unless told otherwise, retired ones (Shopify would silently answer those with another version).
 */
function servedVersion(requested: string, retired: 'refuse' | 'serve-oldest-supported'): { version: string } | { refusal: string } {
  const status = apiVersionStatus(requested);
  const window = `supported versions: ${SUPPORTED_API_VERSIONS.join(', ')}; the simulator serves ${SIMULATED_API_VERSION}`;
  switch (status.kind) {
    case 'simulated': return { version: requested };
    case 'not-simulated': return { refusal: `API version ${requested} is not simulated (${window})` };
    case 'retired':
      if (retired === 'serve-oldest-supported') return { version: status.oldestSupported };
      return { refusal: `API version ${requested} is retired; Shopify would answer with ${status.oldestSupported} instead (${window})` };
    default: return { refusal: `Not Found: unknown API version ${JSON.stringify(requested)} (${window})` };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': randomUUID(), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers with the fault instead of the API; true when the request is done with. */
async function applyFault(kind: FaultKind | null, req: IncomingMessage, res: ServerResponse, slowMs: number): Promise<boolean> {
  switch (kind) {
    case null: return false;
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return false;
    case 'timeout':
      return true; // never answers; close() destroys the socket
    case 'reset':
      req.socket.destroy();
      return true;
    case 'http429':
      send(res, 429, { errors: 'Too Many Requests' }, { 'Retry-After': '2.0' });
      return true;
    default: {
      const status = Number(kind.slice(4));
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(`<html><body><h1>${status}</h1><p>There was a problem loading this website</p></body></html>`);
      return true;
    }
  }
}

export async function startShopifySimulator(options: ShopifySimulatorOptions = {}): Promise<ShopifySimulator> {
  const shopDomain = options.shopDomain ?? 'cutover-sim.myshopify.com';
  const accessToken = options.accessToken ?? 'shpat_simulator_0123456789abcdef';
  const plan = options.plan ?? 'standard';
  const limits = options.rateLimit ?? plans[plan];
  const store = new ShopStore({
    name: shopDomain.split('.')[0] ?? 'shop', domain: shopDomain, currencyCode: options.currencyCode ?? 'USD',
    email: `owner@${shopDomain}`, planDisplayName: plan === 'plus' ? 'Shopify Plus' : plan.charAt(0).toUpperCase() + plan.slice(1), shopifyPlus: plan === 'plus',
  }, new AccessScopes(options.scopes ?? defaultScopes));
  if (options.seed) seedSyntheticStore(store, options.seed);
  const bucket = new LeakyBucket(limits.maximumAvailable, limits.restoreRate);
  const endpoint = new GraphqlEndpoint(store, bucket);
  const faults = new FaultInjector();
  faults.configure(options.faults ?? null);
  const state = new SimulatorState(store, bucket, endpoint.metrics, faults, endpoint.documents);
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void (async () => {
      const match = GRAPHQL_PATH.exec((req.url ?? '').split('?')[0] ?? '');
      if (req.method !== 'POST' || !match) {
        send(res, 404, { errors: 'Not Found' });
        return;
      }
      const body = await readBody(req);
      if (await applyFault(faults.draw(), req, res, faults.slowMs)) return;
      // The version is checked, as Shopify routes, before the credentials.
      const served = servedVersion(match[1] ?? '', options.retiredVersions ?? 'refuse');
      if ('refusal' in served) {
        send(res, 404, { errors: served.refusal });
        return;
      }
      if (req.headers['x-shopify-access-token'] !== accessToken) {
        send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
        return;
      }
      let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
      try {
        payload = JSON.parse(body) as typeof payload;
      } catch {
        send(res, 400, { errors: { query: 'Required parameter missing or invalid' } });
        return;
      }
      const answer = await endpoint.answer(payload);
      send(res, answer.status, answer.body, { 'X-Shopify-API-Version': served.version });
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: `Internal error: ${String(error)}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    shopDomain,
    accessToken,
    state,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
