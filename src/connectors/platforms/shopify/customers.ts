import type { Customer } from '../../../domain/catalog/entities';
import type { PlannedWrite, WriteResult } from '../types';
import { ADDRESS_FIELDS, addressFromShopify, addressToShopify, consentFromShopify, consentToShopify, searchValue, type PageInfo, type ShopifyAddress } from './common';
import { checkEntity, listVariables, toPage, type EntityHandler, type HandlerDeps } from './handler';
import { userErrorMessage, type UserError } from './graphql-client';

const FIELDS = `id email phone firstName lastName note tags createdAt updatedAt
  addresses(first: 10) { ${ADDRESS_FIELDS} }
  emailMarketingConsent { marketingState consentUpdatedAt }
  smsMarketingConsent { marketingState consentUpdatedAt }`;

interface ShopifyCustomer {
  id: string; email: string | null; phone: string | null; firstName: string | null; lastName: string | null; note: string | null;
  tags: string[]; createdAt: string; updatedAt: string; addresses: ShopifyAddress[];
  emailMarketingConsent: { marketingState: string; consentUpdatedAt: string | null } | null;
  smsMarketingConsent: { marketingState: string; consentUpdatedAt: string | null } | null;
}

const LIST = `query CutoverCustomers($first: Int!, $after: String, $query: String, $sortKey: CustomerSortKeys) {
  customers(first: $first, after: $after, query: $query, sortKey: $sortKey) { nodes { ${FIELDS} } pageInfo { hasNextPage endCursor } }
}`;
const GET = `query CutoverCustomer($id: ID!) { customer(id: $id) { ${FIELDS} } }`;
const COUNT = `query CutoverCustomersCount { customersCount(limit: null) { count } }`;
const FIND = `query CutoverCustomerLookup($query: String!) { customers(first: 5, query: $query) { nodes { id email phone } } }`;
const CREATE = `mutation CutoverCustomerCreate($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }`;
const UPDATE = `mutation CutoverCustomerUpdate($input: CustomerInput!) { customerUpdate(input: $input) { customer { id } userErrors { field message } } }`;
const EMAIL_CONSENT = `mutation CutoverEmailConsent($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
}`;
const SMS_CONSENT = `mutation CutoverSmsConsent($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) { customer { id } userErrors { field message } }
}`;
const DELETE = `mutation CutoverCustomerDelete($input: CustomerDeleteInput!) { customerDelete(input: $input) { deletedCustomerId userErrors { field message } } }`;

function fromShopify(c: ShopifyCustomer): Customer {
  return {
    sourceId: c.id, email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName,
    addresses: c.addresses.map(addressFromShopify), tags: c.tags,
    emailMarketing: consentFromShopify(c.emailMarketingConsent), smsMarketing: consentFromShopify(c.smsMarketingConsent),
    note: c.note, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/** Consent worth writing: anything but the default "never asked". */
const meaningful = (c: Customer['emailMarketing']): boolean => c.state !== 'not_subscribed' || c.changedAt !== null;

type Payload = { customer: { id: string } | null; userErrors: UserError[] };

function customerInput(entity: Customer): Record<string, unknown> {
  return {
    email: entity.email, phone: entity.phone, firstName: entity.firstName, lastName: entity.lastName, note: entity.note, tags: entity.tags,
    addresses: entity.addresses.map(addressToShopify),
  };
}

/** A new customer's consent goes in customerCreate itself; an existing one's through the consent mutations. */
function newCustomerConsent(entity: Customer): Record<string, unknown> {
  return {
    ...(entity.email && meaningful(entity.emailMarketing) ? { emailMarketingConsent: consentToShopify(entity.emailMarketing) } : {}),
    ...(entity.phone && meaningful(entity.smsMarketing) ? { smsMarketingConsent: consentToShopify(entity.smsMarketing) } : {}),
  };
}

async function updateConsent(deps: HandlerDeps, customerId: string, customer: Customer): Promise<string | null> {
  if (customer.email) {
    const data = await deps.client.request<{ customerEmailMarketingConsentUpdate: Payload }>(EMAIL_CONSENT, {
      input: { customerId, emailMarketingConsent: consentToShopify(customer.emailMarketing) },
    });
    const problem = userErrorMessage(data.customerEmailMarketingConsentUpdate.userErrors);
    if (problem) return problem;
  }
  if (customer.phone) {
    const data = await deps.client.request<{ customerSmsMarketingConsentUpdate: Payload }>(SMS_CONSENT, {
      input: { customerId, smsMarketingConsent: consentToShopify(customer.smsMarketing) },
    });
    return userErrorMessage(data.customerSmsMarketingConsentUpdate.userErrors);
  }
  return null;
}

/**
 * Shopify accepts only E.164 customer phones; other platforms store whatever the shopper typed
 * ("+54 911 5555-0123", "(011) 4555 0123"). Punctuation is dropped; a number that still is not E.164 is
 * kept, word for word, in the customer's note rather than refusing the whole customer.
 */
export function withShopifyPhone(customer: Customer): Customer {
  if (!customer.phone) return customer;
  const compact = customer.phone.replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return { ...customer, phone: compact };
  const kept = `Phone on the previous store: ${customer.phone}`;
  return { ...customer, phone: null, note: customer.note ? `${customer.note}\n${kept}` : kept };
}

export const customersHandler: EntityHandler<'customers'> = {
  // ~30 points a customer with its addresses.
  maxPageSize: 30,

  async count({ client }) {
    return (await client.request<{ customersCount: { count: number } }>(COUNT)).customersCount.count;
  },

  async list({ client }, q) {
    const data = await client.request<{ customers: { nodes: ShopifyCustomer[]; pageInfo: PageInfo } }>(LIST, listVariables(q, this.maxPageSize));
    return toPage('customers', data.customers, fromShopify);
  },

  async get({ client }, id) {
    const data = await client.request<{ customer: ShopifyCustomer | null }>(GET, { id });
    if (!data.customer) return null;
    const checked = checkEntity('customers', id, () => fromShopify(data.customer as ShopifyCustomer));
    return 'entity' in checked ? checked.entity : null;
  },

  /** By email, else by phone: Shopify keeps both unique per shop. */
  async findExisting({ client }, given) {
    // The phone as it was written (E.164), so a customer written before is found whichever form we are given.
    const customer = withShopifyPhone(given);
    const key = customer.email ? { field: 'email', value: customer.email } : customer.phone ? { field: 'phone', value: customer.phone } : null;
    if (!key) return null;
    const data = await client.request<{ customers: { nodes: { id: string; email: string | null; phone: string | null }[] } }>(FIND, { query: `${key.field}:${searchValue(key.value)}` });
    const found = data.customers.nodes.find((n) => (key.field === 'email' ? n.email?.toLowerCase() === key.value.toLowerCase() : n.phone === key.value));
    return found ? { targetId: found.id } : null;
  },

  async plan(deps, { entity: given, targetId, knownAbsent }): Promise<PlannedWrite> {
    const entity = withShopifyPhone(given);
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    const input = customerInput(entity);
    if (!existing) return { ok: true, calls: [{ call: 'customerCreate', body: { input: { ...input, ...newCustomerConsent(entity) } } }] };
    return {
      ok: true,
      calls: [
        { call: 'customerUpdate', body: { input: { ...input, id: existing } } },
        ...(entity.email ? [{ call: 'customerEmailMarketingConsentUpdate', body: { input: { customerId: existing, emailMarketingConsent: consentToShopify(entity.emailMarketing) } } }] : []),
        ...(entity.phone ? [{ call: 'customerSmsMarketingConsentUpdate', body: { input: { customerId: existing, smsMarketingConsent: consentToShopify(entity.smsMarketing) } } }] : []),
      ],
    };
  },

  async upsert(deps, { entity: given, targetId, knownAbsent }): Promise<WriteResult> {
    const entity = withShopifyPhone(given);
    const existing = targetId ?? (knownAbsent ? null : (await this.findExisting(deps, entity))?.targetId ?? null);
    const input = customerInput(entity);
    const fail = (error: string): WriteResult => ({ sourceId: entity.sourceId, ok: false, error, retryable: false });
    if (existing) {
      const payload = (await deps.client.request<{ customerUpdate: Payload }>(UPDATE, { input: { ...input, id: existing } })).customerUpdate;
      const problem = userErrorMessage(payload.userErrors) ?? (await updateConsent(deps, existing, entity));
      return problem ? fail(problem) : { sourceId: entity.sourceId, ok: true, targetId: existing, created: false };
    }
    const payload = (await deps.client.request<{ customerCreate: Payload }>(CREATE, { input: { ...input, ...newCustomerConsent(entity) } })).customerCreate;
    const problem = userErrorMessage(payload.userErrors);
    if (problem || !payload.customer) return fail(problem ?? 'no customer returned');
    return { sourceId: entity.sourceId, ok: true, targetId: payload.customer.id, created: true };
  },

  async remove({ client }, id) {
    const data = await client.request<{ customerDelete: { deletedCustomerId: string | null; userErrors: UserError[] } }>(DELETE, { input: { id } });
    return userErrorMessage(data.customerDelete.userErrors) ?? (data.customerDelete.deletedCustomerId ? null : 'not deleted');
  },
};
