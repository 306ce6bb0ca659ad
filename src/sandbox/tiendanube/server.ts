import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RequestBucket } from './bucket';
import type { TiendanubeFaults } from './faults';
import type { TiendanubeOrder } from './orders';
import {
  cancelShape, categoryShape, customerShape, fulfillShape, imageShape, metafieldShape, metafieldUpdateShape, orderCreateShape, orderUpdateShape,
  productShape, productUpdateShape, variantShape, webhookShape,
} from './shapes';
import type { TiendanubeStore } from './state';
import { optional, type Shape, UnprocessableEntity, validateBody } from './validate';

export interface SimulatorParts {
  store: TiendanubeStore;
  accessToken: string;
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

type Json = Record<string, unknown>;

/** An API error as Tiendanube writes it: `{code, message, description}`. */
class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly description: string, readonly headers: Record<string, string> = {}) {
    super(description);
  }
}

const tooManyRequests = (headers: Record<string, string>) => new ApiError(429, 'Too Many Requests', 'Rate limit exceeded: slow down', headers);
const notFound = (what: string) => new ApiError(404, 'Not Found', `${what} with such id does not exist`);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'Unsupported Media Type', 'Send JSON with Content-Type: application/json');
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'Bad Request', 'Problems parsing JSON');
}

/** `fields=a,b` keeps only those top-level properties, as the API does. */
function project(record: Json, fields: string | null): Json {
  if (!fields) return record;
  const wanted = new Set(fields.split(',').map((f) => f.trim()).filter(Boolean));
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key)));
}

/** An ISO 8601 filter value; anything else is refused (422) rather than read as "no filter". */
function dateParam(q: URLSearchParams, name: string): number | null {
  const value = q.get(name);
  if (value === null) return null;
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at)) throw new UnprocessableEntity({ [name]: ['is not a valid ISO 8601 date'] });
  return at;
}

/**
 * The filters every list shares (since_id, created_at_min/max, updated_at_min/max: "after" and "before",
 * strictly), then page/per_page (≤ 200, default 30) with X-Total-Count and a Link header, and 404 naming the
 * last page when asked past it.
 */
function sendPage(parts: SimulatorParts, url: URL, res: ServerResponse, headers: Record<string, string>, all: Json[]): void {
  const q = url.searchParams;
  const page = Number(q.get('page') ?? 1);
  const perPage = Number(q.get('per_page') ?? 30);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(422, 'Unprocessable Entity', 'page must be a positive integer');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) throw new ApiError(422, 'Unprocessable Entity', 'per_page must be between 1 and 200');
  const sinceId = Number(q.get('since_id') ?? 0);
  const bounds = { created_at_min: dateParam(q, 'created_at_min'), created_at_max: dateParam(q, 'created_at_max'), updated_at_min: dateParam(q, 'updated_at_min'), updated_at_max: dateParam(q, 'updated_at_max') };
  const found = all.filter((r) => {
    const created = Date.parse(String(r.created_at));
    const updated = Date.parse(String(r.updated_at));
    return Number(r.id) > sinceId
      && (bounds.created_at_min === null || created > bounds.created_at_min) && (bounds.created_at_max === null || created < bounds.created_at_max)
      && (bounds.updated_at_min === null || updated > bounds.updated_at_min) && (bounds.updated_at_max === null || updated < bounds.updated_at_max);
  }).sort((a, b) => Number(a.id) - Number(b.id));
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

const idOf = (text: string | undefined): number | null => (text && /^\d+$/.test(text) ? Number(text) : null);

async function body(req: IncomingMessage, shape: Shape, parts: SimulatorParts): Promise<Json> {
  const json = await readJson(req);
  validateBody(json, shape, parts.store.languages);
  return json;
}

function i18nMatches(value: unknown, wanted: string, language: string | null): boolean {
  const texts = (value ?? {}) as Record<string, string>;
  return language ? texts[language] === wanted : Object.values(texts).includes(wanted);
}

/** Each route: [method, path pattern below /v1/<store>, handler]. */
type Handler = (m: RegExpExecArray, ctx: { req: IncomingMessage; res: ServerResponse; url: URL; headers: Record<string, string> }) => Promise<void> | void;

function routes(parts: SimulatorParts): [string, RegExp, Handler][] {
  const { store } = parts;
  const ok = (ctx: { res: ServerResponse; headers: Record<string, string> }, value: unknown, status = 200) => send(ctx.res, status, value, ctx.headers);
  const category = (id: string | undefined) => { const c = store.categories.get(idOf(id) ?? -1); if (!c) throw notFound('Category'); return c; };
  const product = (id: string | undefined) => { const p = store.products.get(idOf(id) ?? -1); if (!p) throw notFound('Product'); return p; };
  const customer = (id: string | undefined) => { const c = store.customers.get(idOf(id) ?? -1); if (!c) throw notFound('Customer'); return c; };
  const order = (id: string | undefined) => { const o = store.orders.get(idOf(id) ?? -1); if (!o) throw notFound('Order'); return o; };
  const orderAction = (o: TiendanubeOrder, fields: Json) => store.orders.update(o.id, fields);
  const metaOwners: Record<string, string> = { products: 'Product', product_variants: 'Product_Variant', categories: 'Category', pages: 'Page', orders: 'Order', customers: 'Customer' };

  return [
    ['GET', /^\/store$/, (_m, ctx) => ok(ctx, project({
      id: Number(store.storeId), name: Object.fromEntries(store.languages.map((l) => [l, 'Tienda simulada'])), main_language: store.mainLanguage,
      languages: Object.fromEntries(store.languages.map((l) => [l, { currency: store.currency, active: true }])), main_currency: store.currency,
      country: store.country, email: 'owner@store.example', created_at: '2020-01-01T00:00:00-03:00',
    }, ctx.url.searchParams.get('fields')))],

    ['GET', /^\/categories$/, (_m, ctx) => {
      const q = ctx.url.searchParams;
      const handle = q.get('handle');
      const parentId = q.get('parent_id');
      const all = [...store.categories.values()].filter((c) => (!handle || i18nMatches(c.handle, handle, q.get('language'))) && (parentId === null || String(c.parent ?? '') === parentId));
      sendPage(parts, ctx.url, ctx.res, ctx.headers, all.map((c) => store.renderCategory(c)));
    }],
    ['POST', /^\/categories$/, async (_m, ctx) => ok(ctx, store.renderCategory(store.createCategory(await body(ctx.req, categoryShape, parts))), 201)],
    ['GET', /^\/categories\/(\d+)$/, (m, ctx) => ok(ctx, project(store.renderCategory(category(m[1])), ctx.url.searchParams.get('fields')))],
    ['PUT', /^\/categories\/(\d+)$/, async (m, ctx) => { const c = category(m[1]); ok(ctx, store.renderCategory(store.updateCategory(c, await body(ctx.req, optional(categoryShape), parts)))); }],
    ['DELETE', /^\/categories\/(\d+)$/, (m, ctx) => { store.deleteCategory(category(m[1]).id); ok(ctx, {}); }],

    ['GET', /^\/products$/, (_m, ctx) => {
      const q = ctx.url.searchParams;
      const handle = q.get('handle');
      const text = q.get('q')?.toLowerCase() ?? null;
      const categoryId = idOf(q.get('category_id') ?? undefined);
      const published = q.get('published');
      const all = [...store.products.values()].filter((p) => (!handle || i18nMatches(p.handle, handle, q.get('language')))
        && (!text || Object.values(p.name).some((n) => n.toLowerCase().includes(text)) || p.variants.some((v) => v.sku?.toLowerCase().includes(text)))
        && (categoryId === null || p.categories.includes(categoryId)) && (published === null || String(p.published) === published));
      sendPage(parts, ctx.url, ctx.res, ctx.headers, all.map((p) => store.renderProduct(p)));
    }],
    ['POST', /^\/products$/, async (_m, ctx) => ok(ctx, store.renderProduct(store.createProduct(await body(ctx.req, productShape, parts))), 201)],
    ['GET', /^\/products\/sku\/([^/]+)$/, (m, ctx) => {
      const sku = decodeURIComponent(m[1] as string);
      const p = [...store.products.values()].find((x) => x.variants.some((v) => v.sku === sku));
      if (!p) throw new ApiError(404, 'Not Found', 'Product with such SKU does not exist');
      ok(ctx, project(store.renderProduct(p), ctx.url.searchParams.get('fields')));
    }],
    ['GET', /^\/products\/(\d+)$/, (m, ctx) => ok(ctx, project(store.renderProduct(product(m[1])), ctx.url.searchParams.get('fields')))],
    ['PUT', /^\/products\/(\d+)$/, async (m, ctx) => { const p = product(m[1]); ok(ctx, store.renderProduct(store.updateProduct(p, await body(ctx.req, optional(productUpdateShape), parts)))); }],
    ['DELETE', /^\/products\/(\d+)$/, (m, ctx) => { store.products.delete(product(m[1]).id); ok(ctx, {}); }],
    ['GET', /^\/products\/(\d+)\/variants$/, (m, ctx) => sendPage(parts, ctx.url, ctx.res, ctx.headers, product(m[1]).variants as unknown as Json[])],
    ['POST', /^\/products\/(\d+)\/variants$/, async (m, ctx) => { const p = product(m[1]); ok(ctx, store.addVariant(p, await body(ctx.req, variantShape, parts)), 201); }],
    ['GET', /^\/products\/(\d+)\/variants\/(\d+)$/, (m, ctx) => { const v = product(m[1]).variants.find((x) => x.id === Number(m[2])); if (!v) throw notFound('Variant'); ok(ctx, project(v as unknown as Json, ctx.url.searchParams.get('fields'))); }],
    ['PUT', /^\/products\/(\d+)\/variants\/(\d+)$/, async (m, ctx) => {
      const p = product(m[1]);
      const v = p.variants.find((x) => x.id === Number(m[2]));
      if (!v) throw notFound('Variant');
      ok(ctx, store.updateVariant(p, v, await body(ctx.req, variantShape, parts)));
    }],
    ['DELETE', /^\/products\/(\d+)\/variants\/(\d+)$/, (m, ctx) => {
      const p = product(m[1]);
      if (!p.variants.some((x) => x.id === Number(m[2]))) throw notFound('Variant');
      store.removeVariant(p, Number(m[2]));
      ok(ctx, {});
    }],
    ['GET', /^\/products\/(\d+)\/images$/, (m, ctx) => sendPage(parts, ctx.url, ctx.res, ctx.headers, product(m[1]).images as unknown as Json[])],
    ['POST', /^\/products\/(\d+)\/images$/, async (m, ctx) => { const p = product(m[1]); ok(ctx, store.addImage(p, await body(ctx.req, imageShape, parts)), 201); }],
    ['DELETE', /^\/products\/(\d+)\/images\/(\d+)$/, (m, ctx) => {
      const p = product(m[1]);
      if (!p.images.some((x) => x.id === Number(m[2]))) throw notFound('Image');
      store.removeImage(p, Number(m[2]));
      ok(ctx, {});
    }],

    ['GET', /^\/customers$/, (_m, ctx) => {
      const text = ctx.url.searchParams.get('q')?.toLowerCase() ?? null;
      const all = [...store.customers.values()].filter((c) => !text || c.email.toLowerCase().includes(text) || c.name.toLowerCase().includes(text) || (c.identification ?? '').includes(text));
      sendPage(parts, ctx.url, ctx.res, ctx.headers, all.map((c) => store.renderCustomer(c)));
    }],
    ['POST', /^\/customers$/, async (_m, ctx) => ok(ctx, store.renderCustomer(store.createCustomer(await body(ctx.req, customerShape, parts))), 201)],
    ['GET', /^\/customers\/(\d+)$/, (m, ctx) => ok(ctx, project(store.renderCustomer(customer(m[1])), ctx.url.searchParams.get('fields')))],
    ['PUT', /^\/customers\/(\d+)$/, async (m, ctx) => { const c = customer(m[1]); ok(ctx, store.renderCustomer(store.updateCustomer(c, await body(ctx.req, optional(customerShape), parts)))); }],
    ['DELETE', /^\/customers\/(\d+)$/, (m, ctx) => { store.customers.delete(customer(m[1]).id); ok(ctx, {}); }],

    ['GET', /^\/orders$/, (_m, ctx) => {
      const q = ctx.url.searchParams;
      const matches = (field: string, value: unknown) => { const wanted = q.get(field); return !wanted || wanted === 'any' || wanted === value; };
      const text = q.get('q')?.toLowerCase() ?? null;
      const customerIds = q.get('customer_ids')?.split(',').map(Number) ?? null;
      const found = store.orders.all().filter((o) => matches('status', o.status) && matches('payment_status', o.payment_status) && matches('shipping_status', o.shipping_status)
        && (!text || String(o.number) === text || String(o.contact_email ?? '').toLowerCase().includes(text) || String(o.contact_name ?? '').toLowerCase().includes(text))
        && (!customerIds || customerIds.includes(Number((o.customer as Json | null)?.id))));
      sendPage(parts, ctx.url, ctx.res, ctx.headers, found);
    }],
    ['POST', /^\/orders$/, async (_m, ctx) => ok(ctx, store.createOrder(await body(ctx.req, orderCreateShape, parts)), 201)],
    ['GET', /^\/orders\/(\d+)$/, (m, ctx) => ok(ctx, project(order(m[1]), ctx.url.searchParams.get('fields')))],
    ['PUT', /^\/orders\/(\d+)$/, async (m, ctx) => {
      const o = order(m[1]);
      const json = await body(ctx.req, orderUpdateShape, parts);
      ok(ctx, orderAction(o, { ...('owner_note' in json ? { owner_note: json.owner_note } : {}), ...(json.status === 'paid' ? { payment_status: 'paid' } : {}) }));
    }],
    ['POST', /^\/orders\/(\d+)\/close$/, (m, ctx) => {
      const o = order(m[1]);
      if (o.status === 'cancelled') throw new UnprocessableEntity({ status: ['a cancelled order cannot be closed'] });
      ok(ctx, orderAction(o, { status: 'closed', closed_at: store.stamp(), next_action: 'noop' }));
    }],
    ['POST', /^\/orders\/(\d+)\/open$/, (m, ctx) => {
      const o = order(m[1]);
      if (o.status !== 'closed') throw new UnprocessableEntity({ status: ['only a closed order can be reopened'] });
      ok(ctx, orderAction(o, { status: 'open', closed_at: null }));
    }],
    ['POST', /^\/orders\/(\d+)\/pack$/, (m, ctx) => { const o = order(m[1]); ok(ctx, orderAction(o, { next_action: 'waiting_shipment' })); }],
    ['POST', /^\/orders\/(\d+)\/fulfill$/, async (m, ctx) => {
      const o = order(m[1]);
      const json = await body(ctx.req, fulfillShape, parts);
      if (o.status === 'cancelled') throw new UnprocessableEntity({ status: ['a cancelled order cannot be fulfilled'] });
      ok(ctx, orderAction(o, {
        shipping_status: 'fulfilled', shipped_at: o.shipped_at ?? store.stamp(), next_action: 'close',
        ...('shipping_tracking_number' in json ? { shipping_tracking_number: json.shipping_tracking_number ?? null } : {}),
        ...('shipping_tracking_url' in json ? { shipping_tracking_url: json.shipping_tracking_url ?? null } : {}),
      }));
    }],
    ['POST', /^\/orders\/(\d+)\/cancel$/, async (m, ctx) => {
      const o = order(m[1]);
      const json = await body(ctx.req, cancelShape, parts);
      if (o.status === 'cancelled') throw new UnprocessableEntity({ status: ['the order is already cancelled'] });
      ok(ctx, orderAction(o, { status: 'cancelled', cancel_reason: json.reason ?? 'other', cancelled_at: store.stamp(), next_action: 'noop' }));
    }],

    ['GET', /^\/metafields\/([a-z_]+)$/, (m, ctx) => {
      const owner = metaOwners[m[1] as string];
      if (!owner) throw new ApiError(404, 'Not Found', `${m[1]} has no metafields`);
      const q = ctx.url.searchParams;
      const ownerIds = q.get('owner_id')?.split(',').map(Number) ?? null;
      const all = [...store.metafields.values()].filter((f) => f.owner_resource === owner && (!ownerIds || ownerIds.includes(f.owner_id))
        && (!q.get('namespace') || f.namespace === q.get('namespace')) && (!q.get('key') || f.key === q.get('key')));
      sendPage(parts, ctx.url, ctx.res, ctx.headers, all as unknown as Json[]);
    }],
    ['GET', /^\/metafields\/(\d+)$/, (m, ctx) => { const f = store.metafields.get(Number(m[1])); if (!f) throw notFound('Metafield'); ok(ctx, f); }],
    ['POST', /^\/metafields$/, async (_m, ctx) => {
      const json = await body(ctx.req, metafieldShape, parts);
      const ownerId = Number(json.owner_id);
      const exists = { Product: () => store.products.has(ownerId), Category: () => store.categories.has(ownerId), Order: () => !!store.orders.get(ownerId), Customer: () => store.customers.has(ownerId) }[json.owner_resource as string];
      if (exists && !exists()) throw new UnprocessableEntity({ owner_id: ['does not exist'] });
      const at = store.stamp();
      const field = { id: store.id(), namespace: json.namespace as string, key: json.key as string, value: json.value as string, description: (json.description as string | null | undefined) ?? null, owner_resource: json.owner_resource as string, owner_id: ownerId, created_at: at, updated_at: at };
      store.metafields.set(field.id, field);
      ok(ctx, field, 201);
    }],
    ['PUT', /^\/metafields\/(\d+)$/, async (m, ctx) => {
      const f = store.metafields.get(Number(m[1]));
      if (!f) throw notFound('Metafield');
      const json = await body(ctx.req, metafieldUpdateShape, parts);
      Object.assign(f, { value: json.value, ...('description' in json ? { description: json.description } : {}), updated_at: store.stamp() });
      ok(ctx, f);
    }],
    ['DELETE', /^\/metafields\/(\d+)$/, (m, ctx) => { if (!store.metafields.delete(Number(m[1]))) throw notFound('Metafield'); ok(ctx, {}); }],

    ['GET', /^\/webhooks$/, (_m, ctx) => sendPage(parts, ctx.url, ctx.res, ctx.headers, [...store.webhooks.values()] as unknown as Json[])],
    ['POST', /^\/webhooks$/, async (_m, ctx) => {
      const json = await body(ctx.req, webhookShape, parts);
      const at = store.stamp();
      const hook = { id: store.id(), event: json.event as string, url: json.url as string, created_at: at, updated_at: at };
      store.webhooks.set(hook.id, hook);
      ok(ctx, hook, 201);
    }],
    ['DELETE', /^\/webhooks\/(\d+)$/, (m, ctx) => { if (!store.webhooks.delete(Number(m[1]))) throw notFound('Webhook'); ok(ctx, {}); }],
  ];
}

const API_PATH = /^\/v1\/([^/]+)(\/.*)$/;

async function api(parts: SimulatorParts, table: [string, RegExp, Handler][], req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  const path = API_PATH.exec(url.pathname);
  const fault = parts.faults.draw(path?.[2] ?? url.pathname);
  if (fault === 'reset') {
    req.socket.destroy();
    return 0;
  }
  if (fault === '429') throw tooManyRequests(parts.bucket.fullHeaders());
  if (fault) throw new ApiError(Number(fault), fault === '500' ? 'Internal Server Error' : fault === '502' ? 'Bad Gateway' : fault === '503' ? 'Service Unavailable' : 'Gateway Timeout', 'injected fault');
  // "If you don't supply this header, you will get a 400 Bad Request response."
  if (!req.headers['user-agent']) throw new ApiError(400, 'Bad Request', 'A User-Agent header naming your app and a contact is required');
  const auth = /^bearer\s+(\S+)\s*$/i.exec(String(req.headers.authentication ?? ''));
  if (!auth || auth[1] !== parts.accessToken || (path && path[1] !== parts.store.storeId)) throw new ApiError(401, 'Unauthorized', 'Invalid access token');
  if (!parts.bucket.tryAdd()) throw tooManyRequests(parts.bucket.headers());
  const headers = parts.bucket.headers();
  const below = (path?.[2] ?? '').replace(/\/+$/, '');
  const method = req.method === 'HEAD' ? 'GET' : req.method ?? 'GET';
  let pathKnown = false;
  for (const [verb, pattern, handler] of table) {
    const m = pattern.exec(below);
    if (!m) continue;
    pathKnown = true;
    if (verb !== method) continue;
    await handler(m, { req, res, url, headers });
    return res.statusCode;
  }
  if (pathKnown) throw new ApiError(405, 'Method Not Allowed', `${req.method} is not allowed on ${below}`);
  throw new ApiError(404, 'Not Found', `${url.pathname} is not a resource`);
}

/** GET/POST /__sandbox/orders (list, seed), PATCH /__sandbox/orders/<id> (the admin's changes), GET /__sandbox/requests. */
async function sandbox(parts: SimulatorParts, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const { orders } = parts.store;
  const one = /^\/__sandbox\/orders\/(\d+)$/.exec(path);
  if (path === '/__sandbox/orders' && req.method === 'GET') return send(res, 200, orders.all());
  if (path === '/__sandbox/orders' && req.method === 'POST') return send(res, 201, orders.seed(await readAnyJson(req)));
  if (one && req.method === 'PATCH') {
    if (!orders.get(Number(one[1]))) throw new ApiError(404, 'Not Found', 'Order with such id does not exist');
    return send(res, 200, orders.update(Number(one[1]), await readAnyJson(req)));
  }
  if (path === '/__sandbox/requests' && req.method === 'GET') return send(res, 200, parts.requests);
  throw new ApiError(404, 'Not Found', `${req.method} ${path} is not a sandbox route`);
}

/** The inspection routes take JSON whatever its Content-Type. */
async function readAnyJson(req: IncomingMessage): Promise<Json> {
  req.headers['content-type'] = 'application/json';
  return readJson(req);
}

export function createTiendanubeServer(parts: SimulatorParts): Server {
  const table = routes(parts);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const record = (status: number) => parts.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, userAgent: req.headers['user-agent'] ?? null, status });
    void (async () => {
      if (url.pathname.startsWith('/__sandbox/')) return sandbox(parts, req, res, url.pathname);
      const status = await api(parts, table, req, res, url);
      if (status) record(status);
    })().catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (!url.pathname.startsWith('/__sandbox/')) record(err instanceof UnprocessableEntity ? 422 : err instanceof ApiError ? err.status : 500);
      // Validation failures answer with the attributes and their messages, as the documentation's 422 examples do.
      if (err instanceof UnprocessableEntity) return send(res, 422, err.errors, parts.bucket.headers());
      const error = err instanceof ApiError ? err : new ApiError(500, 'Internal Server Error', 'simulator error');
      send(res, error.status, { code: error.status, message: error.title, description: error.description }, error.headers);
    });
  });
}
