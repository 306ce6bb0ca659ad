import { SeededRandom } from '../shared/random';
import type { I18n, TiendanubeStore, TnVariant } from './state';

export interface TiendanubeSeedOptions {
  seed?: number;
  categories?: number;
  products?: number;
  customers?: number;
  orders?: number;
}

const CATEGORY_NAMES = ['Ropa', 'Calzado', 'Accesorios', 'Hogar', 'Deportes', 'Niños', 'Bolsos', 'Regalos', 'Ofertas', 'Invierno', 'Verano', 'Cocina'];
const PRODUCT_NAMES = ['Remera', 'Buzo', 'Campera', 'Zapatilla', 'Bota', 'Mochila', 'Gorra', 'Taza', 'Manta', 'Pelota', 'Cartera', 'Bufanda', 'Vestido', 'Pantalón', 'Sandalia'];
const ADJECTIVES = ['Clásica', 'Urbana', 'Andina', 'Porteña', 'Patagónica', 'Liviana', 'Premium', 'Básica'];
const COLORS = ['Negro', 'Blanco', 'Rojo', 'Azul', 'Verde'];
const SIZES = ['S', 'M', 'L', 'XL'];
const FIRST = ['Lucía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Benjamín', 'Martina', 'Joaquín', 'Sofía', 'Tomás'];
const LAST = ['González', 'Rodríguez', 'Fernández', 'López', 'Martínez', 'Pérez', 'Gómez', 'Díaz'];
const CITIES: [string, string, string][] = [['Buenos Aires', 'Capital Federal', 'C1043'], ['Córdoba', 'Córdoba', 'X5000'], ['Rosario', 'Santa Fe', 'S2000'], ['Mendoza', 'Mendoza', 'M5500']];

/**
 * A small synthetic Argentine store, the same for the same seed: a category tree, products with one to
 * four variants (Color and Talle), images, SEO texts and stock (some untracked), customers with addresses
 * and marketing consent, and orders in every payment, shipping and order status with tracking.
 */
export function seedTiendanube(store: TiendanubeStore, options: TiendanubeSeedOptions = {}): void {
  const random = new SeededRandom(options.seed ?? 1);
  const text = (value: string): I18n => Object.fromEntries(store.languages.map((l) => [l, value]));
  const categoryIds: number[] = [];
  for (let i = 0; i < (options.categories ?? 4); i += 1) {
    const parent = i >= 2 && categoryIds.length ? random.pick(categoryIds) : null;
    const name = `${CATEGORY_NAMES[i % CATEGORY_NAMES.length] as string}${i >= CATEGORY_NAMES.length ? ` ${i}` : ''}`;
    categoryIds.push(store.createCategory({ name: text(name), description: text(`<p>${name} de temporada</p>`), parent }).id);
  }

  const variants: { productId: number; variant: TnVariant; title: string }[] = [];
  for (let i = 0; i < (options.products ?? 10); i += 1) {
    const title = `${PRODUCT_NAMES[i % PRODUCT_NAMES.length] as string} ${random.pick(ADJECTIVES)} ${i + 1}`;
    const shape = random.int(0, 2);
    const attributes = shape === 0 ? [] : shape === 1 ? [text('Color')] : [text('Color'), text('Talle')];
    const combos: string[][] = shape === 0 ? [[]] : shape === 1 ? COLORS.slice(0, random.int(2, 3)).map((c) => [c]) : [[COLORS[0] as string, SIZES[0] as string], [COLORS[0] as string, SIZES[1] as string], [COLORS[1] as string, SIZES[1] as string]];
    const price = random.int(10, 400) * 100;
    const product = store.createProduct({
      name: text(title), description: text(`<p>${title}: hecho en Argentina.</p>`), attributes, published: random.next() > 0.15,
      brand: random.next() > 0.5 ? 'Nube Textil' : null, tags: random.next() > 0.5 ? 'nuevo,temporada' : '',
      seo_title: random.next() > 0.3 ? `${title} | Tienda` : null, seo_description: random.next() > 0.3 ? `Comprá ${title} online` : null,
      categories: categoryIds.length ? [random.pick(categoryIds)] : [],
      images: Array.from({ length: random.int(0, 2) }, (_, n) => ({ src: `https://cdn.example.com/tn/${i + 1}-${n + 1}.jpg`, position: n + 1 })),
      variants: combos.map((values, n) => {
        const tracked = random.next() > 0.2;
        return {
          values: values.map(text), price: (price / 100 + n * 5).toFixed(2), promotional_price: random.next() > 0.7 ? (price / 100 - 1).toFixed(2) : null,
          stock_management: tracked, ...(tracked ? { stock: random.int(0, 40) } : {}), weight: (random.int(1, 30) / 10).toFixed(2), sku: `TN-${i + 1}-${n + 1}`,
        };
      }),
    });
    for (const variant of product.variants) variants.push({ productId: product.id, variant, title });
  }

  const customers = Array.from({ length: options.customers ?? 6 }, (_, i) => {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 3) % LAST.length] as string;
    const [city, province, zipcode] = random.pick(CITIES);
    return store.createCustomer({
      name: `${first} ${last}`, email: `${first.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()}.${i + 1}@example.com`,
      phone: `+54 11 4${String(1000000 + i * 7919).slice(0, 7)}`, accepts_marketing: random.next() > 0.5, note: random.next() > 0.7 ? 'Cliente mayorista' : null,
      addresses: [{ address: 'Av. Corrientes', number: String(random.int(100, 5000)), floor: random.next() > 0.5 ? '3B' : null, locality: null, city, province, zipcode, country: 'AR', phone: null, name: `${first} ${last}` }],
    });
  });

  const states: [string, string, string, boolean][] = [
    // status, payment_status, shipping_status, tracking
    ['open', 'pending', 'unpacked', false], ['open', 'paid', 'unpacked', false], ['open', 'paid', 'fulfilled', true], ['closed', 'paid', 'fulfilled', true],
    ['cancelled', 'voided', 'unpacked', false], ['open', 'refunded', 'fulfilled', true], ['open', 'authorized', 'unpacked', false], ['open', 'abandoned', 'unpacked', false],
  ];
  for (let i = 0; i < (options.orders ?? 8) && variants.length; i += 1) {
    const buyer = customers.length && random.next() > 0.2 ? random.pick(customers) : null;
    const lines = Array.from({ length: random.int(1, 3) }, () => random.pick(variants)).filter((l, n, all) => all.findIndex((x) => x.variant.id === l.variant.id) === n);
    const products = lines.map(({ productId, variant, title }) => {
      const values = variant.values.map((v) => v[store.mainLanguage] ?? '');
      return { id: store.id(), product_id: productId, variant_id: variant.id, name: values.length ? `${title} (${values.join(', ')})` : title, price: variant.price ?? '0.00', quantity: random.int(1, 3), sku: variant.sku, variant_values: values };
    });
    const subtotal = products.reduce((sum, p) => sum + Number(p.price) * p.quantity, 0);
    const shipping = random.pick([0, 1500, 2300]);
    const [status, payment, shippingStatus, tracked] = states[i % states.length] as [string, string, string, boolean];
    const [city, province, zipcode] = random.pick(CITIES);
    const name = buyer?.name ?? 'Invitado Sin Cuenta';
    const email = buyer?.email ?? `invitado.${i + 1}@example.com`;
    const address = { first_name: name.split(' ')[0], last_name: name.split(' ').slice(1).join(' '), name, address: 'Av. Santa Fe', number: String(100 + i), floor: null, locality: null, city, province, zipcode, country: 'AR', phone: '+54 11 5555-0000' };
    const order = store.orders.seed({
      status, payment_status: payment, shipping_status: shippingStatus, currency: store.currency, gateway: 'mercadopago',
      contact_name: name, contact_email: email, contact_phone: '+54 11 5555-0000', customer: buyer ? store.renderCustomer(buyer) : null,
      products, subtotal: subtotal.toFixed(2), discount: '0.00', shipping_cost_customer: shipping.toFixed(2), total: (subtotal + shipping).toFixed(2),
      shipping_address: address, billing_name: name, billing_address: address.address, billing_number: address.number, billing_city: city, billing_province: province, billing_zipcode: zipcode, billing_country: 'AR',
      shipping: tracked ? 'correo-argentino' : 'table', shipping_option: tracked ? 'Correo Argentino - Clásico' : 'Envío a domicilio',
      shipping_tracking_number: tracked ? `CA${100000000 + i}AR` : null, shipping_tracking_url: tracked ? `https://www.correoargentino.com.ar/seguimiento/CA${100000000 + i}AR` : null,
      shipped_at: tracked ? store.stamp() : null, note: random.next() > 0.7 ? 'Tocar timbre 2' : null, cancel_reason: status === 'cancelled' ? 'customer' : null,
    });
    if (buyer) buyer.last_order_id = order.id;
  }
}
