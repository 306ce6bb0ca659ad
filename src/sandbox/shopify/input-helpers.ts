import type { AddressRecord } from './records';
import type { ShopStore } from './store';

export interface UserError { field: string[] | null; message: string; code: string | null }

/** `code` is always present (null without one): the typed user errors have it, and a missing field is not a null. */
export function userError(field: string[] | null, message: string, code?: string): UserError {
  return { field, message, code: code ?? null };
}

export interface AddressInput {
  address1?: string | null; address2?: string | null; city?: string | null; company?: string | null; countryCode?: string | null;
  firstName?: string | null; lastName?: string | null; phone?: string | null; provinceCode?: string | null; zip?: string | null;
}

export function addressFromInput(store: ShopStore, input: AddressInput | null | undefined): AddressRecord | null {
  if (!input) return null;
  return {
    id: store.newId(),
    firstName: input.firstName ?? null, lastName: input.lastName ?? null, company: input.company ?? null,
    address1: input.address1 ?? null, address2: input.address2 ?? null, city: input.city ?? null,
    provinceCode: input.provinceCode ?? null, countryCode: input.countryCode ?? null, zip: input.zip ?? null, phone: input.phone ?? null,
  };
}

/** Shopify trims tags, drops empty ones and keeps each once. */
export function cleanTags(tags: string[] | null | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t !== ''))];
}

/** Shopify's handleize: lower case, runs of anything but letters and digits become one dash. */
export function handleize(title: string): string {
  return title.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'untitled';
}

export function uniqueHandle(wanted: string, taken: (handle: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  for (let n = 1; ; n += 1) if (!taken(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export const isEmail = (value: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
/** Shopify wants customer phone numbers in E.164. */
export const isE164 = (value: string): boolean => /^\+[1-9]\d{6,14}$/.test(value);

export function isFuture(store: ShopStore, iso: string | null | undefined): boolean {
  return !!iso && Date.parse(iso) > Date.parse(store.now()) + 1000;
}
