import { batch, createItem, deleteItem, getItem, listItems, type Reply, updateItem } from './collection';
import { WooError, invalidParam, noRoute } from './errors';
import { type Body, isBody } from './input';
import type { Ctx, Resource } from './resource';
import { customersResource } from './resources/customers';
import { ordersResource } from './resources/orders';
import { productsResource } from './resources/products';
import { termsResource } from './resources/terms';
import { variationsResource } from './resources/variations';
import { routeWebhooks } from './resources/webhooks';

export interface ApiRequest {
  method: string;
  /** Below /wp-json/wc/v3, without a trailing slash: "/products/12/variations". */
  path: string;
  params: URLSearchParams;
  body: unknown;
}

interface Collection {
  pattern: RegExp;
  resource: Resource<{ id: number }>;
  route: (parentId: number | null) => string;
}

// Erasing each resource's record type is safe here: a route only ever hands a resource its own records.
const collections: Collection[] = [
  { pattern: /^\/products\/categories/, resource: termsResource('categories') as unknown as Resource<{ id: number }>, route: () => 'products/categories' },
  { pattern: /^\/products\/tags/, resource: termsResource('tags') as unknown as Resource<{ id: number }>, route: () => 'products/tags' },
  { pattern: /^\/products\/(\d+)\/variations/, resource: variationsResource as unknown as Resource<{ id: number }>, route: (p) => `products/${p}/variations` },
  { pattern: /^\/products/, resource: productsResource as unknown as Resource<{ id: number }>, route: () => 'products' },
  { pattern: /^\/customers/, resource: customersResource as unknown as Resource<{ id: number }>, route: () => 'customers' },
  { pattern: /^\/orders/, resource: ordersResource as unknown as Resource<{ id: number }>, route: () => 'orders' },
];

function bodyOf(request: ApiRequest): Body {
  if (request.body === undefined || request.body === null) return {};
  if (!isBody(request.body)) throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  return request.body;
}

function forceParam(request: ApiRequest): boolean {
  const raw = request.params.get('force') ?? (isBody(request.body) ? String(request.body.force ?? '') : '');
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw invalidParam('force', 'force is not of type boolean.');
}

function systemStatus(ctx: Ctx): Reply {
  return {
    status: 200,
    body: {
      environment: { home_url: ctx.baseUrl, site_url: ctx.baseUrl, version: '9.4.0', wp_version: '6.7.1', wp_multisite: false, language: 'en_US', server_info: 'cutover-simulator' },
      settings: { api_enabled: true, currency: 'USD', currency_symbol: '$', currency_position: 'left', thousand_separator: ',', decimal_separator: '.', number_of_decimals: 2, taxonomies: {} },
    },
  };
}

const settingsWeightUnit: Body = {
  id: 'woocommerce_weight_unit', label: 'Weight unit', description: 'This controls what unit you will define weights in.', type: 'select', default: 'kg',
  options: { kg: 'kg', g: 'g', lbs: 'lbs', oz: 'oz' }, tip: 'This controls what unit you will define weights in.', value: 'kg', group_id: 'products',
};

/** Dispatches a request below /wp-json/wc/v3 to its collection, as WordPress's route table would. */
export function route(ctx: Ctx, request: ApiRequest, weightUnit: string): Reply {
  const { method, path } = request;
  if (path === '/system_status' && method === 'GET') return systemStatus(ctx);
  if (path === '/settings/products/woocommerce_weight_unit' && method === 'GET') return { status: 200, body: { ...settingsWeightUnit, value: weightUnit } };
  const webhooks = routeWebhooks(ctx, request);
  if (webhooks) return webhooks;
  for (const collection of collections) {
    const match = collection.pattern.exec(path);
    if (!match) continue;
    const parentId = match[1] ? Number(match[1]) : null;
    const rest = path.slice(match[0].length);
    const routeName = collection.route(parentId);
    if (rest === '' && method === 'GET') return listItems(ctx, collection.resource, routeName, parentId, request.params);
    if (rest === '' && method === 'POST') return createItem(ctx, collection.resource, parentId, bodyOf(request));
    if (rest === '/batch' && (method === 'POST' || method === 'PUT' || method === 'PATCH')) return batch(ctx, collection.resource, parentId, bodyOf(request));
    const id = /^\/(\d+)$/.exec(rest)?.[1];
    if (id === undefined) continue;
    if (method === 'GET') return getItem(ctx, collection.resource, parentId, Number(id));
    if (method === 'PUT' || method === 'PATCH' || method === 'POST') return updateItem(ctx, collection.resource, parentId, Number(id), bodyOf(request));
    if (method === 'DELETE') return deleteItem(ctx, collection.resource, parentId, Number(id), forceParam(request));
  }
  throw noRoute();
}
