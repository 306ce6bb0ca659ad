import type { Address, Consent, Customer } from '../../../domain/catalog/entities';
import { fromWooAddress, isEmptyAddress, isoFromGmt, sameAddress, toWooAddress } from './addresses';
import { metaEntries, metaJson, metaKeys, metaString } from './meta';
import { MappingError } from './money';
import type { WooCustomer, WooMeta } from './wire';

const consentStates = ['subscribed', 'unsubscribed', 'not_subscribed', 'pending'] as const;

function consent(meta: WooMeta[], stateKey: string, atKey: string): Consent {
  const state = metaString(meta, stateKey);
  return {
    state: (consentStates as readonly string[]).includes(state ?? '') ? (state as Consent['state']) : 'not_subscribed',
    changedAt: isoFromGmt(metaString(meta, atKey)),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function fromWooCustomer(c: WooCustomer): Customer {
  if (typeof c.email !== 'string') throw new MappingError('customer has no email field');
  const addresses: Address[] = [];
  for (const address of [c.billing, c.shipping]) {
    if (isEmptyAddress(address)) continue;
    const mapped = fromWooAddress(address);
    if (!addresses.some((a) => sameAddress(a, mapped))) addresses.push(mapped);
  }
  const extra = metaJson(c.meta_data, metaKeys.extraAddresses);
  if (Array.isArray(extra)) addresses.push(...(extra as Address[]));
  return {
    sourceId: String(c.id), email: c.email || null, phone: c.billing?.phone || null, firstName: c.first_name || null, lastName: c.last_name || null,
    addresses, tags: stringList(metaJson(c.meta_data, metaKeys.customerTags)),
    emailMarketing: consent(c.meta_data, metaKeys.emailConsent, metaKeys.emailConsentAt),
    smsMarketing: consent(c.meta_data, metaKeys.smsConsent, metaKeys.smsConsentAt),
    note: metaString(c.meta_data, metaKeys.customerNote), createdAt: isoFromGmt(c.date_created_gmt), updatedAt: isoFromGmt(c.date_modified_gmt),
  };
}

/** WooCommerce customers are WordPress users: an email is mandatory. */
export function toWooCustomer(c: Customer): Record<string, unknown> {
  if (!c.email) throw new MappingError('WooCommerce requires an email for a customer account');
  const [billing = null, shipping = billing, ...extra] = c.addresses;
  return {
    email: c.email, first_name: c.firstName ?? '', last_name: c.lastName ?? '',
    billing: { ...toWooAddress(billing), email: c.email, phone: c.phone ?? billing?.phone ?? '' },
    // One address is written as both; the shipping copy takes the billing phone too, so it reads back as one address, not two.
    shipping: c.addresses.length === 1 ? { ...toWooAddress(shipping), phone: c.phone ?? billing?.phone ?? '' } : toWooAddress(shipping),
    meta_data: metaEntries({
      [metaKeys.emailConsent]: c.emailMarketing.state, [metaKeys.emailConsentAt]: c.emailMarketing.changedAt,
      [metaKeys.smsConsent]: c.smsMarketing.state, [metaKeys.smsConsentAt]: c.smsMarketing.changedAt,
      [metaKeys.customerTags]: c.tags.length ? JSON.stringify(c.tags) : null, [metaKeys.customerNote]: c.note,
      [metaKeys.extraAddresses]: extra.length ? JSON.stringify(extra) : null,
    }),
  };
}
