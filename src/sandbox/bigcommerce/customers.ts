import type { Call } from './catalog';
import { BcError, type Reply, dateFilter, iso, v3Page } from './http';
import type { AddressRecord, BigCommerceState, CustomerRecord } from './state';

type Body = Record<string, unknown>;
/** "Limit of 10 customers per call" (Customers v3, create and update). */
const CUSTOMER_BATCH_LIMIT = 10;
/** A customer holds at most 10 addresses at creation (the files' maxItems). */

const COUNTRIES: Record<string, string> = { US: 'United States', AR: 'Argentina', BR: 'Brazil', MX: 'Mexico', ES: 'Spain', CA: 'Canada', GB: 'United Kingdom', DE: 'Germany', FR: 'France', CL: 'Chile', UY: 'Uruguay', CO: 'Colombia' };

function countryName(code: string): string {
  return COUNTRIES[code.toUpperCase()] ?? code.toUpperCase();
}

function pageOf(query: Record<string, unknown>): { page: number; limit: number } {
  return { page: typeof query.page === 'number' ? Math.max(1, query.page) : 1, limit: typeof query.limit === 'number' ? Math.max(1, query.limit) : 50 };
}

function makeAddress(state: BigCommerceState, customerId: number, raw: Body): AddressRecord {
  const code = String(raw.country_code ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new BcError(422, 'The address is not valid', { country_code: `"${String(raw.country_code)}" is not an ISO 3166-1 alpha-2 country code` });
  return {
    id: state.nextId('address'), customer_id: customerId, first_name: String(raw.first_name), last_name: String(raw.last_name), company: String(raw.company ?? ''),
    address1: String(raw.address1), address2: String(raw.address2 ?? ''), city: String(raw.city), state_or_province: String(raw.state_or_province ?? ''),
    postal_code: String(raw.postal_code ?? ''), country: countryName(code), country_code: code, phone: String(raw.phone ?? ''), address_type: String(raw.address_type ?? 'residential'),
  };
}

function view(state: BigCommerceState, customer: CustomerRecord, include: string[]): Record<string, unknown> {
  const addresses = [...state.addresses.values()].filter((a) => a.customer_id === customer.id);
  return {
    ...customer,
    address_count: addresses.length,
    attribute_count: 0,
    ...(include.includes('addresses') ? { addresses } : {}),
    ...(include.includes('attributes') ? { attributes: [] } : {}),
  };
}

export function listCustomers({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  const include = (query.include as string[] | undefined) ?? [];
  const ids = Array.isArray(query['id:in']) ? (query['id:in'] as unknown[]).map(Number) : null;
  const emails = Array.isArray(query['email:in']) ? (query['email:in'] as unknown[]).map((e) => String(e).toLowerCase()) : null;
  const since = query['date_modified:min'] !== undefined ? dateFilter(query['date_modified:min'], 'date_modified:min', 'v3') : null;
  const [sortKey, sortDir] = String(query.sort ?? 'id:asc').split(':');
  const items = [...state.customers.values()]
    .filter((c) => !ids || ids.includes(c.id))
    .filter((c) => !emails || emails.includes(c.email.toLowerCase()))
    .filter((c) => since === null || Date.parse(c.date_modified) >= since)
    .sort((a, b) => (sortDir === 'desc' ? -1 : 1) * (sortKey === 'date_modified' ? a.date_modified.localeCompare(b.date_modified) : sortKey === 'date_created' ? a.date_created.localeCompare(b.date_created) : a.id - b.id));
  return v3Page(items.map((c) => view(state, c, include)), page, limit);
}

function emailTaken(state: BigCommerceState, email: string, except: number | null): boolean {
  return [...state.customers.values()].some((c) => c.id !== except && c.email.toLowerCase() === email.toLowerCase());
}

/** POST /customers: up to 10; the batch is refused whole when one is invalid (422 naming it by index). */
export function createCustomers({ state, body }: Call): Reply {
  const items = body as Body[];
  if (items.length > CUSTOMER_BATCH_LIMIT) throw new BcError(413, `Limit of ${CUSTOMER_BATCH_LIMIT} customers per call`, { body: `${items.length} customers sent` });
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [n, raw] of items.entries()) {
    const email = String(raw.email).toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors[`${n}.email`] = `"${String(raw.email)}" is not a valid email address`;
    else if (emailTaken(state, email, null) || seen.has(email)) errors[`${n}.email`] = `The email address ${String(raw.email)} is already in use`;
    seen.add(email);
    for (const [a, address] of ((raw.addresses as Body[] | undefined) ?? []).entries()) {
      if (!/^[A-Za-z]{2}$/.test(String(address.country_code))) errors[`${n}.addresses.${a}.country_code`] = 'is not a country code';
    }
  }
  if (Object.keys(errors).length) throw new BcError(422, 'Unable to create customers', errors);
  const now = iso(state.now());
  const created = items.map((raw) => {
    const id = state.nextId('customer');
    const { addresses, authentication: _auth, attributes: _attributes, store_credit_amounts: storeCredit, form_fields: _ff, trigger_account_created_notification: _t, ...fields } = raw;
    const customer: CustomerRecord = {
      company: '', phone: '', notes: '', tax_exempt_category: '', customer_group_id: 0, registration_ip_address: '', origin_channel_id: 1, channel_ids: null,
      accepts_product_review_abandoned_cart_emails: false, store_credit_amounts: storeCredit ?? [{ amount: 0 }],
      ...fields, id, email: String(raw.email), first_name: String(raw.first_name), last_name: String(raw.last_name), date_created: now, date_modified: now,
    };
    state.customers.set(id, customer);
    for (const address of (addresses as Body[] | undefined) ?? []) {
      const record = makeAddress(state, id, address);
      state.addresses.set(record.id, record);
    }
    return view(state, customer, ['addresses']);
  });
  return { status: 200, body: { data: created, meta: {} } };
}

/** PUT /customers: up to 10 by id; refused whole when one is invalid. */
export function updateCustomers({ state, body }: Call): Reply {
  const items = body as Body[];
  if (items.length > CUSTOMER_BATCH_LIMIT) throw new BcError(413, `Limit of ${CUSTOMER_BATCH_LIMIT} customers per call`, { body: `${items.length} customers sent` });
  const errors: Record<string, string> = {};
  for (const [n, raw] of items.entries()) {
    if (!state.customers.has(Number(raw.id))) errors[`${n}.id`] = `customer ${String(raw.id)} does not exist`;
    else if (typeof raw.email === 'string' && emailTaken(state, raw.email, Number(raw.id))) errors[`${n}.email`] = `The email address ${raw.email} is already in use`;
  }
  if (Object.keys(errors).length) throw new BcError(422, 'Unable to update customers', errors);
  const now = iso(state.now());
  const updated = items.map((raw) => {
    const current = state.customers.get(Number(raw.id)) as CustomerRecord;
    const { authentication: _auth, form_fields: _ff, ...fields } = raw;
    const next = { ...current, ...fields, id: current.id, date_modified: now } as CustomerRecord;
    state.customers.set(next.id, next);
    return view(state, next, []);
  });
  return { status: 200, body: { data: updated, meta: {} } };
}

export function deleteCustomers({ state, query }: Call): Reply {
  const ids = Array.isArray(query['id:in']) ? (query['id:in'] as unknown[]).map(Number) : null;
  if (!ids) throw new BcError(422, 'Deleting customers needs a filter', { 'id:in': 'is required' });
  for (const id of ids) {
    state.customers.delete(id);
    for (const address of [...state.addresses.values()]) if (address.customer_id === id) state.addresses.delete(address.id);
  }
  return { status: 204 };
}

export function listAddresses({ state, query }: Call): Reply {
  const { page, limit } = pageOf(query);
  const customers = Array.isArray(query['customer_id:in']) ? (query['customer_id:in'] as unknown[]).map(Number) : null;
  const items = [...state.addresses.values()].filter((a) => !customers || customers.includes(a.customer_id)).sort((a, b) => a.id - b.id);
  return v3Page(items, page, limit);
}

export function createAddresses({ state, body }: Call): Reply {
  const items = body as Body[];
  const errors: Record<string, string> = {};
  for (const [n, raw] of items.entries()) if (!state.customers.has(Number(raw.customer_id))) errors[`${n}.customer_id`] = `customer ${String(raw.customer_id)} does not exist`;
  if (Object.keys(errors).length) throw new BcError(422, 'Unable to create addresses', errors);
  const created = items.map((raw) => {
    const record = makeAddress(state, Number(raw.customer_id), raw);
    state.addresses.set(record.id, record);
    const customer = state.customers.get(record.customer_id) as CustomerRecord;
    customer.date_modified = iso(state.now());
    return record;
  });
  return { status: 200, body: { data: created, meta: {} } };
}

export function deleteAddresses({ state, query }: Call): Reply {
  const ids = Array.isArray(query['id:in']) ? (query['id:in'] as unknown[]).map(Number) : null;
  if (!ids) throw new BcError(422, 'Deleting addresses needs a filter', { 'id:in': 'is required' });
  for (const id of ids) {
    const address = state.addresses.get(id);
    if (!address) continue;
    state.addresses.delete(id);
    const customer = state.customers.get(address.customer_id);
    if (customer) customer.date_modified = iso(state.now());
  }
  return { status: 204 };
}
