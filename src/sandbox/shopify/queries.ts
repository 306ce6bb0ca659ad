import type { ConnectionArgs } from './connection';
import { paginate, sortBy } from './connection';
import { parseGid } from './ids';
import type { CollectionRecord, CustomerRecord, OrderRecord, ProductRecord, VariantRecord } from './records';
import { searchFilter, type Fields } from './search-query';
import type { ShopStore } from './store';
import { collectionView, customerView, fulfillmentStatusOf, fulfillmentView, orderView, productView, variantView } from './views';

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };
type CountArgs = { query?: string | null; limit?: number | null };

const byId = (id: number): string => String(id);

function sortKeyValue(sortKey: string | null | undefined, record: { id: number; title?: string; name?: string; createdAt: string; updatedAt: string; processedAt?: string }): string | number {
  switch (sortKey) {
    case 'TITLE': return (record.title ?? '').toLowerCase();
    case 'NAME': return (record.name ?? '').toLowerCase();
    case 'CREATED_AT': return record.createdAt;
    case 'UPDATED_AT': return record.updatedAt;
    case 'PROCESSED_AT': return record.processedAt ?? record.createdAt;
    default: return record.id;
  }
}

function count(n: number, limit: number | null | undefined): { count: number; precision: string } {
  return limit != null && n > limit ? { count: limit, precision: 'AT_LEAST' } : { count: n, precision: 'EXACT' };
}

function productFields(store: ShopStore): Fields<ProductRecord> {
  const skus = (p: ProductRecord): string[] => p.variantIds.map((id) => store.variants.get(id)?.sku).filter((s): s is string => !!s);
  return {
    id: (p) => p.id, handle: (p) => p.handle, title: (p) => p.title, sku: skus, vendor: (p) => p.vendor,
    product_type: (p) => p.productType, status: (p) => p.status, tag: (p) => p.tags,
    updated_at: (p) => p.updatedAt, created_at: (p) => p.createdAt,
  };
}

const collectionFields: Fields<CollectionRecord> = {
  id: (c) => c.id, handle: (c) => c.handle, title: (c) => c.title, updated_at: (c) => c.updatedAt,
};

const customerFields: Fields<CustomerRecord> = {
  id: (c) => c.id, email: (c) => c.email, phone: (c) => c.phone, first_name: (c) => c.firstName, last_name: (c) => c.lastName,
  tag: (c) => c.tags, updated_at: (c) => c.updatedAt, created_at: (c) => c.createdAt,
};

function orderFields(): Fields<OrderRecord> {
  return {
    id: (o) => o.id,
    // "name:1001" and "name:#1001" both find order #1001.
    name: (o) => [o.name, o.name.replace(/^#/, '')],
    email: (o) => o.email, customer_id: (o) => o.customerId, tag: (o) => o.tags,
    financial_status: (o) => o.financialStatus.toLowerCase(),
    fulfillment_status: (o) => fulfillmentStatusOf(o).toLowerCase(),
    status: (o) => (o.cancelledAt ? 'cancelled' : o.closedAt ? 'closed' : 'open'),
    updated_at: (o) => o.updatedAt, created_at: (o) => o.createdAt, processed_at: (o) => o.processedAt,
  };
}

export function queryRoot(store: ShopStore): Record<string, unknown> {
  const products = (args: ListArgs | CountArgs): ProductRecord[] =>
    [...store.products.values()].filter(searchFilter(args.query, productFields(store), (p) => `${p.title} ${p.handle}`));
  const collections = (args: ListArgs | CountArgs): CollectionRecord[] =>
    [...store.collections.values()].filter(searchFilter(args.query, collectionFields, (c) => c.title));
  const customers = (args: ListArgs | CountArgs): CustomerRecord[] =>
    [...store.customers.values()].filter(searchFilter(args.query, customerFields, (c) => `${c.firstName ?? ''} ${c.lastName ?? ''} ${c.email ?? ''}`));
  const orders = (args: ListArgs | CountArgs): OrderRecord[] =>
    store.visibleOrders().filter(searchFilter(args.query, orderFields(), (o) => `${o.name} ${o.email ?? ''}`));
  const variantFields: Fields<VariantRecord> = { sku: (v) => v.sku, product_id: (v) => v.productId, updated_at: (v) => v.updatedAt };

  return {
    currentAppInstallation: () => ({
      id: 'gid://shopify/AppInstallation/1',
      accessScopes: store.access.list().map((handle) => ({ handle })),
    }),
    shop: () => ({
      id: 'gid://shopify/Shop/1', name: store.shop.name, email: store.shop.email, myshopifyDomain: store.shop.domain,
      currencyCode: store.shop.currencyCode,
      plan: { displayName: store.shop.planDisplayName, publicDisplayName: store.shop.planDisplayName, partnerDevelopment: false, shopifyPlus: store.shop.shopifyPlus },
    }),
    locations: (args: ConnectionArgs) => paginate([...store.locations.values()], args, (l) => byId(l.id), (l) => ({ id: `gid://shopify/Location/${l.id}`, name: l.name, isActive: true })),
    product: ({ id }: { id: string }) => {
      const record = store.products.get(parseGid(id, 'Product') ?? -1);
      return record ? productView(store, record) : null;
    },
    products: (args: ListArgs) => paginate(sortBy(products(args), (p) => sortKeyValue(args.sortKey, p)), args, (p) => byId(p.id), (p) => productView(store, p)),
    productsCount: (args: CountArgs) => count(products(args).length, args.limit),
    productVariants: (args: ListArgs) => paginate(
      sortBy([...store.variants.values()].filter(searchFilter(args.query, variantFields, (v) => v.sku ?? '')), (v) => v.id),
      args, (v) => byId(v.id), (v) => variantView(store, v),
    ),
    collection: ({ id }: { id: string }) => {
      const record = store.collections.get(parseGid(id, 'Collection') ?? -1);
      return record ? collectionView(store, record) : null;
    },
    collections: (args: ListArgs) => paginate(sortBy(collections(args), (c) => sortKeyValue(args.sortKey, c)), args, (c) => byId(c.id), (c) => collectionView(store, c)),
    collectionsCount: (args: CountArgs) => count(collections(args).length, args.limit),
    customer: ({ id }: { id: string }) => {
      const record = store.customers.get(parseGid(id, 'Customer') ?? -1);
      return record ? customerView(store, record) : null;
    },
    customers: (args: ListArgs) => paginate(sortBy(customers(args), (c) => sortKeyValue(args.sortKey, { ...c, name: `${c.firstName ?? ''} ${c.lastName ?? ''}` })), args, (c) => byId(c.id), (c) => customerView(store, c)),
    customersCount: (args: CountArgs) => count(customers(args).length, args.limit),
    order: ({ id }: { id: string }) => {
      const record = store.order(parseGid(id, 'Order'));
      return record ? orderView(store, record) : null;
    },
    fulfillment: ({ id }: { id: string }) => {
      const number = parseGid(id, 'Fulfillment');
      const found = store.visibleOrders().flatMap((o) => o.fulfillments).find((f) => f.id === number);
      return found ? fulfillmentView(found) : null;
    },
    orders: (args: ListArgs) => paginate(sortBy(orders(args), (o) => sortKeyValue(args.sortKey, o)), args, (o) => byId(o.id), (o) => orderView(store, o)),
    ordersCount: (args: CountArgs) => count(orders(args).length, args.limit),
  };
}
