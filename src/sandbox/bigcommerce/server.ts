import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as catalog from './catalog';
import type { Call } from './catalog';
import * as customers from './customers';
import type { FaultPlan, RateLimitWindow } from './faults';
import { BcError, type Reply, v3Page } from './http';
import * as orders from './orders';
import type { BigCommerceSpec } from './spec';
import type { BigCommerceState } from './state';

export interface ServerParts {
  state: BigCommerceState;
  spec: BigCommerceSpec;
  accessToken: string;
  faults: FaultPlan;
  rateLimit: RateLimitWindow;
}

type Handler = (call: Call) => Reply;

/** The operations this simulator serves, by version, method and the files' path template. */
const handlers: Record<string, Handler> = {
  'v3 GET /catalog/trees': catalog.listTrees,
  'v3 GET /catalog/trees/categories': catalog.listTreeCategories,
  'v3 POST /catalog/trees/categories': catalog.createTreeCategories,
  'v3 PUT /catalog/trees/categories': catalog.updateTreeCategories,
  'v3 DELETE /catalog/trees/categories': catalog.deleteTreeCategories,
  'v3 GET /catalog/products': catalog.listProducts,
  'v3 POST /catalog/products': catalog.createProduct,
  'v3 PUT /catalog/products': catalog.updateProducts,
  'v3 DELETE /catalog/products': catalog.deleteProducts,
  'v3 GET /catalog/products/{product_id}': catalog.getProduct,
  'v3 PUT /catalog/products/{product_id}': catalog.updateProduct,
  'v3 DELETE /catalog/products/{product_id}': catalog.deleteProduct,
  'v3 GET /catalog/products/{product_id}/variants': catalog.listProductVariants,
  'v3 PUT /catalog/products/{product_id}/variants/{variant_id}': catalog.updateProductVariant,
  'v3 GET /catalog/variants': catalog.listVariants,
  'v3 PUT /catalog/variants': catalog.updateVariants,
  'v3 GET /catalog/products/{product_id}/images': catalog.listImages,
  'v3 POST /catalog/products/{product_id}/images': catalog.createImage,
  'v3 DELETE /catalog/products/{product_id}/images/{image_id}': catalog.deleteImage,
  'v3 GET /customers': customers.listCustomers,
  'v3 POST /customers': customers.createCustomers,
  'v3 PUT /customers': customers.updateCustomers,
  'v3 DELETE /customers': customers.deleteCustomers,
  'v3 GET /customers/addresses': customers.listAddresses,
  'v3 POST /customers/addresses': customers.createAddresses,
  'v3 DELETE /customers/addresses': customers.deleteAddresses,
  'v3 GET /hooks': ({ state, query }) => {
    const page = typeof query.page === 'number' ? query.page : 1;
    const limit = typeof query.limit === 'number' ? query.limit : 50;
    return v3Page([...state.webhooks.values()].filter((h) => typeof query.scope !== 'string' || h.scope === query.scope), page, limit);
  },
  'v3 POST /hooks': ({ state, body }) => {
    const id = state.nextId('webhook');
    const now = Math.floor(state.now().getTime() / 1000);
    const hook = { id, client_id: 'simulator', store_hash: state.storeHash, headers: null, is_active: true, created_at: now, updated_at: now, ...(body as Record<string, unknown>) };
    state.webhooks.set(id, hook);
    return { status: 200, body: { data: hook, meta: {} } };
  },
  'v3 DELETE /hooks/{webhook_id}': ({ state, pathParams }) => {
    const id = Number(pathParams.webhook_id);
    const hook = state.webhooks.get(id);
    if (!hook) throw new BcError(404, 'The webhook was not found');
    state.webhooks.delete(id);
    return { status: 200, body: { data: hook, meta: {} } };
  },
  'v2 GET /orders': orders.listOrders,
  'v2 POST /orders': orders.createOrder,
  'v2 GET /orders/count': orders.countOrders,
  'v2 GET /orders/{order_id}': orders.getOrder,
  'v2 PUT /orders/{order_id}': orders.updateOrder,
  'v2 DELETE /orders/{order_id}': orders.deleteOrder,
  'v2 GET /orders/{order_id}/products': orders.listOrderProducts,
  'v2 GET /orders/{order_id}/shipping_addresses': orders.listShippingAddresses,
  'v2 GET /orders/{order_id}/shipments': orders.listShipments,
  'v2 POST /orders/{order_id}/shipments': orders.createShipment,
  'v2 DELETE /orders/{order_id}/shipments/{shipment_id}': orders.deleteShipment,
  'v2 GET /order_statuses': orders.listOrderStatuses,
};

function send(res: ServerResponse, reply: Reply, rateHeaders: Record<string, string>): void {
  if (res.destroyed) return;
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : { 'Content-Length': 0 }),
    ...rateHeaders,
    ...reply.headers,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the client's Accept allows JSON (every operation in the files answers application/json). */
function acceptsJson(accept: string | undefined): boolean {
  return accept !== undefined && accept.split(',').some((part) => /^\s*(application\/json|application\/\*|\*\/\*)\s*(;|$)/i.test(part));
}

function problemsToErrors(problems: { field: string; message: string }[]): Record<string, string> {
  return Object.fromEntries(problems.map((p) => [p.field || 'body', p.message]));
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = /^\/stores\/([^/]+)\/(v2|v3)(\/.*)$/.exec(url.pathname);
  const version = (match?.[2] ?? 'v3') as 'v2' | 'v3';
  const fail = (err: BcError, headers: Record<string, string> = parts.rateLimit.headers()) => send(res, err.reply(version), headers);
  if (!match || match[1] !== parts.state.storeHash) return fail(new BcError(404, 'Store not found: the path is /stores/{store_hash}/v2|v3/...'));
  const path = (match[3] ?? '/').replace(/\/+$/, '') || '/';
  parts.state.recordRequest(method, `/${version}${path}`);
  // The gateway checks the token before anything else, and answers 401 without touching the quota.
  if (req.headers['x-auth-token'] !== parts.accessToken) return fail(new BcError(401, 'No valid credentials were found in this request'), {});
  const fault = parts.faults.draw(`/${version}${path}`);
  if (fault === 'timeout') return;
  if (fault === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault === 'slow') await sleep(parts.faults.slowMs);
  if (fault === '429') return fail(new BcError(429, 'Too many requests'), { ...parts.rateLimit.headers(), 'X-Rate-Limit-Requests-Left': '0' });
  if (fault === '500' || fault === '502' || fault === '503') return fail(new BcError(Number(fault), 'Internal Server Error'));
  const { admitted, headers } = parts.rateLimit.take();
  if (!admitted) return fail(new BcError(429, 'Too many requests: the quota resets in X-Rate-Limit-Time-Reset-Ms'), headers);
  try {
    const found = parts.spec.find(version, method, path);
    if (found === 'no-path') throw new BcError(404, 'The requested resource was not found.');
    if (found === 'no-method') throw new BcError(405, `${method} is not allowed on this resource`);
    const handler = handlers[`${version} ${method} ${found.operation.template}`];
    if (!handler) throw new BcError(501, `${method} ${found.operation.template} is in BigCommerce's API but not modelled by this simulator`);
    if (!acceptsJson(req.headers.accept)) throw new BcError(406, 'The Accept header must allow application/json');
    const text = await readBody(req);
    let body: unknown;
    if (text.trim() !== '') {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new BcError(415, 'The Content-Type header must be application/json');
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new BcError(400, 'The request body is not valid JSON');
      }
    }
    const query = parts.spec.checkQuery(found.operation, url.searchParams);
    if (query.problems.length) throw new BcError(version === 'v2' ? 400 : 422, 'The query parameters are not valid', problemsToErrors(query.problems));
    const bodyProblems = parts.spec.checkBody(found.operation, body);
    if (bodyProblems.length) throw new BcError(version === 'v2' ? 400 : 422, 'JSON data is missing or invalid', problemsToErrors(bodyProblems));
    send(res, handler({ state: parts.state, pathParams: found.pathParams, query: query.values, body }), headers);
  } catch (err) {
    if (err instanceof BcError) return fail(err, headers);
    send(res, new BcError(500, `Internal Server Error: ${err instanceof Error ? err.message : String(err)}`).reply(version), headers);
  }
}

export async function listen(parts: ServerParts, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(parts, req, res).catch((err: unknown) => send(res, new BcError(500, String(err)).reply('v3'), {}));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
