import type { EntityType } from '../../../domain/catalog/entities';
import type { WriteRate } from '../types';
import type { QuotaState } from './client';

/**
 * BigCommerce's published quota when a store's answers have not said theirs: Standard and Plus plans 20,000
 * requests an hour, given as 150 every 30 seconds; Pro 60,000 (450 every 30 s); Enterprise by contract
 * (developer.bigcommerce.com, "API rate limits"). Every answer reports the store's own
 * (X-Rate-Limit-Requests-Quota per X-Rate-Limit-Time-Window-Ms), which is used when there is one.
 */
export const STANDARD_QUOTA = { quota: 150, windowMs: 30_000 } as const;

/**
 * Requests per entity written, measured by migrating a seeded WooCommerce store (8 categories, 54 products with
 * their variants, 100 customers, 150 orders) onto the BigCommerce simulator through the migration's own
 * writeEntities, pages of 50 over 8 lanes, into an empty store (no natural-key lookups):
 * - a category 2: a POST per lane and level of the tree (parents first), children whose parent another lane
 *   was still writing written again on the activity's retry;
 * - a product 1: one POST carries its variants and images (batch updates take 10, variants 50);
 * - a customer 0.16: the batch create takes 10 with their addresses, one call per lane's share of a page;
 * - an order 3.9: the catalog variants' SKUs once per lane, the POST, and for a shipped order its shipments
 *   (the order's lines, shipping address and shipments read, the shipment created, the status written again).
 */
export const BIGCOMMERCE_REQUESTS_PER_ENTITY: Record<EntityType, number> = { categories: 2, products: 1, customers: 0.16, orders: 3.9 };

/**
 * Requests per entity the verification reads back, measured the same way: catalog and customers in pages of
 * 100 (the category tree in one), an order 2.6 (v2 orders come without their lines, addresses and
 * shipments, read per order).
 */
export const BIGCOMMERCE_VERIFY_REQUESTS_PER_ENTITY: Record<EntityType, number> = { categories: 0.01, products: 0.01, customers: 0.01, orders: 2.6 };

/**
 * The store's write rate for the migration preview: its quota per window as its last answer reported it
 * (the first window's quota available at once, as a bucket), with the measured requests per entity.
 */
export function bigcommerceWriteRate(reported: QuotaState | null): WriteRate {
  const known = !!reported && reported.quota > 0 && reported.windowMs > 0;
  const { quota, windowMs } = known ? reported : STANDARD_QUOTA;
  const seconds = windowMs / 1000;
  return {
    unit: 'requests', perSecond: Math.round((quota / seconds) * 100) / 100, bucketSize: quota,
    source: known
      ? `${quota} requests every ${seconds} s reported by the store (X-Rate-Limit-Requests-Quota per X-Rate-Limit-Time-Window-Ms)`
      : `the store reported no quota; BigCommerce's published Standard and Plus quota assumed, ${quota} requests every ${seconds} s (Pro 450)`,
    perEntity: { ...BIGCOMMERCE_REQUESTS_PER_ENTITY },
    verifyPerEntity: { ...BIGCOMMERCE_VERIFY_REQUESTS_PER_ENTITY },
    basis: 'requests per entity measured migrating a seeded WooCommerce store onto the BigCommerce simulator (batch creates of customers, a product with its variants and images in one call; orders also their shipments and status)',
  };
}
