import type { Address } from '../../../domain/catalog/entities';
import type { WooAddress } from './wire';

const orNull = (value: string | undefined): string | null => (value && value.trim() !== '' ? value : null);

export function isEmptyAddress(address: WooAddress | undefined): boolean {
  if (!address) return true;
  return ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country']
    .every((k) => !address[k as keyof WooAddress]);
}

export function fromWooAddress(address: WooAddress): Address {
  const country = orNull(address.country);
  return {
    firstName: orNull(address.first_name), lastName: orNull(address.last_name), company: orNull(address.company),
    address1: orNull(address.address_1), address2: orNull(address.address_2), city: orNull(address.city), province: orNull(address.state),
    countryCode: country && country.length === 2 ? country.toUpperCase() : null, zip: orNull(address.postcode), phone: orNull(address.phone),
  };
}

export function toWooAddress(address: Address | null): Omit<WooAddress, 'email'> {
  return {
    first_name: address?.firstName ?? '', last_name: address?.lastName ?? '', company: address?.company ?? '', address_1: address?.address1 ?? '',
    address_2: address?.address2 ?? '', city: address?.city ?? '', state: address?.province ?? '', postcode: address?.zip ?? '',
    country: address?.countryCode ?? '', phone: address?.phone ?? '',
  };
}

export function sameAddress(a: Address, b: Address): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** WooCommerce's GMT dates have no zone ("2026-01-31T09:15:00"); the canonical model wants one. */
export function isoFromGmt(value: string | null | undefined): string | null {
  if (!value) return null;
  // A value that already carries its zone (one Cutover stored in meta) is kept as written.
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const withZone = zoned ? value : `${value}Z`;
  if (Number.isNaN(Date.parse(withZone))) return null;
  return zoned ? value : new Date(withZone).toISOString();
}

/** WordPress keeps non-ASCII slugs percent-encoded. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}
