import type { PlatformDescriptor } from '../types';
import { createWooCommerceAdapter } from './index';
import { woocommerceOrderStatuses } from './order-statuses';

/** WooCommerce (REST API wc/v3) as a migration source and target. */
export const woocommercePlatform: PlatformDescriptor<'woocommerce'> = {
  name: 'woocommerce',
  label: 'WooCommerce',
  createAdapter: (connection, secrets) => createWooCommerceAdapter(connection, secrets),
  naturalKeys: {
    categories: 'slug',
    products: 'slug, then any variant SKU',
    customers: 'email',
    orders: 'the source order number Cutover keeps in the order\'s meta (searched by billing email)',
  },
  orderStatuses: woocommerceOrderStatuses,
  capabilities: {
    reads: ['categories', 'products', 'customers', 'orders'],
    writes: ['categories', 'products', 'customers', 'orders'],
    // Nothing is lost: what WooCommerce has no field for (consents, shipments, status history) Cutover keeps in meta.
    cannotCarry: [],
    rateLimit: 'none published: the host sets the pace (assumed 5 entities written and 50 read a second)',
    changeFilter: 'modified_after (with dates_are_gmt)',
  },
};
