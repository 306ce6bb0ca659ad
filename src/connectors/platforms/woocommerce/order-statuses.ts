import type { PlatformOrderStatuses } from '../../../domain/catalog/platforms';

/** WooCommerce's order statuses (core's, and the block checkout's draft) and their canonical statuses. */
export const woocommerceOrderStatuses: PlatformOrderStatuses = {
  vocabulary: ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'],
  toCanonical: {
    pending: 'pending', processing: 'processing', 'on-hold': 'on_hold', completed: 'completed',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'failed', 'checkout-draft': 'pending',
  },
  fromCanonical: {
    pending: 'pending', on_hold: 'on-hold', processing: 'processing', completed: 'completed',
    cancelled: 'cancelled', refunded: 'refunded', failed: 'failed',
  },
};
