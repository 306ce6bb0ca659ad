import { listItems, type Reply } from '../collection';
import { dateParam, gmtMillis, idList } from '../dates';
import { WooError, invalidParam, noRoute } from '../errors';
import { type Body, isBody, oneOf, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { ApiRequest } from '../router';
import type { SimulatorState } from '../state';
import { links, textMatch } from './common';

/**
 * WooCommerce's webhooks (REST wc/v3 `/webhooks`), as WC_REST_Webhooks_V1_Controller and its wc/v3 heirs
 * answer: a webhook needs a valid topic and an http(s) delivery URL, cannot be trashed (a DELETE without
 * `force=true` is 501), and lists newest first by default. Webhooks live in their own table
 * (`wc_webhooks`), so their ids are a sequence of their own.
 */
export interface WebhookRecord {
  id: number;
  name: string;
  status: 'active' | 'paused' | 'disabled';
  topic: string;
  delivery_url: string;
  secret: string;
  date_created: string;
  date_modified: string;
}

const statuses = ['active', 'paused', 'disabled'] as const;
const POST_TYPE = 'shop_webhook';

// wc_is_webhook_valid_topic: a core resource and event, or a custom "action.<hook>" topic.
const resources = ['coupon', 'customer', 'order', 'product'];
const events = ['created', 'updated', 'deleted', 'restored'];

/** The action names WC_Webhook binds to a core topic (as the REST docs' examples list them). */
const hooksByTopic: Record<string, string[]> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
  'order.deleted': ['wp_trash_post'],
  'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
  'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
  'product.deleted': ['wp_trash_post'],
};

function validTopic(topic: string): boolean {
  const [resource, event, ...rest] = topic.toLowerCase().split('.');
  if (resource === 'action') return !!event && rest.length === 0;
  return rest.length === 0 && resources.includes(resource ?? '') && events.includes(event ?? '');
}

/** wc_is_valid_url: an absolute http or https URL. */
function validUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

class WebhookTable {
  readonly rows = new Map<number, WebhookRecord>();
  private lastId = 0;
  nextId(): number { return ++this.lastId; }
}

const tables = new WeakMap<SimulatorState, WebhookTable>();

function table(state: SimulatorState): WebhookTable {
  let found = tables.get(state);
  if (!found) {
    found = new WebhookTable();
    tables.set(state, found);
  }
  return found;
}

/** The store's webhooks as stored (tests look behind the HTTP surface with this). */
export function storedWebhooks(state: SimulatorState): WebhookRecord[] {
  return [...table(state).rows.values()];
}

function invalidId(message: string, status: number): WooError {
  return new WooError(status, `woocommerce_rest_${POST_TYPE}_invalid_id`, message);
}

function serialize(ctx: Ctx, w: WebhookRecord): Body {
  const [resource = '', event = ''] = w.topic.split('.');
  return {
    id: w.id, name: w.name, status: w.status, topic: w.topic, resource, event, hooks: hooksByTopic[w.topic] ?? (resource === 'action' ? [event] : []),
    delivery_url: w.delivery_url,
    date_created: w.date_created, date_created_gmt: w.date_created, date_modified: w.date_modified, date_modified_gmt: w.date_modified,
    _links: links(ctx, `webhooks/${w.id}`, 'webhooks'),
  };
}

function readStatus(body: Body): WebhookRecord['status'] | undefined {
  return oneOf(body, 'status', statuses);
}

function create(ctx: Ctx, body: Body): WebhookRecord {
  if (body.id !== undefined && body.id !== null && body.id !== 0) throw new WooError(400, `woocommerce_rest_${POST_TYPE}_exists`, `Cannot create existing ${POST_TYPE}.`);
  // Required arguments are checked by the REST server before the controller runs.
  const missing = ['topic', 'delivery_url'].filter((k) => body[k] === undefined || body[k] === null);
  if (missing.length) throw new WooError(400, 'rest_missing_callback_param', `Missing parameter(s): ${missing.join(', ')}`, { params: missing });
  const status = readStatus(body);
  const topic = str(body, 'topic') ?? '';
  if (!topic || !validTopic(topic)) throw new WooError(400, `woocommerce_rest_${POST_TYPE}_invalid_topic`, 'Webhook topic is required and must be valid.');
  const url = str(body, 'delivery_url') ?? '';
  if (!url || !validUrl(url)) throw new WooError(400, `woocommerce_rest_${POST_TYPE}_invalid_delivery_url`, 'Webhook delivery URL must be a valid URL starting with http:// or https://.');
  const now = ctx.state.now();
  const rows = table(ctx.state);
  const record: WebhookRecord = {
    id: rows.nextId(), name: str(body, 'name') || `Webhook created on ${now}`, status: status ?? 'active', topic, delivery_url: url,
    secret: str(body, 'secret') || 'generated-secret', date_created: now, date_modified: now,
  };
  rows.rows.set(record.id, record);
  return record;
}

function update(ctx: Ctx, record: WebhookRecord, body: Body): WebhookRecord {
  const next = { ...record };
  const topic = str(body, 'topic');
  if (topic) {
    if (!validTopic(topic)) throw new WooError(400, `woocommerce_rest_${POST_TYPE}_invalid_topic`, 'Webhook topic must be valid.');
    next.topic = topic;
  }
  const url = str(body, 'delivery_url');
  if (url) {
    if (!validUrl(url)) throw new WooError(400, `woocommerce_rest_${POST_TYPE}_invalid_delivery_url`, 'Webhook delivery URL must be a valid URL starting with http:// or https://.');
    next.delivery_url = url;
  }
  const secret = str(body, 'secret');
  if (secret) next.secret = secret;
  const status = readStatus(body);
  if (status) next.status = status;
  const name = str(body, 'name');
  if (name) next.name = name;
  next.date_modified = ctx.state.now();
  table(ctx.state).rows.set(next.id, next);
  return next;
}

const webhooksResource: Resource<WebhookRecord> = {
  invalidId: () => invalidId('ID is invalid.', 400),
  all: (ctx) => storedWebhooks(ctx.state),
  create: (ctx, body) => create(ctx, body),
  update,
  remove(ctx, record) {
    table(ctx.state).rows.delete(record.id);
    return 'deleted';
  },
  serialize,
  matches(_ctx, w, params) {
    const status = params.get('status') ?? 'all';
    if (status !== 'all' && !(statuses as readonly string[]).includes(status)) throw invalidParam('status', 'status is not one of all, active, paused, and disabled.');
    if (status !== 'all' && w.status !== status) return false;
    const include = idList(params, 'include');
    if (include && !include.includes(w.id)) return false;
    if (idList(params, 'exclude')?.includes(w.id)) return false;
    const after = dateParam(params, 'after');
    if (after !== null && gmtMillis(w.date_created) <= after) return false;
    const before = dateParam(params, 'before');
    if (before !== null && gmtMillis(w.date_created) >= before) return false;
    return textMatch([w.name], params.get('search'));
  },
  sortKey(_ctx, w, orderby) {
    switch (orderby) {
      case 'date': return w.date_created;
      case 'id': return w.id;
      case 'title': return w.name.toLowerCase();
      default: return undefined;
    }
  },
  defaultOrderBy: 'date',
  defaultOrder: 'desc',
};

function forceOf(request: ApiRequest): boolean {
  const raw = request.params.get('force') ?? (isBody(request.body) && request.body.force !== undefined ? String(request.body.force) : '');
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw invalidParam('force', 'force is not of type boolean.');
}

function bodyOf(request: ApiRequest): Body {
  if (request.body === undefined || request.body === null) return {};
  if (!isBody(request.body)) throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
  return request.body;
}

/** Answers a request below /webhooks; null when the path is not the webhooks route. */
export function routeWebhooks(ctx: Ctx, request: ApiRequest): Reply | null {
  const match = /^\/webhooks(?:\/(\d+|batch))?$/.exec(request.path);
  if (!match) return null;
  const { method } = request;
  const target = match[1];
  if (target === undefined) {
    if (method === 'GET') {
      const orderby = request.params.get('orderby') ?? 'date';
      if (!['date', 'id', 'title'].includes(orderby)) throw invalidParam('orderby', 'orderby is not one of date, id, and title.');
      return listItems(ctx, webhooksResource, 'webhooks', null, request.params);
    }
    if (method === 'POST') {
      const record = create(ctx, bodyOf(request));
      return { status: 201, body: serialize(ctx, record), headers: { Location: `${ctx.baseUrl}/wp-json/wc/v3/webhooks/${record.id}` } };
    }
    throw noRoute();
  }
  // The batch route exists in WooCommerce; Cutover never uses it, so the simulator refuses it rather than guess.
  if (target === 'batch') throw noRoute();
  const id = Number(target);
  const rows = table(ctx.state).rows;
  if (method === 'GET') {
    const record = rows.get(id);
    if (!record) throw invalidId('ID is invalid.', 400);
    return { status: 200, body: serialize(ctx, record) };
  }
  if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
    const record = rows.get(id);
    if (!record) throw invalidId('ID is invalid.', 400);
    return { status: 200, body: serialize(ctx, update(ctx, record, bodyOf(request))) };
  }
  if (method === 'DELETE') {
    // Checked before the id: WooCommerce refuses an unforced delete of any webhook, existing or not.
    if (!forceOf(request)) throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
    const record = rows.get(id);
    if (!record) throw invalidId('Invalid ID.', 404);
    rows.delete(id);
    return { status: 200, body: serialize(ctx, record) };
  }
  throw noRoute();
}
