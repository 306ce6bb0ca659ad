import type { PlatformDescriptor } from '../types';
import { createShopifyAdapter } from './index';

/** Shopify (Admin GraphQL API) as a migration source and target. */
export const shopifyPlatform: PlatformDescriptor<'shopify'> = {
  name: 'shopify',
  label: 'Shopify',
  createAdapter: (connection, secrets) => createShopifyAdapter(connection, secrets),
  naturalKeys: {
    categories: 'collection handle',
    products: 'handle, then any variant SKU',
    customers: 'email',
    orders: 'the source order number Cutover keeps in a metafield',
  },
  // Shopify has no single order status: the adapter writes the financial status, fulfilment status and cancellation.
  orderStatuses: {
    vocabulary: ['pending', 'authorized', 'paid', 'partially_paid', 'fulfilled', 'partially_fulfilled', 'refunded', 'partially_refunded', 'voided', 'cancelled'],
    toCanonical: {
      pending: 'pending', authorized: 'on_hold', paid: 'processing', partially_paid: 'on_hold', fulfilled: 'completed',
      partially_fulfilled: 'processing', refunded: 'refunded', partially_refunded: 'processing', voided: 'cancelled', cancelled: 'cancelled',
    },
    fromCanonical: {
      pending: 'pending', on_hold: 'pending', processing: 'paid', completed: 'fulfilled',
      cancelled: 'cancelled', refunded: 'refunded', failed: 'voided',
    },
  },
  capabilities: {
    reads: ['categories', 'products', 'customers', 'orders'],
    writes: ['categories', 'products', 'customers', 'orders'],
    // The category tree, shipments and status history Cutover keeps in metafields and custom attributes.
    cannotCarry: [
      { entityType: 'customers', field: 'smsMarketing', reason: 'Shopify keeps SMS consent on a phone number: a customer without one keeps none' },
    ],
    rateLimit: 'calculated query cost: a bucket of 1,000 points (Plus 2,000) refilling 50 a second (Plus 100), per store',
    changeFilter: 'query: "updated_at:>=…"',
  },
};
