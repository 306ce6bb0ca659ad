import { WooError } from '../errors';
import { idList } from '../dates';
import { applyMeta, has, str } from '../input';
import type { Ctx, Resource } from '../resource';
import type { CustomerRecord } from '../types';
import { applyAddress, emptyAddress } from './addresses';
import { links, textMatch } from './common';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function apply(ctx: Ctx, customer: CustomerRecord, body: Record<string, unknown>): CustomerRecord {
  const email = str(body, 'email');
  if (email !== undefined) {
    if (!emailPattern.test(email)) throw new WooError(400, 'woocommerce_rest_invalid_email', 'Invalid email address.');
    const taken = ctx.state.lookup('customers', 'email', email.toLowerCase()).some((c) => c.id !== customer.id);
    if (taken) throw new WooError(400, 'registration-error-email-exists', 'An account is already registered with your email address. Please log in.');
    customer.email = email;
  }
  const first = str(body, 'first_name');
  if (first !== undefined) customer.first_name = first;
  const last = str(body, 'last_name');
  if (last !== undefined) customer.last_name = last;
  customer.billing = applyAddress(customer.billing, body, 'billing');
  customer.shipping = applyAddress(customer.shipping, body, 'shipping');
  customer.meta_data = applyMeta(customer.meta_data, body, () => ctx.state.nextMetaId());
  customer.date_modified_gmt = ctx.state.now();
  return customer;
}

/** The username WooCommerce generates from the email when the store lets it (the default). */
function username(ctx: Ctx, email: string): string {
  const base = email.split('@')[0]?.replace(/[^a-z0-9._-]/gi, '') || 'customer';
  // user_login is indexed: each candidate name is one keyed read.
  const taken = (name: string): boolean => ctx.state.lookup('customers', 'username', name).length > 0;
  let name = base;
  for (let n = 1; taken(name); n += 1) name = `${base}${n}`;
  return name;
}

export const customersResource: Resource<CustomerRecord> = {
  invalidId: () => new WooError(404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.'),
  all: (ctx) => [...ctx.state.collections.customers.values()],
  any: (ctx) => ctx.state.collections.customers.values().next().value,
  one: (ctx, _parentId, id) => ctx.state.collections.customers.get(id),
  candidates(ctx, _parentId, params) {
    // user_email is indexed; WooCommerce compares it without case.
    const email = params.get('email');
    if (email) return ctx.state.lookup('customers', 'email', email.toLowerCase());
    const include = idList(params, 'include');
    if (include) return include.flatMap((id) => ctx.state.collections.customers.get(id) ?? []);
    return null;
  },
  create(ctx, body) {
    if (has(body, 'id')) throw new WooError(400, 'woocommerce_rest_customer_exists', 'Cannot create existing resource.');
    if (!has(body, 'email')) throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): email', { params: ['email'] });
    const now = ctx.state.now();
    const customer: CustomerRecord = {
      id: ctx.state.nextUserId(), email: '', first_name: '', last_name: '', role: 'customer', username: '', billing: emptyAddress(true), shipping: emptyAddress(false),
      is_paying_customer: false, meta_data: [], date_created_gmt: now, date_modified_gmt: now,
    };
    const created = apply(ctx, customer, body);
    created.username = str(body, 'username') || username(ctx, created.email);
    return ctx.state.put('customers', created);
  },
  update(ctx, record, body) {
    if (has(body, 'username') && str(body, 'username') !== record.username) throw new WooError(400, 'woocommerce_rest_customer_invalid_argument', "Username isn't editable.");
    return ctx.state.put('customers', apply(ctx, { ...record }, body));
  },
  remove(ctx, record, force) {
    if (!force) throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Customers do not support trashing.');
    ctx.state.collections.customers.delete(record.id);
    return 'deleted';
  },
  serialize(ctx, c) {
    return {
      id: c.id, date_created: c.date_created_gmt, date_created_gmt: c.date_created_gmt, date_modified: c.date_modified_gmt, date_modified_gmt: c.date_modified_gmt,
      email: c.email, first_name: c.first_name, last_name: c.last_name, role: c.role, username: c.username, billing: c.billing, shipping: c.shipping,
      is_paying_customer: c.is_paying_customer, avatar_url: 'https://secure.gravatar.com/avatar/?s=96&d=mm&r=g', meta_data: c.meta_data,
      _links: links(ctx, `customers/${c.id}`, 'customers'),
    };
  },
  // The customers route has no date filters (it is a WP_User_Query): modified_after is ignored, as in WooCommerce.
  matches(ctx, c, params) {
    const role = params.get('role') ?? 'customer';
    if (role !== 'all' && c.role !== role) return false;
    const email = params.get('email');
    if (email && c.email.toLowerCase() !== email.toLowerCase()) return false;
    const include = idList(params, 'include');
    if (include && !include.includes(c.id)) return false;
    const exclude = idList(params, 'exclude');
    if (exclude?.includes(c.id)) return false;
    return textMatch([c.email, c.username, c.first_name, c.last_name], params.get('search'));
  },
  sortKey(ctx, c, orderby) {
    switch (orderby) {
      case 'id': case 'include': return c.id;
      case 'name': return c.username.toLowerCase();
      case 'registered_date': return c.date_created_gmt;
      default: return undefined;
    }
  },
  defaultOrderBy: 'name',
  defaultOrder: 'asc',
};
