import type { EntityOf, EntityType } from '../catalog/entities';

/**
 * The fields of each entity that must read back the same from the target as from the source: what the
 * verification report checksums and smart update keeps as "last synced". References (category, customer,
 * product ids) are left out: they differ by design between stores and are checked through the id map.
 */
export function comparableFields<T extends EntityType>(type: T, entity: EntityOf[T]): Record<string, unknown> {
  switch (type) {
    case 'categories': {
      const c = entity as EntityOf['categories'];
      return { name: c.name, handle: c.handle };
    }
    case 'products': {
      const p = entity as EntityOf['products'];
      return {
        title: p.title,
        handle: p.handle,
        status: p.status,
        variants: p.variants
          .map((v) => ({ sku: v.sku, price: normaliseMoney(v.price), inventoryQuantity: countedStock(v), stockStatus: v.stockStatus }))
          .sort((a, b) => String(a.sku).localeCompare(String(b.sku)) || a.price.localeCompare(b.price)),
      };
    }
    case 'customers': {
      const c = entity as EntityOf['customers'];
      return {
        email: c.email?.toLowerCase() ?? null,
        firstName: c.firstName,
        lastName: c.lastName,
        emailMarketing: c.emailMarketing.state,
        smsMarketing: c.smsMarketing.state,
      };
    }
    case 'orders': {
      const o = entity as EntityOf['orders'];
      return {
        number: o.number.replace(/^#/, ''),
        currency: o.currency,
        total: normaliseMoney(o.total),
        lineItems: o.lineItems
          .map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, price: normaliseMoney(l.price) }))
          .sort((a, b) => `${a.sku}|${a.name}`.localeCompare(`${b.sku}|${b.name}`)),
        tracking: o.shipments.map((s) => s.trackingNumber).filter((t): t is string => !!t).sort(),
      };
    }
  }
  throw new Error(`unknown entity type ${String(type)}`);
}

/**
 * Stock as a platform that only knows counted stock holds it: an uncounted variant marked out of stock
 * (WooCommerce without "manage stock") becomes a counted one with none (Shopify tracks it at 0).
 */
function countedStock(v: { inventoryQuantity: number | null; stockStatus: string }): number | null {
  return v.inventoryQuantity === null && v.stockStatus === 'out_of_stock' ? 0 : v.inventoryQuantity;
}

/** "19.9", "19.90" and "19.900" are the same amount. */
export function normaliseMoney(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${Number(whole)}.${trimmed}` : String(Number(whole));
}

/** JSON with keys sorted at every level: equal values give equal text, so equal hashes. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Which top-level comparable fields differ between two snapshots. */
/**
 * The key under which the id map's synced fields also keep every smart-update field as the migration wrote
 * it (the base of the first smart update). It is not a comparable field: verification leaves it out.
 */
export const SYNC_BASE_KEY = 'syncBase';

/** The comparable fields of an id map entry, without the smart-update base kept beside them. */
export function comparablePart(synced: Record<string, unknown>): Record<string, unknown> {
  const { [SYNC_BASE_KEY]: _base, ...comparable } = synced;
  return comparable;
}

export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => stableJson(a[k]) !== stableJson(b[k])).sort();
}
