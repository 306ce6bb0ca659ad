import { invalidParam } from '../errors';
import { type Body, object, str } from '../input';
import type { AddressRecord } from '../types';

export function emptyAddress(withEmail: boolean): AddressRecord {
  const address: AddressRecord = { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', phone: '' };
  return withEmail ? { ...address, email: '' } : address;
}

const fields = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'email', 'phone'] as const;

/** Addresses are merged field by field: a field left out keeps its value. */
export function applyAddress(current: AddressRecord, body: Body, key: 'billing' | 'shipping'): AddressRecord {
  const patch = object(body, key);
  if (!patch) return current;
  const next: AddressRecord = { ...current };
  for (const field of fields) {
    const value = str(patch, field);
    if (value === undefined) continue;
    if (field === 'email') {
      if (key === 'shipping') continue;
      if (value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidParam(`${key}`, `Invalid billing email address.`);
    }
    next[field] = value;
  }
  return next;
}
