import { gid, parseGid } from './ids';
import { addressFromInput, cleanTags, isE164, isEmail, isFuture, userError, type AddressInput, type UserError } from './input-helpers';
import type { ConsentRecord, CustomerRecord } from './records';
import type { ShopStore } from './store';
import { customerView } from './views';

interface ConsentInput { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null }

interface CustomerInput {
  id?: string | null; email?: string | null; phone?: string | null; firstName?: string | null; lastName?: string | null;
  note?: string | null; tags?: string[] | null; addresses?: AddressInput[] | null;
  emailMarketingConsent?: ConsentInput | null; smsMarketingConsent?: ConsentInput | null;
}

type Payload = { customer: object | null; userErrors: UserError[] };

/**
 * The states a caller may set. The schema's own words (CustomerEmailMarketingConsentInput.marketingState):
 * "Accepted values: SUBSCRIBED, UNSUBSCRIBED, and PENDING. NOT_SUBSCRIBED, REDACTED, and INVALID are rejected
 * if sent as input." For SMS the schema calls REDACTED read-only and says nothing of NOT_SUBSCRIBED; the
 * simulator refuses it there too ("never subscribed" is not something a caller can declare).
 */
const SETTABLE_STATES = ['SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING'];

function consent(store: ShopStore, input: ConsentInput | null | undefined, field: string, errors: UserError[]): ConsentRecord | null {
  if (!input) return null;
  if (!SETTABLE_STATES.includes(input.marketingState)) {
    errors.push(userError([field, 'marketingState'], `Marketing state ${input.marketingState} cannot be set; accepted values: ${SETTABLE_STATES.join(', ')}`, 'INVALID'));
  }
  if (isFuture(store, input.consentUpdatedAt)) errors.push(userError([field, 'consentUpdatedAt'], 'Consent updated at cannot be in the future'));
  return { marketingState: input.marketingState, marketingOptInLevel: input.marketingOptInLevel ?? 'SINGLE_OPT_IN', consentUpdatedAt: input.consentUpdatedAt ?? store.now() };
}

function validateContact(store: ShopStore, input: CustomerInput, selfId: number | null, errors: UserError[]): void {
  const others = [...store.customers.values()].filter((c) => c.id !== selfId);
  if (input.email) {
    if (!isEmail(input.email)) errors.push(userError(['email'], 'Email is invalid'));
    else if (others.some((c) => c.email?.toLowerCase() === input.email?.toLowerCase())) errors.push(userError(['email'], 'Email has already been taken'));
  }
  if (input.phone) {
    if (!isE164(input.phone)) errors.push(userError(['phone'], 'Phone is invalid'));
    else if (others.some((c) => c.phone === input.phone)) errors.push(userError(['phone'], 'Phone has already been taken'));
  }
}

export function customerCreate(store: ShopStore, { input }: { input: CustomerInput }): Payload {
  const errors: UserError[] = [];
  if (!input.email && !input.phone && !input.firstName && !input.lastName) {
    errors.push(userError(null, 'Customer must have a name, phone number or email address'));
  }
  validateContact(store, input, null, errors);
  if (input.emailMarketingConsent && !input.email) errors.push(userError(['emailMarketingConsent'], 'An email address is required to set the email marketing consent state.'));
  if (input.smsMarketingConsent && !input.phone) errors.push(userError(['smsMarketingConsent'], 'A phone number is required to set the SMS consent state.'));
  const emailConsent = consent(store, input.emailMarketingConsent, 'emailMarketingConsent', errors);
  const smsConsent = consent(store, input.smsMarketingConsent, 'smsMarketingConsent', errors);
  if (errors.length > 0) return { customer: null, userErrors: errors };
  const now = store.now();
  const customer: CustomerRecord = {
    id: store.newId(), email: input.email ?? null, phone: input.phone ?? null, firstName: input.firstName ?? null, lastName: input.lastName ?? null,
    note: input.note ?? null, tags: cleanTags(input.tags),
    addresses: (input.addresses ?? []).map((a) => addressFromInput(store, a)).filter((a) => a !== null),
    emailMarketingConsent: emailConsent ?? (input.email ? { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null } : null),
    smsMarketingConsent: smsConsent ?? (input.phone ? { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null } : null),
    createdAt: now, updatedAt: now,
  };
  store.customers.set(customer.id, customer);
  return { customer: customerView(store, customer), userErrors: [] };
}

export function customerUpdate(store: ShopStore, { input }: { input: CustomerInput }): Payload {
  const customer = store.customers.get(parseGid(input.id, 'Customer') ?? -1);
  if (!customer) return { customer: null, userErrors: [userError(['id'], 'Customer does not exist')] };
  const errors: UserError[] = [];
  // Shopify keeps consent changes to their own mutations, which record when and how consent changed.
  if (input.emailMarketingConsent) errors.push(userError(['emailMarketingConsent'], 'To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead'));
  if (input.smsMarketingConsent) errors.push(userError(['smsMarketingConsent'], 'To update smsMarketingConsent, please use the customerSmsMarketingConsentUpdate Mutation instead'));
  validateContact(store, input, customer.id, errors);
  if (errors.length > 0) return { customer: null, userErrors: errors };
  if (input.email !== undefined) customer.email = input.email || null;
  if (input.phone !== undefined) customer.phone = input.phone || null;
  if (input.firstName !== undefined) customer.firstName = input.firstName ?? null;
  if (input.lastName !== undefined) customer.lastName = input.lastName ?? null;
  if (input.note !== undefined) customer.note = input.note ?? null;
  if (input.tags !== undefined) customer.tags = cleanTags(input.tags);
  if (input.addresses) customer.addresses = input.addresses.map((a) => addressFromInput(store, a)).filter((a) => a !== null);
  customer.updatedAt = store.now();
  return { customer: customerView(store, customer), userErrors: [] };
}

export function customerConsentUpdate(channel: 'email' | 'sms') {
  return (store: ShopStore, { input }: { input: { customerId: string; emailMarketingConsent?: ConsentInput; smsMarketingConsent?: ConsentInput } }): Payload => {
    const customer = store.customers.get(parseGid(input.customerId, 'Customer') ?? -1);
    if (!customer) return { customer: null, userErrors: [userError(['input', 'customerId'], 'Customer not found')] };
    const errors: UserError[] = [];
    if (channel === 'email' && !customer.email) errors.push(userError(['input', 'emailMarketingConsent'], 'An email address is required to set the email marketing consent state.'));
    if (channel === 'sms' && !customer.phone) errors.push(userError(['input', 'smsMarketingConsent'], 'A phone number is required to set the SMS consent state.'));
    const field = channel === 'email' ? 'emailMarketingConsent' : 'smsMarketingConsent';
    const record = consent(store, channel === 'email' ? input.emailMarketingConsent : input.smsMarketingConsent, field, errors);
    if (errors.length > 0 || !record) return { customer: null, userErrors: errors };
    if (channel === 'email') customer.emailMarketingConsent = record;
    else customer.smsMarketingConsent = record;
    customer.updatedAt = store.now();
    return { customer: customerView(store, customer), userErrors: [] };
  };
}

export function customerDelete(store: ShopStore, { input }: { input: { id: string } }): { deletedCustomerId: string | null; userErrors: UserError[] } {
  const id = parseGid(input.id, 'Customer');
  if (id === null || !store.customers.has(id)) return { deletedCustomerId: null, userErrors: [userError(['id'], 'Customer does not exist')] };
  if ([...store.orders.values()].some((o) => o.customerId === id)) {
    return { deletedCustomerId: null, userErrors: [userError(['id'], 'Customer can’t be deleted because they have orders')] };
  }
  store.customers.delete(id);
  return { deletedCustomerId: gid('Customer', id), userErrors: [] };
}
