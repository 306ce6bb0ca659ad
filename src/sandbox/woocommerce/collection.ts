import { WooError, invalidParam } from './errors';
import { type Body, isBody } from './input';
import type { Ctx, Resource } from './resource';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** WooCommerce's limit on objects in one batch request (woocommerce_rest_batch_items_limit). */
export const BATCH_LIMIT = 100;

function pageParams(params: URLSearchParams): { page: number; perPage: number; offset: number | null } {
  const perPage = Number(params.get('per_page') ?? '10');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw invalidParam('per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  const page = Number(params.get('page') ?? '1');
  if (!Number.isInteger(page) || page < 1) throw invalidParam('page', 'page must be greater than or equal to 1');
  const offsetParam = params.get('offset');
  const offset = offsetParam === null ? null : Number(offsetParam);
  if (offset !== null && (!Number.isInteger(offset) || offset < 0)) throw invalidParam('offset', 'offset is not of type integer.');
  return { page, perPage, offset };
}

function linkHeader(ctx: Ctx, route: string, params: URLSearchParams, page: number, totalPages: number): string | null {
  const links: string[] = [];
  const at = (p: number) => {
    const query = new URLSearchParams([...new Map(params)].filter(([k]) => !k.startsWith('oauth_') && k !== 'consumer_key' && k !== 'consumer_secret'));
    query.set('page', String(p));
    return `${ctx.baseUrl}/wp-json/wc/v3/${route}?${query.toString()}`;
  };
  if (page > 1) links.push(`<${at(Math.min(page - 1, Math.max(totalPages, 1)))}>; rel="prev"`);
  if (page < totalPages) links.push(`<${at(page + 1)}>; rel="next"`);
  return links.length ? links.join(', ') : null;
}

export function listItems<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, route: string, parentId: number | null, params: URLSearchParams): Reply {
  const { page, perPage, offset } = pageParams(params);
  const orderby = params.get('orderby') ?? resource.defaultOrderBy;
  const order = params.get('order') ?? resource.defaultOrder;
  if (order !== 'asc' && order !== 'desc') throw invalidParam('order', 'order is not one of asc, desc.');
  // A keyed filter reads its few rows from the index; any other request reads the route's rows.
  const rows = resource.candidates?.(ctx, parentId, params) ?? resource.all(ctx, parentId);
  const probe = rows[0] ?? sample(ctx, resource, parentId);
  if (probe && resource.sortKey(ctx, probe, orderby) === undefined) throw invalidParam('orderby', `orderby is not one of the accepted values.`);
  const matching = rows.filter((r) => resource.matches(ctx, r, params));
  const direction = order === 'asc' ? 1 : -1;
  const include = params.get('include')?.split(',').map(Number) ?? [];
  matching.sort((a, b) => {
    const ka = orderby === 'include' ? include.indexOf(a.id) : resource.sortKey(ctx, a, orderby) ?? 0;
    const kb = orderby === 'include' ? include.indexOf(b.id) : resource.sortKey(ctx, b, orderby) ?? 0;
    if (ka < kb) return -direction;
    if (ka > kb) return direction;
    return (a.id - b.id) * direction;
  });
  const start = offset ?? (page - 1) * perPage;
  const items = matching.slice(start, start + perPage).map((r) => resource.serialize(ctx, r));
  const totalPages = Math.ceil(matching.length / perPage);
  const headers: Record<string, string> = { 'X-WP-Total': String(matching.length), 'X-WP-TotalPages': String(totalPages) };
  const link = linkHeader(ctx, route, params, page, totalPages);
  if (link) headers.Link = link;
  return { status: 200, body: items, headers };
}

/** Any one record of the route, to check that an `orderby` applies to it (without reading the route when it can). */
function sample<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null): R | undefined {
  return resource.any ? resource.any(ctx, parentId) : resource.all(ctx, parentId)[0];
}

function find<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, id: number): R {
  const record = resource.one ? resource.one(ctx, parentId, id) : resource.all(ctx, parentId).find((r) => r.id === id);
  if (!record) throw resource.invalidId();
  return record;
}

export function getItem<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, id: number): Reply {
  return { status: 200, body: resource.serialize(ctx, find(ctx, resource, parentId, id)) };
}

export function createItem<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, body: Body): Reply {
  return { status: 201, body: resource.serialize(ctx, resource.create(ctx, body, parentId)) };
}

export function updateItem<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, id: number, body: Body): Reply {
  const record = find(ctx, resource, parentId, id);
  return { status: 200, body: resource.serialize(ctx, resource.update(ctx, record, body)) };
}

export function deleteItem<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, id: number, force: boolean): Reply {
  const record = find(ctx, resource, parentId, id);
  const before = resource.serialize(ctx, record);
  const outcome = resource.remove(ctx, record, force);
  const after = outcome === 'trashed' ? resource.all(ctx, parentId).find((r) => r.id === id) : undefined;
  return { status: 200, body: after ? resource.serialize(ctx, after) : before };
}

function itemError(err: unknown): Body {
  const error = err instanceof WooError ? err : new WooError(500, 'woocommerce_rest_internal_error', err instanceof Error ? err.message : String(err));
  return { code: error.code, message: error.message, data: { status: error.status, ...error.extra } };
}

/**
 * POST .../batch: `create`, `update` and `delete` lists, at most 100 objects in all. Each object succeeds or
 * fails alone; a failure is `{ id, error: { code, message, data } }` in its place in the answer.
 */
export function batch<R extends { id: number }>(ctx: Ctx, resource: Resource<R>, parentId: number | null, body: Body): Reply {
  const lists = { create: body.create, update: body.update, delete: body.delete };
  for (const [key, value] of Object.entries(lists)) {
    if (value !== undefined && !Array.isArray(value)) throw invalidParam(key, `${key} is not of type array.`);
  }
  const total = Object.values(lists).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
  if (total > BATCH_LIMIT) throw new WooError(413, 'woocommerce_rest_request_entity_too_large', `Unable to accept more than ${BATCH_LIMIT} items for this request.`);
  const result: Record<string, Body[]> = {};
  if (Array.isArray(lists.create)) {
    result.create = lists.create.map((item: unknown) => {
      try {
        if (!isBody(item)) throw invalidParam('create', 'create[] is not of type object.');
        return resource.serialize(ctx, resource.create(ctx, item, parentId));
      } catch (err) {
        return { id: 0, error: itemError(err) };
      }
    });
  }
  if (Array.isArray(lists.update)) {
    result.update = lists.update.map((item: unknown) => {
      const id = isBody(item) ? Number(item.id ?? 0) : 0;
      try {
        if (!isBody(item) || !id) throw resource.invalidId();
        return resource.serialize(ctx, resource.update(ctx, find(ctx, resource, parentId, id), item));
      } catch (err) {
        return { id, error: itemError(err) };
      }
    });
  }
  if (Array.isArray(lists.delete)) {
    result.delete = lists.delete.map((item: unknown) => {
      const id = Number(isBody(item) ? item.id : item);
      try {
        // Batch deletes are always forced.
        return deleteItem(ctx, resource, parentId, id, true).body as Body;
      } catch (err) {
        return { id, error: itemError(err) };
      }
    });
  }
  return { status: 200, body: result };
}
