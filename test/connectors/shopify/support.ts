import { categorySchema, customerSchema, orderSchema, productSchema, type Category, type Customer, type Order, type Product } from '../../../src/domain/catalog/entities';
import { defaultOrderStatusMap } from '../../../src/connectors/platforms/registry';
import { shopifyConnectionSchema } from '../../../src/domain/connections';
import { createShopifyAdapter, type ShopifyAdapterTuning } from '../../../src/connectors/platforms/shopify';
import type { ShopifyAdapter } from '../../../src/connectors/platforms/shopify/adapter';
import type { References, WriteContext } from '../../../src/connectors/platforms/types';
import { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from '../../../src/sandbox/shopify';

/** A simulator and an adapter whose connection points at it, as the lead would configure one. */
export async function simulatorWithAdapter(options: ShopifySimulatorOptions = {}, tuning: ShopifyAdapterTuning = {}): Promise<{ sim: ShopifySimulator; adapter: ShopifyAdapter }> {
  const sim = await startShopifySimulator({ plan: 'plus', ...options });
  const connection = shopifyConnectionSchema.parse({ kind: 'shopify', shopDomain: sim.shopDomain, accessToken: { env: 'UNUSED' }, endpoint: sim.url });
  return { sim, adapter: createShopifyAdapter(connection, { accessToken: sim.accessToken }, tuning) };
}

export function context(references: Partial<References> = {}): WriteContext {
  return {
    references: { categories: {}, products: {}, variants: {}, customers: {}, ...references },
    orderStatusMap: defaultOrderStatusMap('woocommerce', 'shopify'),
  };
}

export const category = (over: Partial<Category> = {}): Category =>
  categorySchema.parse({ sourceId: 'c1', name: 'Mate & Bombillas ☕', handle: 'mate-bombillas', descriptionHtml: '<p>Ñandú</p>', ...over });

export const product = (over: Partial<Product> = {}): Product => productSchema.parse({
  sourceId: 'p1', title: 'Calabaza «Imperial» 🧉', handle: 'calabaza-imperial', descriptionHtml: '<p>Hecho a mano en Córdoba</p>',
  vendor: 'Tienda Sur', productType: 'Mate', tags: ['mate', 'regalo'], status: 'active', seoTitle: 'Calabaza', seoDescription: 'La mejor',
  images: [{ url: 'https://cdn.example.com/a.jpg', alt: 'Frente', position: 0 }, { url: 'https://cdn.example.com/b.jpg', alt: null, position: 1 }],
  options: [{ name: 'Color', values: ['Negro', 'Marrón'] }, { name: 'Tamaño', values: ['Chico'] }],
  variants: [
    { sourceId: 'v1', sku: 'CAL-NEG', optionValues: ['Negro', 'Chico'], price: '19.90', compareAtPrice: '24.00', weight: { value: 0.3, unit: 'kg' }, inventoryQuantity: 7, stockStatus: 'in_stock' },
    { sourceId: 'v2', sku: 'CAL-MAR', optionValues: ['Marrón', 'Chico'], price: '0.00', inventoryQuantity: 0, stockStatus: 'out_of_stock' },
  ],
  ...over,
});

export const customer = (over: Partial<Customer> = {}): Customer => customerSchema.parse({
  sourceId: 'u1', email: 'zoe@example.com', phone: '+5491155550000', firstName: 'Zoë', lastName: 'Núñez',
  addresses: [{ firstName: 'Zoë', lastName: 'Núñez', address1: 'Av. Corrientes 1234', city: 'Buenos Aires', province: 'C', countryCode: 'AR', zip: 'C1043' }],
  tags: ['vip'], emailMarketing: { state: 'subscribed', changedAt: '2024-03-01T10:00:00Z' }, smsMarketing: { state: 'unsubscribed', changedAt: '2024-04-01T10:00:00Z' },
  note: 'Prefiere envío por la mañana', ...over,
});

export const order = (over: Partial<Order> = {}): Order => orderSchema.parse({
  sourceId: 'o1', number: '5001', customerSourceId: null, email: 'guest@example.com',
  lineItems: [{ productSourceId: null, variantSourceId: null, sku: 'OLD-1', name: 'Bombilla discontinuada', quantity: 2, price: '5.50' }],
  currency: 'ARS', subtotal: '11.00', total: '11.00', financialStatus: 'paid', fulfillmentStatus: 'unfulfilled', sourceStatus: 'processing',
  createdAt: '2024-05-01T12:00:00Z', updatedAt: '2024-05-02T12:00:00Z', ...over,
});
