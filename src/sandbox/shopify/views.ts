import { GraphQLError } from 'graphql';
import { paginate, sortBy, type ConnectionArgs } from './connection';
import { gid } from './ids';
import { formatDecimal, formatMoney } from './money';
import type { AddressRecord, CollectionRecord, CustomerRecord, FulfillmentRecord, OrderRecord, ProductRecord, TaxLineRecord, VariantRecord } from './records';
import type { ShopStore } from './store';

/**
 * GraphQL objects over the records. graphql-js's default resolver calls a function-valued property with the
 * field's arguments, so fields with arguments (connections) are functions and the rest plain values.
 */

export function moneyBag(units: number, currencyCode: string): { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } } {
  const money = { amount: formatDecimal(units), currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

export function addressView(address: AddressRecord | null): object | null {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  return {
    id: gid('MailingAddress', address.id),
    firstName: address.firstName, lastName: address.lastName, name: name || null, company: address.company,
    address1: address.address1, address2: address.address2, city: address.city,
    province: address.provinceCode, provinceCode: address.provinceCode,
    country: address.countryCode, countryCodeV2: address.countryCode, zip: address.zip, phone: address.phone,
  };
}

export function variantView(store: ShopStore, variant: VariantRecord): object {
  const product = store.products.get(variant.productId);
  const title = variant.selectedOptions.map((o) => o.value).join(' / ') || 'Default Title';
  return {
    id: gid('ProductVariant', variant.id),
    title,
    displayName: `${product?.title ?? ''} - ${title}`,
    sku: variant.sku,
    price: formatMoney(variant.price),
    compareAtPrice: variant.compareAtPrice === null ? null : formatMoney(variant.compareAtPrice),
    position: variant.position,
    selectedOptions: variant.selectedOptions,
    inventoryPolicy: variant.inventoryPolicy,
    inventoryQuantity: variant.inventoryQuantity,
    inventoryItem: {
      id: gid('InventoryItem', variant.inventoryItemId),
      sku: variant.sku,
      tracked: variant.tracked,
      measurement: { id: gid('InventoryItemMeasurement', variant.inventoryItemId), weight: variant.weight },
    },
    product: () => (product ? productView(store, product) : null),
    createdAt: variant.createdAt,
    updatedAt: variant.updatedAt,
  };
}

export function collectionsOfProduct(store: ShopStore, productId: number): CollectionRecord[] {
  return [...store.collections.values()].filter((c) => c.productIds.includes(productId));
}

export function productView(store: ShopStore, product: ProductRecord): object {
  const variants = (): VariantRecord[] => product.variantIds.map((id) => store.variants.get(id)).filter((v): v is VariantRecord => v !== undefined);
  return {
    id: gid('Product', product.id),
    title: product.title,
    handle: product.handle,
    description: stripHtml(product.descriptionHtml),
    descriptionHtml: product.descriptionHtml,
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    status: product.status,
    seo: product.seo,
    options: () => product.options.map((o) => ({
      id: gid('ProductOption', o.id), name: o.name, position: o.position, values: o.values,
      optionValues: o.values.map((value, i) => ({ id: gid('ProductOptionValue', o.id * 100 + i), name: value, hasVariants: true })),
    })),
    variants: (args: ConnectionArgs) => paginate(variants(), args, (v) => String(v.id), (v) => variantView(store, v)),
    variantsCount: () => ({ count: product.variantIds.length, precision: 'EXACT' }),
    media: (args: ConnectionArgs) => paginate(product.media, args, (m) => String(m.id), (m) => {
      const image = { id: gid('ImageSource', m.id), url: m.url, altText: m.alt, width: null, height: null };
      return { __typename: 'MediaImage', id: gid('MediaImage', m.id), alt: m.alt, mediaContentType: 'IMAGE', status: 'READY', preview: { image, status: 'READY' }, image };
    }),
    collections: (args: ConnectionArgs) => paginate(sortBy(collectionsOfProduct(store, product.id), (c) => c.id), args, (c) => String(c.id), (c) => collectionView(store, c)),
    totalInventory: variants().reduce((sum, v) => sum + (v.tracked ? v.inventoryQuantity : 0), 0),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

export function collectionView(store: ShopStore, collection: CollectionRecord): object {
  const products = (): ProductRecord[] => collection.productIds.map((id) => store.products.get(id)).filter((p): p is ProductRecord => p !== undefined);
  return {
    id: gid('Collection', collection.id),
    title: collection.title,
    handle: collection.handle,
    description: stripHtml(collection.descriptionHtml),
    descriptionHtml: collection.descriptionHtml,
    seo: collection.seo,
    updatedAt: collection.updatedAt,
    products: (args: ConnectionArgs) => paginate(products(), args, (p) => String(p.id), (p) => productView(store, p)),
    productsCount: () => ({ count: products().length, precision: 'EXACT' }),
    metafield: (args: { namespace?: string | null; key: string }) => {
      const found = collection.metafields.find((m) => m.key === args.key && m.namespace === (args.namespace ?? '$app'));
      return found ? { ...found, id: gid('Metafield', found.id) } : null;
    },
  };
}

export function customerView(store: ShopStore, customer: CustomerRecord): object {
  const displayName = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.email || customer.phone || '';
  return {
    id: gid('Customer', customer.id),
    email: customer.email,
    phone: customer.phone,
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName,
    note: customer.note,
    tags: customer.tags,
    addresses: (args: { first?: number | null }) => customer.addresses.slice(0, args.first ?? undefined).map(addressView),
    addressesV2: (args: ConnectionArgs) => paginate(customer.addresses, args, (a) => String(a.id), addressView),
    defaultAddress: addressView(customer.addresses[0] ?? null),
    emailMarketingConsent: customer.emailMarketingConsent,
    smsMarketingConsent: customer.smsMarketingConsent
      ? { ...customer.smsMarketingConsent, marketingOptInLevel: customer.smsMarketingConsent.marketingOptInLevel ?? 'UNKNOWN' }
      : null,
    numberOfOrders: String([...store.orders.values()].filter((o) => o.customerId === customer.id).length),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

function taxLineView(line: TaxLineRecord, currency: string): object {
  return { title: line.title, rate: line.rate, ratePercentage: Math.round(line.rate * 10000) / 100, priceSet: moneyBag(line.price, currency) };
}

export function orderTotals(order: OrderRecord): { lines: number; subtotal: number; shipping: number; tax: number; total: number } {
  const lines = order.lineItems.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const subtotal = lines - order.totalDiscounts;
  const shipping = order.shippingLines.reduce((sum, s) => sum + s.price, 0);
  const tax = order.taxLines.reduce((sum, t) => sum + t.price, 0) + order.lineItems.reduce((sum, l) => sum + l.taxLines.reduce((s, t) => s + t.price, 0), 0);
  return { lines, subtotal, shipping, tax, total: subtotal + shipping + (order.taxesIncluded ? 0 : tax) };
}

export function fulfillmentStatusOf(order: OrderRecord): string {
  const fulfilled = new Set(order.fulfillments.filter((f) => f.status === 'SUCCESS').flatMap((f) => f.lineItemIds));
  if (fulfilled.size === 0) return 'UNFULFILLED';
  return order.lineItems.every((l) => fulfilled.has(l.id)) ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
}

/** Fulfillment.trackingInfo(first:) truncates: "Truncate the array result to this size." */
export function fulfillmentView(f: FulfillmentRecord): object {
  return {
    id: gid('Fulfillment', f.id), status: f.status, createdAt: f.createdAt,
    trackingInfo: (a: { first?: number | null }) => f.tracking.slice(0, a.first ?? undefined),
  };
}

export function orderView(store: ShopStore, order: OrderRecord): object {
  const currency = order.currency;
  const totals = orderTotals(order);
  const customer = order.customerId === null ? undefined : store.customers.get(order.customerId);
  const fulfillmentStatus = fulfillmentStatusOf(order);
  return {
    id: gid('Order', order.id),
    name: order.name,
    email: order.email,
    phone: order.phone,
    customer: customer ? customerView(store, customer) : null,
    currencyCode: currency,
    lineItems: (args: ConnectionArgs) => paginate(order.lineItems, args, (l) => String(l.id), (line) => {
      const variant = line.variantId === null ? undefined : store.variants.get(line.variantId);
      const product = line.productId === null ? undefined : store.products.get(line.productId);
      return {
        id: gid('LineItem', line.id), title: line.title, name: line.name, sku: line.sku, quantity: line.quantity,
        variant: variant ? variantView(store, variant) : null,
        product: product ? productView(store, product) : null,
        originalUnitPriceSet: moneyBag(line.price, currency),
        originalTotalSet: moneyBag(line.price * line.quantity, currency),
        totalDiscountSet: moneyBag(0, currency),
        taxLines: () => line.taxLines.map((t) => taxLineView(t, currency)),
      };
    }),
    billingAddress: addressView(order.billingAddress),
    shippingAddress: addressView(order.shippingAddress),
    shippingLines: (args: ConnectionArgs) => paginate(order.shippingLines, args, (s) => String(s.id), (s) => ({
      id: gid('ShippingLine', s.id), title: s.title, code: s.code, originalPriceSet: moneyBag(s.price, currency),
    })),
    taxLines: () => order.taxLines.map((t) => taxLineView(t, currency)),
    taxesIncluded: order.taxesIncluded,
    discountCodes: order.discountCodes,
    subtotalPriceSet: moneyBag(totals.subtotal, currency),
    totalPriceSet: moneyBag(totals.total, currency),
    totalTaxSet: moneyBag(totals.tax, currency),
    totalDiscountsSet: moneyBag(order.totalDiscounts, currency),
    totalShippingPriceSet: moneyBag(totals.shipping, currency),
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: fulfillmentStatus,
    fulfillments: (args: { first?: number | null; query?: string | null }) => {
      if (args.query) throw new GraphQLError('Order.fulfillments(query:) is not simulated', { extensions: { code: 'NOT_SIMULATED' } });
      return order.fulfillments.slice(0, args.first ?? undefined).map(fulfillmentView);
    },
    fulfillmentsCount: () => ({ count: order.fulfillments.length, precision: 'EXACT' }),
    fulfillmentOrders: (args: ConnectionArgs) => paginate([order.fulfillmentOrderId], args, String, (id) => ({
      id: gid('FulfillmentOrder', id),
      status: order.cancelledAt ? 'CANCELLED' : fulfillmentStatus === 'FULFILLED' ? 'CLOSED' : 'OPEN',
    })),
    transactions: (args: { first?: number | null }) => order.transactions.slice(0, args.first ?? undefined).map((t) => ({
      id: gid('OrderTransaction', t.id), kind: t.kind, status: t.status, gateway: t.gateway, amountSet: moneyBag(t.amount, currency), processedAt: t.processedAt,
    })),
    note: order.note,
    tags: order.tags,
    customAttributes: order.customAttributes,
    processedAt: order.processedAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closedAt: order.closedAt,
    closed: order.closedAt !== null,
    test: order.test,
  };
}
