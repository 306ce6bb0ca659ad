import { money, sanitizeSlug } from './input';
import { SeededRandom } from '../shared/random';
import { type SimulatorState, gmt } from './state';
import type { AddressRecord, CustomerRecord, LineItemRecord, OrderRecord, OrderStatus, ProductRecord, VariationRecord } from './types';
import { ksesPostTitle, storedTermName } from './text';
import { asciiName, carriers, categoryNames, cities, emoji, firstNames, lastNames, productAdjectives, productNouns, streets, tagNames } from './seed-names';

export interface SeedOptions {
  /** Same seed, same store. Default 1. */
  seed?: number;
  categories?: number;
  products?: number;
  customers?: number;
  orders?: number;
  /** Share of products that are variable (each with 2–4 variations, ~3 on average). Default 0.35. */
  variableRate?: number;
  /** Share of orders placed without an account (customer_id 0). Default 0.25. */
  guestOrderRate?: number;
  /** Share of products (or variations) sold at price 0. Default 0.05. */
  zeroPriceRate?: number;
  /** Share of products deleted after orders were placed for them. Default 0.1. */
  deletedProductRate?: number;
  currency?: string;
  /** Orders and products are spread over the year after this date. Default 2025-01-01. */
  startDate?: string;
  /**
   * Also plant the order of WooCommerce's REST API documentation ("Retrieve an order"), with its line item
   * named `Ship Your Idea &ndash; Color: Black, Size: M Test` as WooCommerce returns it. Default false.
   */
  documentedOrder?: boolean;
}

const orderStatusWeights: [OrderStatus, number][] = [
  ['completed', 0.55], ['processing', 0.2], ['on-hold', 0.05], ['pending', 0.05], ['cancelled', 0.07], ['refunded', 0.04], ['failed', 0.04],
];

function weighted<T>(random: SeededRandom, weights: [T, number][]): T {
  let roll = random.next();
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return (weights[0] as [T, number])[0];
}

/** Most prices are small, a few are large; endings are .00, .50 or .99 as shops price them. */
function retailPrice(random: SeededRandom): string {
  const whole = Math.floor(Math.exp(random.next() * Math.log(250))) + 2;
  return `${whole}.${random.pick(['00', '50', '99'])}`;
}

function address(random: SeededRandom, first: string, last: string, email: string | null): AddressRecord {
  const [city, state, country] = random.pick(cities);
  const result: AddressRecord = {
    first_name: first, last_name: last, company: random.chance(0.15) ? 'Compañía Ñ S.A.' : '', address_1: `${random.pick(streets)} ${random.int(1, 3000)}`,
    address_2: random.chance(0.2) ? `Piso ${random.int(1, 12)}` : '', city, state, postcode: String(random.int(1000, 99999)), country,
    phone: random.chance(0.7) ? `+${random.int(1, 99)} ${random.int(100, 999)} ${random.int(1000000, 9999999)}` : '',
  };
  return email === null ? result : { ...result, email };
}

/**
 * Fills the store with a synthetic shop: a category tree, simple and variable products, customers, and
 * orders (guest orders, discounts, shipping, taxes, tracking in meta), then deletes some ordered products.
 */
export function seedStore(state: SimulatorState, options: SeedOptions = {}): void {
  const random = new SeededRandom(options.seed ?? 1);
  const start = Date.parse(options.startDate ?? '2025-01-01T00:00:00Z');
  const at = (dayFraction: number) => gmt(new Date(start + dayFraction * 365 * 86400_000));
  const currency = options.currency ?? 'USD';

  const categoryIds: number[] = [];
  for (let i = 0; i < (options.categories ?? 8); i += 1) {
    const base = categoryNames[i % categoryNames.length] ?? 'Category';
    // Stored as WordPress stores a term name: "Mate & Yerba" is "Mate &amp; Yerba" in the database and the API.
    const name = storedTermName(i < categoryNames.length ? base : `${base} ${Math.floor(i / categoryNames.length) + 1}`);
    const parent = i > 2 && random.chance(0.6) ? random.pick(categoryIds) : 0;
    const id = state.nextTermId();
    state.put('categories', { id, name, slug: sanitizeSlug(name) || `category-${id}`, parent, description: random.chance(0.3) ? `<p>${name}</p>` : '', menu_order: i });
    categoryIds.push(id);
  }
  const tagIds = tagNames.map((name) => state.put('tags', { id: state.nextTermId(), name, slug: name, parent: 0, description: '', menu_order: 0 }).id);

  const sellable = (sku: string) => {
    const zero = random.chance(options.zeroPriceRate ?? 0.05);
    const regular = zero ? '0' : retailPrice(random);
    const onSale = !zero && random.chance(0.2);
    const manage = random.chance(0.6);
    const quantity = manage ? random.int(0, 80) : null;
    return {
      sku, regular_price: regular, sale_price: onSale ? money(Number(regular) * 0.8) : '', manage_stock: manage, stock_quantity: quantity,
      stock_status: manage ? ((quantity ?? 0) > 0 ? 'instock' as const : 'outofstock' as const) : random.chance(0.9) ? 'instock' as const : 'outofstock' as const,
      backorders: 'no' as const, weight: random.chance(0.7) ? (Math.round(random.next() * 50) / 10 + 0.1).toFixed(1) : '',
    };
  };

  const products: { product: ProductRecord; variations: VariationRecord[] }[] = [];
  for (let i = 0; i < (options.products ?? 30); i += 1) {
    const created = at(random.next() * 0.3);
    const name = ksesPostTitle(`${random.pick(productNouns)} ${random.pick(productAdjectives)} ${random.pick(emoji)}`.trim());
    const variable = random.chance(options.variableRate ?? 0.35);
    const id = state.nextPostId();
    const base = sellable(variable ? '' : `SKU-${1000 + i}`);
    const attribute = random.chance(0.5) ? { name: 'Talle', values: ['S', 'M', 'L', 'XL'] } : { name: 'Color', values: ['Rojo', 'Azul', 'Verde', 'Negro'] };
    const values = attribute.values.slice(0, random.int(2, 4));
    const product: ProductRecord = {
      id, name, slug: `${sanitizeSlug(name) || 'product'}-${i + 1}`, type: variable ? 'variable' : 'simple', status: weighted(random, [['publish', 0.85], ['draft', 0.1], ['private', 0.05]]),
      featured: random.chance(0.1), description: `<p>${name} — hecho a mano.</p>`, short_description: '', ...(variable ? { ...base, regular_price: '', sale_price: '', manage_stock: false, stock_quantity: null } : base),
      categories: categoryIds.length ? [random.pick(categoryIds)] : [], tags: random.chance(0.5) ? [random.pick(tagIds)] : [],
      images: Array.from({ length: random.int(0, 3) }, (_, n) => ({ id: state.nextPostId(), src: `https://cdn.example.com/img/${id}-${n}.jpg`, name: `${id}-${n}.jpg`, alt: n === 0 ? name : '' })),
      attributes: variable ? [{ id: 0, name: attribute.name, position: 0, visible: true, variation: true, options: values }] : [],
      menu_order: 0, meta_data: [], date_created_gmt: created, date_modified_gmt: created,
    };
    state.put('products', product);
    const variations = variable ? values.map((option, n) => state.put('variations', {
      id: state.nextPostId(), parent_id: id, description: '', ...sellable(`SKU-${1000 + i}-${n + 1}`), status: 'publish' as const, image: null,
      attributes: [{ id: 0, name: attribute.name, option }], menu_order: n, meta_data: [], date_created_gmt: created, date_modified_gmt: created,
    })) : [];
    products.push({ product, variations });
  }

  const customers: CustomerRecord[] = [];
  for (let i = 0; i < (options.customers ?? 20); i += 1) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const email = `${asciiName(first)}.${asciiName(last)}${i + 1}@example.${random.pick(['com', 'org', 'net'])}`;
    const created = at(random.next() * 0.5);
    const billing = address(random, first, last, email);
    customers.push(state.put('customers', {
      id: state.nextUserId(), email, first_name: first, last_name: last, role: 'customer', username: email.split('@')[0] ?? `customer${i}`,
      billing, shipping: random.chance(0.8) ? { ...billing, email: undefined } : address(random, first, last, null), is_paying_customer: false, meta_data: [],
      date_created_gmt: created, date_modified_gmt: created,
    }));
  }

  const ordered = new Set<number>();
  for (let i = 0; i < (options.orders ?? 50); i += 1) {
    const guest = customers.length === 0 || random.chance(options.guestOrderRate ?? 0.25);
    const customer = guest ? null : random.pick(customers);
    const first = customer?.first_name ?? random.pick(firstNames);
    const last = customer?.last_name ?? random.pick(lastNames);
    const email = customer?.email ?? `${asciiName(first)}.guest${i + 1}@example.com`;
    const billing = customer ? { ...customer.billing } : address(random, first, last, email);
    const created = at(0.3 + random.next() * 0.7);
    const discount = random.chance(0.15) ? 0.1 : 0;
    const taxRate = random.chance(0.3) ? 21 : 0;
    const lines: LineItemRecord[] = [];
    for (let n = 0; n < weighted(random, [[1, 0.55], [2, 0.3], [3, 0.1], [4, 0.05]]) && products.length; n += 1) {
      const { product, variations } = random.pick(products);
      const variation = variations.length ? random.pick(variations) : null;
      const source = variation ?? product;
      const quantity = weighted(random, [[1, 0.75], [2, 0.18], [3, 0.07]]);
      const unit = Number(source.sale_price || source.regular_price || 0);
      const subtotal = unit * quantity;
      const total = subtotal * (1 - discount);
      ordered.add(product.id);
      lines.push({
        id: state.nextItemId(), name: variation ? `${product.name} - ${variation.attributes[0]?.option ?? ''}` : product.name, product_id: product.id, variation_id: variation?.id ?? 0,
        quantity, tax_class: '', subtotal: money(subtotal), subtotal_tax: money((subtotal * taxRate) / 100), total: money(total), total_tax: money((total * taxRate) / 100), meta_data: [],
      });
    }
    const shipping = random.chance(0.3) ? 0 : Number(retailPrice(random)) % 20;
    const status = weighted(random, orderStatusWeights);
    const cartTax = lines.reduce((sum, l) => sum + Number(l.total_tax), 0);
    const itemsTotal = lines.reduce((sum, l) => sum + Number(l.total), 0);
    const discountTotal = lines.reduce((sum, l) => sum + Number(l.subtotal) - Number(l.total), 0);
    const meta: OrderRecord['meta_data'] = [];
    if ((status === 'completed' || status === 'processing') && random.chance(0.7)) {
      meta.push({ id: state.nextMetaId(), key: '_tracking_provider', value: random.pick(carriers) });
      meta.push({ id: state.nextMetaId(), key: '_tracking_number', value: `TRK${random.int(100000000, 999999999)}` });
      meta.push({ id: state.nextMetaId(), key: '_date_shipped', value: String(Math.floor(Date.parse(`${created}Z`) / 1000) + 86400) });
    }
    const paid = status === 'completed' || status === 'processing' || status === 'refunded' ? created : null;
    state.put('orders', {
      id: state.nextPostId(), parent_id: 0, status, currency, total: money(itemsTotal + cartTax + shipping), discount_total: money(discountTotal), discount_tax: '0.00',
      shipping_total: money(shipping), shipping_tax: '0.00', cart_tax: money(cartTax), total_tax: money(cartTax), prices_include_tax: false,
      customer_id: customer?.id ?? 0, customer_note: random.chance(0.1) ? 'Por favor, envolver para regalo 🎁' : '', billing,
      shipping: random.chance(0.9) ? { ...billing, email: undefined } : address(random, first, last, null),
      payment_method: 'bacs', payment_method_title: 'Transferencia bancaria', transaction_id: '', date_paid_gmt: paid, date_completed_gmt: status === 'completed' ? created : null,
      line_items: lines,
      tax_lines: taxRate ? [{ id: state.nextItemId(), rate_code: 'IVA-1', rate_id: 1, label: 'IVA', compound: false, tax_total: money(cartTax), shipping_tax_total: '0.00', rate_percent: taxRate, meta_data: [] }] : [],
      shipping_lines: [{ id: state.nextItemId(), method_title: shipping ? 'Envío a domicilio' : 'Envío gratis', method_id: shipping ? 'flat_rate' : 'free_shipping', instance_id: '1', total: money(shipping), total_tax: '0.00', meta_data: [] }],
      fee_lines: [], coupon_lines: discount ? [{ id: state.nextItemId(), code: 'mate10', discount: money(discountTotal), discount_tax: '0.00', meta_data: [] }] : [],
      meta_data: meta, date_created_gmt: created, date_modified_gmt: created,
    });
  }

  const deletable = products.filter(({ product }) => ordered.has(product.id));
  const toDelete = Math.round(products.length * (options.deletedProductRate ?? 0.1));
  for (const { product, variations } of deletable.slice(0, toDelete)) {
    state.collections.products.delete(product.id);
    for (const v of variations) state.collections.variations.delete(v.id);
  }
  if (options.documentedOrder) plantDocumentedOrder(state, at(0.5));
}

/**
 * The order of WooCommerce's REST API documentation (v3, "Retrieve an order"): a simple "Woo Single #1" × 2
 * and a variation of "Ship Your Idea" (SKU Bar3) whose line item WooCommerce names
 * `Ship Your Idea &ndash; Color: Black, Size: M Test`, entity and all. Taxes are left out. Returns the order id.
 */
export function plantDocumentedOrder(state: SimulatorState, created = state.now()): number {
  const dated = { date_created_gmt: created, date_modified_gmt: created };
  const sellable = { regular_price: '', sale_price: '', manage_stock: false, stock_quantity: null, stock_status: 'instock' as const, backorders: 'no' as const, weight: '' };
  const single = state.put('products', {
    id: state.nextPostId(), name: 'Woo Single #1', slug: 'woo-single-1', type: 'simple', status: 'publish', featured: false, description: '', short_description: '',
    ...sellable, sku: '', regular_price: '3.00', categories: [], tags: [], images: [], attributes: [], menu_order: 0, meta_data: [], ...dated,
  });
  const shirt = state.put('products', {
    id: state.nextPostId(), name: 'Ship Your Idea', slug: 'ship-your-idea', type: 'variable', status: 'publish', featured: false, description: '', short_description: '',
    ...sellable, sku: '', categories: [], tags: [], images: [],
    attributes: [{ id: 0, name: 'Color', position: 0, visible: true, variation: true, options: ['Black'] }, { id: 0, name: 'Size', position: 1, visible: true, variation: true, options: ['M Test'] }],
    menu_order: 0, meta_data: [], ...dated,
  });
  const black = state.put('variations', {
    id: state.nextPostId(), parent_id: shirt.id, description: '', ...sellable, sku: 'Bar3', regular_price: '12.00', status: 'publish', image: null,
    attributes: [{ id: 0, name: 'Color', option: 'Black' }, { id: 0, name: 'Size', option: 'M Test' }], menu_order: 0, meta_data: [], ...dated,
  });
  const line = (name: string, productId: number, variationId: number, quantity: number, total: string, meta: [string, string][]): LineItemRecord => ({
    id: state.nextItemId(), name, product_id: productId, variation_id: variationId, quantity, tax_class: '', subtotal: total, subtotal_tax: '0.00', total, total_tax: '0.00',
    meta_data: meta.map(([key, value]) => ({ id: state.nextMetaId(), key, value })),
  });
  const billing: AddressRecord = {
    first_name: 'John', last_name: 'Doe', company: '', address_1: '969 Market', address_2: '', city: 'San Francisco', state: 'CA', postcode: '94103', country: 'US',
    email: 'john.doe@example.com', phone: '(555) 555-5555',
  };
  return state.put('orders', {
    id: state.nextPostId(), parent_id: 0, status: 'processing', currency: 'USD', total: '28.00', discount_total: '0.00', discount_tax: '0.00',
    shipping_total: '10.00', shipping_tax: '0.00', cart_tax: '0.00', total_tax: '0.00', prices_include_tax: false, customer_id: 0, customer_note: '', billing,
    shipping: { ...billing, email: undefined }, payment_method: 'bacs', payment_method_title: 'Direct Bank Transfer', transaction_id: '', date_paid_gmt: created, date_completed_gmt: null,
    line_items: [
      line('Woo Single #1', single.id, 0, 2, '6.00', []),
      line('Ship Your Idea &ndash; Color: Black, Size: M Test', shirt.id, black.id, 1, '12.00', [['pa_color', 'black'], ['size', 'M Test']]),
    ],
    tax_lines: [], shipping_lines: [{ id: state.nextItemId(), method_title: 'Flat Rate', method_id: 'flat_rate', instance_id: '', total: '10.00', total_tax: '0.00', meta_data: [] }],
    fee_lines: [], coupon_lines: [], meta_data: [], ...dated,
  }).id;
}

/** Plants an order whose total is not a number (a corrupted row): readers must reject it with a reason. */
export function plantMalformedOrder(state: SimulatorState, total = 'N/A'): number {
  const now = state.now();
  const order = state.plant('orders', {
    id: state.nextPostId(), parent_id: 0, status: 'processing', currency: 'USD', total, discount_total: '0.00', discount_tax: '0.00', shipping_total: '0.00',
    shipping_tax: '0.00', cart_tax: '0.00', total_tax: '0.00', prices_include_tax: false, customer_id: 0, customer_note: '',
    billing: { first_name: 'Malformed', last_name: 'Row', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', email: 'broken@example.com', phone: '' },
    shipping: { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', phone: '' },
    payment_method: '', payment_method_title: '', transaction_id: '', date_paid_gmt: null, date_completed_gmt: null,
    line_items: [], tax_lines: [], shipping_lines: [], fee_lines: [], coupon_lines: [], meta_data: [], date_created_gmt: now, date_modified_gmt: now,
  });
  return order.id;
}
