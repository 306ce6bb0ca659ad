import * as catalog from './catalog';
import * as customers from './customers';
import { SeededRandom } from '../shared/random';
import type { Reply } from './http';
import * as orders from './orders';
import type { BigCommerceState } from './state';

export interface SeedOptions {
  seed?: number;
  categories?: number;
  products?: number;
  customers?: number;
  orders?: number;
}

const nouns = ['Mate', 'Poncho', 'Alfajor', 'Yerba', 'Bombilla', 'Termo', 'Manta', 'Sombrero', 'Cuaderno', 'Taza', 'Mochila', 'Bufanda'];
const adjectives = ['Clásico', 'Rústico', 'Andino', 'Porteño', 'Pampeano', 'Criollo', 'Patagónico', 'Norteño', 'Serrano', 'Costero'];
const categoryNames = ['Cocina', 'Textiles', 'Regalos', 'Papelería', 'Viaje', 'Invierno', 'Verano', 'Ofertas'];
const firstNames = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Facundo', 'Gabriela', 'Héctor', 'Inés', 'Joaquín'];
const lastNames = ['García', 'Fernández', 'López', 'Martínez', 'Pérez', 'Gómez', 'Díaz', 'Sánchez', 'Romero', 'Álvarez'];
const carriers = ['fedex', 'ups', 'usps'];

function ok(reply: Reply): Record<string, unknown> {
  if (reply.status >= 300) throw new Error(`seeding the BigCommerce simulator failed: ${JSON.stringify(reply.body)}`);
  return reply.body as Record<string, unknown>;
}

const price = (random: SeededRandom): number => Math.round((5 + random.next() * 195) * 100) / 100;

/** A small synthetic store made through the simulator's own handlers, so seeded records obey its rules. */
export function seedStore(state: BigCommerceState, options: SeedOptions): void {
  const random = new SeededRandom(options.seed ?? 1);
  const call = (body: unknown, pathParams: Record<string, string> = {}, query: Record<string, unknown> = {}) => ({ state, pathParams, query, body });

  const categoryIds: number[] = [];
  for (let i = 0; i < (options.categories ?? 4); i += 1) {
    const parent = i >= 2 && random.chance(0.5) ? random.pick(categoryIds) : 0;
    const name = `${categoryNames[i % categoryNames.length]}${i >= categoryNames.length ? ` ${i}` : ''}`;
    const data = ok(catalog.createTreeCategories(call([{ name, parent_id: parent, tree_id: 1, description: `<p>${name}</p>`, url: { path: `/${name.toLowerCase().replace(/\s+/g, '-').normalize('NFKD').replace(/[^\w-]/g, '')}-${i + 1}/`, is_customized: true } }]))).data as { category_id: number }[];
    categoryIds.push(data[0]?.category_id ?? 0);
  }

  const variantsByProduct: { productId: number; variants: { id: number; price: number; sku: string }[] }[] = [];
  for (let i = 0; i < (options.products ?? 12); i += 1) {
    const name = `${nouns[i % nouns.length]} ${random.pick(adjectives)} ${i + 1}`;
    const withOptions = random.chance(0.4);
    const tracking = random.pick(['none', withOptions ? 'variant' : 'product'] as const);
    const base = price(random);
    const onSale = random.chance(0.2);
    const body: Record<string, unknown> = {
      name, type: 'physical', weight: Math.round(random.next() * 40) / 10, price: base, sku: withOptions ? '' : `BC-${1000 + i}`,
      description: `<p>${name}, hecho a mano.</p>`, categories: categoryIds.length ? [random.pick(categoryIds)] : [], is_visible: random.chance(0.85),
      inventory_tracking: tracking, ...(tracking === 'product' ? { inventory_level: random.int(0, 60) } : {}),
      ...(onSale && !withOptions ? { sale_price: Math.round(base * 80) / 100 } : {}),
      page_title: random.chance(0.5) ? `${name} | Tienda` : '', meta_description: random.chance(0.5) ? `Comprá ${name}` : '',
      search_keywords: random.chance(0.5) ? 'regalo,artesanal' : '',
      custom_url: { url: `/${name.toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-')}/`, is_customized: false },
      images: Array.from({ length: random.int(0, 2) }, (_, n) => ({ image_url: `https://cdn.example.com/bc/${i}-${n}.jpg`, is_thumbnail: n === 0, sort_order: n, description: n === 0 ? name : '' })),
    };
    if (withOptions) {
      const option = random.chance(0.5) ? { name: 'Size', values: ['S', 'M', 'L'] } : { name: 'Color', values: ['Rojo', 'Azul', 'Verde'] };
      body.variants = option.values.slice(0, random.int(2, 3)).map((label, n) => ({
        sku: `BC-${1000 + i}-${n + 1}`, price: price(random), option_values: [{ option_display_name: option.name, label }],
        ...(tracking === 'variant' ? { inventory_level: random.int(0, 30) } : {}), ...(tracking === 'none' && random.chance(0.2) ? { purchasing_disabled: true } : {}),
      }));
    }
    const data = ok(catalog.createProduct(call(body))).data as { id: number; variants: { id: number; calculated_price: number; sku: string }[] };
    variantsByProduct.push({ productId: data.id, variants: data.variants.map((v) => ({ id: v.id, price: v.calculated_price, sku: v.sku })) });
  }

  const customerIds: { id: number; email: string; first: string; last: string }[] = [];
  for (let i = 0; i < (options.customers ?? 8); i += 1) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const email = `${first.toLowerCase().normalize('NFKD').replace(/[^\w]/g, '')}.${i + 1}@example.com`;
    const data = ok(customers.createCustomers(call([{
      email, first_name: first, last_name: last, phone: random.chance(0.5) ? `+54 11 5555-${1000 + i}` : '', notes: random.chance(0.2) ? 'Cliente mayorista' : '',
      accepts_product_review_abandoned_cart_emails: random.chance(0.5),
      addresses: random.chance(0.8) ? [{ first_name: first, last_name: last, address1: `Calle ${random.int(1, 999)}`, city: 'Buenos Aires', state_or_province: 'Buenos Aires', postal_code: `C${1000 + i}`, country_code: 'AR' }] : [],
    }]))).data as { id: number }[];
    customerIds.push({ id: data[0]?.id ?? 0, email, first, last });
  }

  for (let i = 0; i < (options.orders ?? 15); i += 1) {
    const customer = customerIds.length && random.chance(0.8) ? random.pick(customerIds) : null;
    const lines = Array.from({ length: random.int(1, 3) }, () => random.pick(variantsByProduct));
    const unique = [...new Map(lines.map((l) => [l.productId, l])).values()];
    const products = unique.map((p) => {
      const variant = random.pick(p.variants);
      return { product_id: p.productId, variant_id: variant.id, quantity: random.int(1, 3), price_inc_tax: variant.price, price_ex_tax: variant.price };
    });
    const first = customer?.first ?? 'Invitado';
    const last = customer?.last ?? `Compra ${i + 1}`;
    const email = customer?.email ?? `guest.${i + 1}@example.com`;
    const addr = { first_name: first, last_name: last, street_1: `Av. Siempreviva ${100 + i}`, city: 'Córdoba', state: 'Córdoba', zip: `X${5000 + i}`, country: 'Argentina', country_iso2: 'AR', email };
    const status = random.pick([11, 11, 10, 2, 1, 7, 5, 4, 9]);
    const data = ok(orders.createOrder(call({
      customer_id: customer?.id ?? 0, status_id: status, billing_address: addr, shipping_addresses: [addr], products,
      ...(random.chance(0.5) ? { shipping_cost_inc_tax: 5, shipping_cost_ex_tax: 5 } : {}), default_currency_code: 'USD', customer_message: random.chance(0.2) ? 'Dejar en portería' : '',
    })));
    const orderId = Number(data.id);
    // Shipped and completed orders have shipped every item (shipping them is what moved the order to Shipped).
    if (status === 10 || status === 2) {
      const stored = state.orders.get(orderId);
      if (!stored) continue;
      ok(orders.createShipment(call({
        order_address_id: stored.shippingAddresses[0]?.id, tracking_number: `1Z${String(100000 + i * 7919).padStart(8, '0')}`, shipping_provider: '', tracking_carrier: random.pick(carriers),
        items: stored.products.map((p) => ({ order_product_id: p.id, quantity: p.quantity })),
      }, { order_id: String(orderId) })));
      if (status !== 2) ok(orders.updateOrder(call({ status_id: status }, { order_id: String(orderId) })));
    }
  }
}
