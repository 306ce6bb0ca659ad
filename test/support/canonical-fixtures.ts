import { type Category, type Customer, type Order, type Product, categorySchema, customerSchema, orderSchema, productSchema } from '../../src/domain/catalog/entities';

/** A small canonical store with the odd-but-valid cases the round trip must keep. */
export function sampleStore(size = { categories: 3, products: 7, customers: 5, orders: 9 }) {
  const categories: Category[] = Array.from({ length: size.categories }, (_, i) => categorySchema.parse({
    sourceId: `c${i + 1}`, name: i === 0 ? 'Yerba & Mate — Ñandú' : `Category ${i + 1}`, handle: `category-${i + 1}`, parentSourceId: i > 0 ? 'c1' : null,
  }));
  const products: Product[] = Array.from({ length: size.products }, (_, i) => productSchema.parse({
    sourceId: `p${i + 1}`,
    title: i === 0 ? 'Mate de calabaza «artesanal» 🧉' : `Product ${i + 1}`,
    handle: `product-${i + 1}`,
    categorySourceIds: [`c${(i % size.categories) + 1}`],
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      { sourceId: `p${i + 1}-v1`, sku: `SKU-${i + 1}-S`, optionValues: ['S'], price: i === 1 ? '0.00' : `${10 + i}.50`, inventoryQuantity: 5 },
      { sourceId: `p${i + 1}-v2`, sku: `SKU-${i + 1}-M`, optionValues: ['M'], price: `${12 + i}.00`, inventoryQuantity: 0, stockStatus: 'out_of_stock' },
    ],
    updatedAt: '2026-11-01T10:00:00Z',
  }));
  const customers: Customer[] = Array.from({ length: size.customers }, (_, i) => customerSchema.parse({
    sourceId: `u${i + 1}`, email: `shopper${i + 1}@example.com`, firstName: i === 0 ? 'Zoë' : `First${i + 1}`, lastName: i === 2 ? null : `Last${i + 1}`,
    emailMarketing: i % 2 === 0 ? { state: 'subscribed', changedAt: '2025-05-01T00:00:00Z' } : { state: 'unsubscribed', changedAt: '2025-06-01T00:00:00Z' },
  }));
  const orders: Order[] = Array.from({ length: size.orders }, (_, i) => orderSchema.parse({
    sourceId: `o${i + 1}`, number: String(1000 + i),
    // Every third order is a guest order; the last references a product deleted from the source.
    customerSourceId: i % 3 === 0 ? null : `u${(i % size.customers) + 1}`,
    email: `shopper${(i % size.customers) + 1}@example.com`,
    lineItems: [{
      productSourceId: i === size.orders - 1 ? 'p-deleted' : `p${(i % size.products) + 1}`,
      variantSourceId: i === size.orders - 1 ? 'p-deleted-v1' : `p${(i % size.products) + 1}-v1`,
      sku: `SKU-${(i % size.products) + 1}-S`, name: `Product ${(i % size.products) + 1}`, quantity: 1 + (i % 3), price: '10.50',
    }],
    currency: 'ARS', subtotal: '10.50', total: '10.50',
    financialStatus: 'paid', fulfillmentStatus: i % 2 ? 'fulfilled' : 'unfulfilled', sourceStatus: i % 2 ? 'completed' : 'processing',
    shipments: i % 2 ? [{ carrier: 'Andreani', trackingNumber: `AND${i}`, trackingUrl: null }] : [],
    createdAt: '2026-10-01T12:00:00Z', updatedAt: '2026-10-02T12:00:00Z',
  }));
  return { categories, products, customers, orders };
}
