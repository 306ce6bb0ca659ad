import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RequestBucket } from './bucket';
import type { TiendanubeFaults } from './faults';
import type { OrderBook, TiendanubeOrder } from './orders';

export interface SimulatorParts {
  storeId: string;
  accessToken: string;
  orders: OrderBook;
  bucket: RequestBucket;
  faults: TiendanubeFaults;
  /** Every API request, as the simulator saw it (inspection). */
  requests: RecordedRequest[];
  /** The base URL, for Link headers; known once listening. */
  baseUrl(): string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  userAgent: string | null;
  status: number;
}

/** An API error as Tiendanube writes it: `{code, message, description}`. */
class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly description: string, readonly headers: Record<string, string> = {}) {
    super(description);
  }
}

const tooManyRequests = (headers: Record<string, string>) => new ApiError(429, 'Too Many Requests', 'Rate limit exceeded: slow down', headers);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'Bad Request', 'Problems parsing JSON');
}

/** `fields=a,b` keeps only those top-level properties, as the API does. */
function project(order: TiendanubeOrder, fields: string | null): Record<string, unknown> {
  if (!fields) return order;
  const wanted = new Set(fields.split(',').map((f) => f.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(order).filter(([key]) => wanted.has(key)));
}

const ORDERS = /^\/v1\/([^/]+)\/orders\/?$/;
const ORDER = /^\/v1\/([^/]+)\/orders\/([^/]+)\/?$/;

function listOrders(parts: SimulatorParts, url: URL, res: ServerResponse, headers: Record<string, string>): void {
  const q = url.searchParams;
  const page = Number(q.get('page') ?? 1);
  const perPage = Number(q.get('per_page') ?? 30);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(422, 'Unprocessable Entity', 'page must be a positive integer');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) throw new ApiError(422, 'Unprocessable Entity', 'per_page must be between 1 and 200');
  const sinceId = Number(q.get('since_id') ?? 0);
  const matches = (field: string, value: unknown) => { const wanted = q.get(field); return !wanted || wanted === 'any' || wanted === value; };
  const found = parts.orders.all().filter((o) => o.id > sinceId && matches('status', o.status) && matches('payment_status', o.payment_status) && matches('shipping_status', o.shipping_status));
  const last = Math.max(1, Math.ceil(found.length / perPage));
  // The API answers a page past the end with 404 naming the last page, not with an empty list.
  if (page > last) throw new ApiError(404, 'Not Found', `Last page is ${last}`);
  const link = (p: number) => { const u = new URL(`${parts.baseUrl()}${url.pathname}`); q.forEach((v, k) => u.searchParams.set(k, v)); u.searchParams.set('page', String(p)); u.searchParams.set('per_page', String(perPage)); return u.toString(); };
  const rels = [
    ...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []),
    ...(page > 1 ? [`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`] : []),
  ];
  const items = found.slice((page - 1) * perPage, page * perPage).map((o) => project(o, q.get('fields')));
  send(res, 200, items, { ...headers, 'X-Total-Count': String(found.length), ...(rels.length ? { Link: rels.join(', ') } : {}) });
}

async function api(parts: SimulatorParts, req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  const fault = parts.faults.draw();
  if (fault === 'reset') {
    req.socket.destroy();
    return 0;
  }
  if (fault === '429') throw tooManyRequests(parts.bucket.fullHeaders());
  if (fault) throw new ApiError(Number(fault), fault === '500' ? 'Internal Server Error' : fault === '502' ? 'Bad Gateway' : fault === '503' ? 'Service Unavailable' : 'Gateway Timeout', 'injected fault');
  // "If you don't supply this header, you will get a 400 Bad Request response."
  if (!req.headers['user-agent']) throw new ApiError(400, 'Bad Request', 'A User-Agent header naming your app and a contact is required');
  const auth = /^bearer\s+(\S+)\s*$/i.exec(String(req.headers.authentication ?? ''));
  const list = ORDERS.exec(url.pathname);
  const one = ORDER.exec(url.pathname);
  const store = list?.[1] ?? one?.[1];
  if (!auth || auth[1] !== parts.accessToken || (store !== undefined && store !== parts.storeId)) throw new ApiError(401, 'Unauthorized', 'Invalid access token');
  if (!parts.bucket.tryAdd()) throw tooManyRequests(parts.bucket.headers());
  const headers = parts.bucket.headers();
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'Method Not Allowed', `${req.method} is not simulated`);
  if (list) return listOrders(parts, url, res, headers), 200;
  if (one) {
    const order = /^\d+$/.test(one[2] as string) ? parts.orders.get(Number(one[2])) : undefined;
    if (!order) throw new ApiError(404, 'Not Found', 'Order with such id does not exist');
    send(res, 200, project(order, url.searchParams.get('fields')), headers);
    return 200;
  }
  throw new ApiError(404, 'Not Found', `${url.pathname} is not a resource`);
}

/** GET/POST /__sandbox/orders (list, seed), PATCH /__sandbox/orders/<id> (the admin's changes), GET /__sandbox/requests. */
async function sandbox(parts: SimulatorParts, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const one = /^\/__sandbox\/orders\/(\d+)$/.exec(path);
  if (path === '/__sandbox/orders' && req.method === 'GET') return send(res, 200, parts.orders.all());
  if (path === '/__sandbox/orders' && req.method === 'POST') return send(res, 201, parts.orders.seed(await readJson(req)));
  if (one && req.method === 'PATCH') {
    if (!parts.orders.get(Number(one[1]))) throw new ApiError(404, 'Not Found', 'Order with such id does not exist');
    return send(res, 200, parts.orders.update(Number(one[1]), await readJson(req)));
  }
  if (path === '/__sandbox/requests' && req.method === 'GET') return send(res, 200, parts.requests);
  throw new ApiError(404, 'Not Found', `${req.method} ${path} is not a sandbox route`);
}

export function createTiendanubeServer(parts: SimulatorParts): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    void (async () => {
      if (url.pathname.startsWith('/__sandbox/')) return sandbox(parts, req, res, url.pathname);
      const status = await api(parts, req, res, url);
      if (status) parts.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, userAgent: req.headers['user-agent'] ?? null, status });
    })().catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const error = err instanceof ApiError ? err : new ApiError(500, 'Internal Server Error', 'simulator error');
      const headers = error.headers;
      if (!url.pathname.startsWith('/__sandbox/')) parts.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, userAgent: req.headers['user-agent'] ?? null, status: error.status });
      send(res, error.status, { code: error.status, message: error.title, description: error.description }, headers);
    });
  });
}
