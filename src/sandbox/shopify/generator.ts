import { seededRandom } from './faults';
import { handleize, uniqueHandle } from './input-helpers';
import type { AddressRecord, CollectionRecord, CustomerRecord, LineItemRecord, OrderRecord, ProductRecord, VariantRecord } from './records';
import type { ShopStore } from './store';

export interface SyntheticStoreSize {
  seed?: number;
  collections?: number;
  products?: number;
  customers?: number;
  orders?: number;
}

const adjectives = ['Classic', 'Organic', 'Handmade', 'Vintage', 'Eco', 'Premium', 'Café', 'Größe', 'Señorita', 'Ñandú', 'Øresund', 'Mañana', '東京', 'Zürich'];
const nouns = ['Mate Gourd', 'T-Shirt', 'Coffee Beans', 'Candle', 'Notebook', 'Backpack', 'Teapot', 'Scarf', 'Yerba', 'Mug', 'Poster', 'Sticker'];
const firstNames = ['Ana', 'José', 'Zoë', 'Björn', 'Chloé', 'Müller', 'Sakura', 'Ümit', 'Łukasz', 'Noël', 'Priya', 'Olu'];
const lastNames = ['García', 'Søren', 'Dubois', 'Nakamura', 'O’Brien', 'Kowalski', 'Núñez', 'Schäfer', 'Smith', 'Okafor'];
const cities: [string, string, string | null][] = [['Buenos Aires', 'AR', 'C'], ['Montréal', 'CA', 'QC'], ['München', 'DE', null], ['Austin', 'US', 'TX'], ['São Paulo', 'BR', 'SP']];
const sizes = ['S', 'M', 'L', 'XL'];
const colors = ['Rojo', 'Blau', 'Vert', 'Black'];

/**
 * Fills a shop with a repeatable synthetic catalogue: collections, products of about three variants (some free),
 * customers with addresses and consent, and orders over the last year (a share of them from guests, some lines
 * for products that were deleted since).
 */
export function seedSyntheticStore(store: ShopStore, size: SyntheticStoreSize): void {
  const random = seededRandom(size.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const base = Date.parse(store.now()) - 365 * 24 * 3600 * 1000;
  const dateWithinYear = (): string => new Date(base + Math.floor(random() * 360 * 24 * 3600 * 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const collections: CollectionRecord[] = [];
  for (let i = 0; i < (size.collections ?? 0); i += 1) {
    const title = `${pick(adjectives)} ${pick(nouns)}s ${i + 1}`;
    const at = dateWithinYear();
    const record: CollectionRecord = {
      id: store.newId(), title, handle: uniqueHandle(handleize(title), (h) => collections.some((c) => c.handle === h)),
      descriptionHtml: `<p>${title}</p>`, productIds: [], metafields: [], seo: { title: null, description: null }, createdAt: at, updatedAt: at,
    };
    collections.push(record);
    store.collections.set(record.id, record);
  }

  const variants: VariantRecord[] = [];
  for (let i = 0; i < (size.products ?? 0); i += 1) {
    const title = `${pick(adjectives)} ${pick(nouns)} ${i + 1}`;
    const at = dateWithinYear();
    const variantCount = 1 + Math.floor(random() * 5); // 1..5, about 3 on average
    const product: ProductRecord = {
      id: store.newId(), title, handle: uniqueHandle(handleize(title), (h) => [...store.products.values()].some((p) => p.handle === h)),
      descriptionHtml: `<p>${title} — hecho a mano.</p>`, vendor: random() < 0.8 ? pick(['Acme', 'Tienda Sur', 'Nordisk']) : '',
      productType: pick(['Apparel', 'Food', 'Home', '']), tags: random() < 0.5 ? ['sale'] : [], status: random() < 0.9 ? 'ACTIVE' : 'DRAFT',
      seo: { title: null, description: null },
      options: variantCount === 1 ? [{ id: store.newId(), name: 'Title', position: 1, values: ['Default Title'] }]
        : [{ id: store.newId(), name: 'Size', position: 1, values: sizes.slice(0, Math.min(variantCount, sizes.length)) }, { id: store.newId(), name: 'Color', position: 2, values: [pick(colors)] }],
      variantIds: [], media: random() < 0.7 ? [{ id: store.newId(), url: `https://cdn.example.com/p/${i + 1}.jpg`, alt: random() < 0.5 ? title : null }] : [],
      createdAt: at, updatedAt: at,
    };
    const free = random() < 0.05;
    const count = Math.min(variantCount, sizes.length);
    for (let v = 0; v < count; v += 1) {
      const variant: VariantRecord = {
        id: store.newId(), productId: product.id, inventoryItemId: store.newId(), sku: random() < 0.9 ? `SKU-${i + 1}-${v + 1}` : null,
        price: free ? 0 : (5 + Math.floor(random() * 200)) * 10000 + (random() < 0.5 ? 9900 : 0), compareAtPrice: null, position: v + 1,
        selectedOptions: count === 1 && variantCount === 1 ? [{ name: 'Title', value: 'Default Title' }] : [{ name: 'Size', value: sizes[v] ?? 'S' }, { name: 'Color', value: product.options[1]?.values[0] ?? 'Black' }],
        inventoryPolicy: 'DENY', tracked: random() < 0.8, inventoryQuantity: Math.floor(random() * 50), weight: { value: Math.round(random() * 2000) / 1000, unit: 'KILOGRAMS' },
        createdAt: at, updatedAt: at,
      };
      product.variantIds.push(variant.id);
      store.variants.set(variant.id, variant);
      variants.push(variant);
    }
    store.products.set(product.id, product);
    if (collections.length > 0 && random() < 0.8) pick(collections).productIds.push(product.id);
  }

  const customers: CustomerRecord[] = [];
  const address = (first: string, last: string): AddressRecord => {
    const [city, country, province] = pick(cities);
    return { id: store.newId(), firstName: first, lastName: last, company: null, address1: `Calle ${Math.floor(random() * 999)}`, address2: null, city, provinceCode: province, countryCode: country, zip: String(1000 + Math.floor(random() * 8999)), phone: null };
  };
  for (let i = 0; i < (size.customers ?? 0); i += 1) {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const at = dateWithinYear();
    const state = random() < 0.4 ? 'SUBSCRIBED' : random() < 0.5 ? 'UNSUBSCRIBED' : 'NOT_SUBSCRIBED';
    const customer: CustomerRecord = {
      id: store.newId(), email: `customer${i + 1}@example.com`, phone: random() < 0.3 ? `+1555${String(1000000 + i).slice(-7)}` : null,
      firstName: first, lastName: last, note: null, tags: [], addresses: random() < 0.85 ? [address(first, last)] : [],
      emailMarketingConsent: { marketingState: state, marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: state === 'NOT_SUBSCRIBED' ? null : at },
      smsMarketingConsent: null, createdAt: at, updatedAt: at,
    };
    customer.smsMarketingConsent = customer.phone ? { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: null } : null;
    customers.push(customer);
    store.customers.set(customer.id, customer);
  }

  for (let i = 0; i < (size.orders ?? 0); i += 1) {
    const guest = customers.length === 0 || random() < 0.2;
    const customer = guest ? null : pick(customers);
    const lines: LineItemRecord[] = [];
    const lineCount = 1 + Math.floor(random() * 3);
    for (let l = 0; l < lineCount; l += 1) {
      const variant = variants.length > 0 && random() < 0.9 ? pick(variants) : null;
      const product = variant ? store.products.get(variant.productId) : undefined;
      lines.push({
        id: store.newId(), title: product?.title ?? 'Discontinued item', name: product?.title ?? 'Discontinued item', sku: variant?.sku ?? 'OLD-1',
        quantity: 1 + Math.floor(random() * 3), price: variant?.price ?? 99000, variantId: variant?.id ?? null, productId: variant?.productId ?? null, taxLines: [],
      });
    }
    const at = dateWithinYear();
    const order: OrderRecord = {
      id: store.newId(), name: store.nextOrderName(), email: customer?.email ?? `guest${i + 1}@example.net`, phone: null, customerId: customer?.id ?? null,
      currency: store.shop.currencyCode, lineItems: lines, billingAddress: customer?.addresses[0] ?? null, shippingAddress: customer?.addresses[0] ?? null,
      shippingLines: [{ id: store.newId(), title: 'Standard', code: 'STD', price: 50000 }], taxLines: [], taxesIncluded: false, discountCodes: [], totalDiscounts: 0,
      financialStatus: pick(['PAID', 'PAID', 'PAID', 'PENDING', 'REFUNDED']), fulfillmentOrderId: store.newId(), fulfillments: [], transactions: [],
      note: null, tags: [], customAttributes: [], processedAt: at, createdAt: at, updatedAt: at, cancelledAt: null, cancelReason: null, closedAt: null, test: false,
    };
    if (order.financialStatus === 'PAID' && random() < 0.6) {
      order.fulfillments.push({ id: store.newId(), status: 'SUCCESS', createdAt: at, lineItemIds: lines.map((l) => l.id), tracking: [{ company: 'UPS', number: `1Z${i}`, url: null }] });
    }
    store.orders.set(order.id, order);
  }
}
