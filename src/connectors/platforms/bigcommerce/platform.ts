import type { PlatformDescriptor } from '../types';
import { createBigCommerceAdapter } from './index';
import { bigcommerceOrderStatuses } from './order-statuses';

/** BigCommerce (Catalog v3, Customers v3, Orders v2) as a migration source and target. */
export const bigcommercePlatform: PlatformDescriptor<'bigcommerce'> = {
  name: 'bigcommerce',
  label: 'BigCommerce',
  createAdapter: (connection, secrets) => createBigCommerceAdapter(connection, secrets),
  naturalKeys: {
    categories: 'custom URL path (looked up by name)',
    products: 'custom URL path (candidates by name and by any variant SKU)',
    customers: 'email',
    orders: 'external_order_id, which holds the source order number',
  },
  orderStatuses: bigcommerceOrderStatuses,
  capabilities: {
    reads: ['categories', 'products', 'customers', 'orders'],
    writes: ['categories', 'products', 'customers', 'orders'],
    cannotCarry: [
      { entityType: 'customers', field: 'smsMarketing', reason: 'BigCommerce customers have no SMS consent' },
      { entityType: 'customers', field: 'emailMarketing', reason: 'one flag (accepts_product_review_abandoned_cart_emails) without a date: unsubscribed and pending read back as not subscribed' },
      { entityType: 'customers', field: 'tags', reason: 'BigCommerce customers have no tags (customer groups are pricing groups)' },
      { entityType: 'products', field: 'status', reason: 'only is_visible: an archived product is written hidden and reads back as a draft' },
      { entityType: 'products', field: 'vendor', reason: 'brands are a catalog resource of their own, not written by Cutover' },
      { entityType: 'products', field: 'productType', reason: 'BigCommerce\'s product type is physical or digital' },
      { entityType: 'products', field: 'variants.inventoryQuantity', reason: 'stock is counted for all of a product\'s variants or none: in a product where some count stock, an uncounted variant is counted at 0' },
      { entityType: 'orders', field: 'discountCodes', reason: 'coupons of an order are read-only in Orders v2' },
      { entityType: 'orders', field: 'shipments', reason: 'a shipment ships order items once: tracking numbers beyond the order\'s units are not written' },
    ],
    rateLimit: 'a per-store quota reported on every answer (X-Rate-Limit-*): Standard and Plus 150 requests per 30 s, Pro 450, Enterprise by contract',
    changeFilter: 'date_modified:min (products, customers), min_date_modified (orders); categories carry no date',
  },
};
