import type { PlatformDescriptor } from '../types';
import { createTiendanubeAdapter, createTiendanubeOrderReader } from './index';
import { tiendanubeOrderStatuses } from './order-statuses';

/** Tiendanube / Nuvemshop (REST API v1) as a migration source and target. */
export const tiendanubePlatform: PlatformDescriptor<'tiendanube'> = {
  name: 'tiendanube',
  label: 'Tiendanube / Nuvemshop',
  createAdapter: (connection, secrets) => createTiendanubeAdapter(connection, secrets),
  // Its webhooks carry only the order's id: the alerts read the order.
  createOrderReader: (connection, secrets) => createTiendanubeOrderReader(connection, secrets),
  naturalKeys: {
    categories: 'handle in the store\'s main language',
    products: 'handle, then any variant SKU (GET /products/sku/{sku})',
    customers: 'email',
    orders: 'the source order number Cutover keeps in the order\'s metafield cutover.source_order (Tiendanube numbers orders itself)',
  },
  orderStatuses: tiendanubeOrderStatuses,
  capabilities: {
    reads: ['categories', 'products', 'customers', 'orders'],
    writes: ['categories', 'products', 'customers', 'orders'],
    cannotCarry: [
      { entityType: 'categories', field: 'position', reason: 'categories have no position of their own in the API' },
      { entityType: 'products', field: 'productType', reason: 'Tiendanube products have no type' },
      { entityType: 'products', field: 'status', reason: 'published or not: an archived product is written unpublished (draft)' },
      { entityType: 'products', field: 'images.alt', reason: 'product images have no alt text in the API; their URLs become Tiendanube CDN URLs' },
      { entityType: 'products', field: 'options', reason: 'at most 3 attributes per product: a product with more options is refused with the reason' },
      { entityType: 'products', field: 'variants.stockStatus', reason: 'no backorders: a counted variant at 0 or less is out of stock, negative counts are written as 0' },
      { entityType: 'customers', field: 'firstName/lastName', reason: 'one name field: written "first last", read back split at the first space' },
      { entityType: 'customers', field: 'emailMarketing', reason: 'accepts_marketing is yes or no: unsubscribed and pending read back as not subscribed' },
      { entityType: 'customers', field: 'smsMarketing', reason: 'no SMS consent' },
      { entityType: 'customers', field: 'tags', reason: 'customers have no tags' },
      { entityType: 'orders', field: 'number', reason: 'Tiendanube numbers orders itself: the source number is kept in a metafield and read back from it' },
      { entityType: 'orders', field: 'lineItems', reason: 'lines are written from the target\'s variants: a line whose product was deleted on the source is kept in the order\'s metafield only (the total stays the source\'s); an order with no such line left is refused with the reason' },
      { entityType: 'orders', field: 'taxLines/discountCodes', reason: 'no tax lines or coupons on created orders: the total carries them, the details are kept in the metafield' },
      { entityType: 'orders', field: 'financialStatus', reason: 'after creation only "paid" can be written: a later refund or void on the source is not carried by smart update' },
    ],
    rateLimit: 'leaky bucket of 40 requests leaking 2 a second, per app and store (X-Rate-Limit-Limit/Remaining/Reset, 429)',
    changeFilter: 'updated_at_min',
  },
};
