import type { Address, Consent, Money } from '../../../domain/catalog/entities';

/** Shopify writes decimals as "10.0" or "19.9"; the canonical model keeps at least cents ("10.00"). */
export function toMoney(amount: string | number | null | undefined): Money {
  const text = amount === null || amount === undefined ? '0' : String(amount);
  const [whole = '0', fraction = ''] = text.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

export interface ShopMoney { shopMoney: { amount: string } }
export const amountOf = (bag: ShopMoney | null | undefined): Money => toMoney(bag?.shopMoney.amount);

export function moneyBag(amount: Money, currencyCode: string): { shopMoney: { amount: string; currencyCode: string } } {
  return { shopMoney: { amount, currencyCode } };
}

/** Quotes a value for Shopify's search syntax (`email:"a@b.c"`). */
export function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const ADDRESS_FIELDS = 'firstName lastName company address1 address2 city provinceCode countryCodeV2 zip phone';

export interface ShopifyAddress {
  firstName: string | null; lastName: string | null; company: string | null; address1: string | null; address2: string | null;
  city: string | null; provinceCode: string | null; countryCodeV2: string | null; zip: string | null; phone: string | null;
}

export function addressFromShopify(a: ShopifyAddress): Address {
  return {
    firstName: a.firstName, lastName: a.lastName, company: a.company, address1: a.address1, address2: a.address2, city: a.city,
    province: a.provinceCode, countryCode: a.countryCodeV2, zip: a.zip, phone: a.phone,
  };
}

/** MailingAddressInput; fields left null are left out, as Shopify treats an explicit null as "clear". */
export function addressToShopify(a: Address): Record<string, string> {
  const input: Record<string, string | null> = {
    firstName: a.firstName, lastName: a.lastName, company: a.company, address1: a.address1, address2: a.address2, city: a.city,
    provinceCode: a.province, countryCode: a.countryCode?.toUpperCase() ?? null, zip: a.zip, phone: a.phone,
  };
  return Object.fromEntries(Object.entries(input).filter((e): e is [string, string] => e[1] !== null));
}

const consentStates: Record<string, Consent['state']> = { SUBSCRIBED: 'subscribed', UNSUBSCRIBED: 'unsubscribed', PENDING: 'pending' };

export function consentFromShopify(c: { marketingState: string; consentUpdatedAt: string | null } | null): Consent {
  return { state: consentStates[c?.marketingState ?? ''] ?? 'not_subscribed', changedAt: c?.consentUpdatedAt ?? null };
}

/** For a settable state only (subscribed, unsubscribed, pending): Shopify refuses NOT_SUBSCRIBED as input. */
export function consentToShopify(c: Consent): { marketingState: string; marketingOptInLevel: string; consentUpdatedAt?: string } {
  return { marketingState: c.state.toUpperCase(), marketingOptInLevel: 'SINGLE_OPT_IN', ...(c.changedAt ? { consentUpdatedAt: c.changedAt } : {}) };
}

export interface PageInfo { hasNextPage: boolean; endCursor: string | null }
