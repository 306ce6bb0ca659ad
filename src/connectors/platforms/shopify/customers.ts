import type { Customer } from '../../../domain/catalog/entities';
import type { PlannedWrite, WriteResult } from '../types';
import { ADDRESS_FIELDS, addressFromShopify, addressToShopify, consentFromShopify, consentToShopify, searchValue, type PageInfo, type ShopifyAddress } from './common';
import { checkEntity, listVariables, toPage, type EntityHandler, type HandlerDeps } from './handler';
import { userErrorMessage, type ShopifyGraphqlClient, type UserError } from './graphql-client';
import { completeAll, connection, followUp, readToEnd, type NestedPage } from './nested';

// addressesV2 is the paginated list of every address (the deprecated `addresses` stops at 250).
const FIELDS = `id email phone firstName lastName note tags createdAt updatedAt
  ${connection('addressesV2', 10, ADDRESS_FIELDS)}
  emailMarketingConsent { marketingState consentUpdatedAt }
  smsMarketingConsent { marketingState consentUpdatedAt }`;

interface ShopifyCustomer {
  id: string; email: string | null; phone: string | null; firstName: string | null; lastName: string | null; note: string | null;
  tags: string[]; createdAt: string; updatedAt: string; addressesV2: NestedPage<ShopifyAddress>;
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
const ADDRESSES_PAGE = followUp('CutoverCustomerAddresses', 'customer', 'addressesV2', 100, ADDRESS_FIELDS);

/** The customer with every address. */
async function wholeCustomer(client: ShopifyGraphqlClient, c: ShopifyCustomer): Promise<ShopifyCustomer> {
  const addresses = await readToEnd(client, c.addressesV2, {
    document: ADDRESSES_PAGE, id: c.id, what: 'addresses',
    pick: (d) => (d as { customer: { addressesV2: NestedPage<ShopifyAddress> } | null } | undefined)?.customer?.addressesV2,
  });
  return { ...c, addressesV2: { nodes: addresses, pageInfo: { hasNextPage: false, endCursor: null } } };
}

const DELETE = `mutation CutoverCustomerDelete($input: CustomerDeleteInput!) { customerDelete(input: $input) { deletedCustomerId userErrors { field message } } }`;

function fromShopify(c: ShopifyCustomer): Customer {
  return {
    sourceId: c.id, email: c.email, phone: c.phone, firstName: c.firstName, lastName: c.lastName,
    addresses: c.addressesV2.nodes.map(addressFromShopify), tags: c.tags,
    emailMarketing: consentFromShopify(c.emailMarketingConsent), smsMarketing: consentFromShopify(c.smsMarketingConsent),
    note: c.note, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/**
 * Consent Shopify takes as input: SUBSCRIBED, UNSUBSCRIBED or PENDING. "Never subscribed" is Shopify's own
 * default and cannot be sent (the schema: "NOT_SUBSCRIBED, REDACTED, and INVALID are rejected if sent as
 * input"), so a never-subscribed shopper's consent is left out, on create and on update alike.
 */
const settable = (c: Customer['emailMarketing']): boolean => c.state !== 'not_subscribed';

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
    ...(entity.email && settable(entity.emailMarketing) ? { emailMarketingConsent: consentToShopify(entity.emailMarketing) } : {}),
    ...(entity.phone && settable(entity.smsMarketing) ? { smsMarketingConsent: consentToShopify(entity.smsMarketing) } : {}),
  };
}

type ConsentCall = { call: 'customerEmailMarketingConsentUpdate' | 'customerSmsMarketingConsentUpdate'; document: string; body: { input: Record<string, unknown> } };

/** An existing customer's consent goes through Shopify's consent mutations, one a channel, when it is settable. */
function consentCalls(customerId: string, customer: Customer): ConsentCall[] {
  return [
    ...(customer.email && settable(customer.emailMarketing)
      ? [{ call: 'customerEmailMarketingConsentUpdate' as const, document: EMAIL_CONSENT, body: { input: { customerId, emailMarketingConsent: consentToShopify(customer.emailMarketing) } } }] : []),
    ...(customer.phone && settable(customer.smsMarketing)
      ? [{ call: 'customerSmsMarketingConsentUpdate' as const, document: SMS_CONSENT, body: { input: { customerId, smsMarketingConsent: consentToShopify(customer.smsMarketing) } } }] : []),
  ];
}

async function updateConsent(deps: HandlerDeps, customerId: string, customer: Customer): Promise<string | null> {
  for (const { call, document, body } of consentCalls(customerId, customer)) {
    const data = await deps.client.request<Record<string, Payload>>(document, body);
    const problem = userErrorMessage(data[call]?.userErrors);
    if (problem) return problem;
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
    const { complete, incomplete } = await completeAll(data.customers.nodes, (c) => wholeCustomer(client, c));
    return toPage('customers', { nodes: complete, pageInfo: data.customers.pageInfo }, fromShopify, incomplete);
  },

  async get({ client }, id) {
    const data = await client.request<{ customer: ShopifyCustomer | null }>(GET, { id });
    if (!data.customer) return null;
    const [whole] = (await completeAll([data.customer], (c) => wholeCustomer(client, c))).complete;
    if (!whole) return null;
    const checked = checkEntity('customers', id, () => fromShopify(whole));
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
        ...consentCalls(existing, entity).map(({ call, body }) => ({ call, body })),
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
