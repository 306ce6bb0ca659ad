import { OrderBook, type TiendanubeOrder } from './orders';
import { UnprocessableEntity } from './validate';

export type I18n = Record<string, string>;
type Json = Record<string, unknown>;

export interface TnCategory { id: number; name: I18n; description: I18n; handle: I18n; parent: number | null; created_at: string; updated_at: string }
export interface TnImage { id: number; product_id: number; src: string; position: number; created_at: string; updated_at: string }
export interface TnVariant {
  id: number; product_id: number; price: string | null; promotional_price: string | null; stock_management: boolean; stock: number | null;
  weight: string | null; width: string | null; height: string | null; depth: string | null; sku: string | null; values: I18n[];
  image_id: number | null; created_at: string; updated_at: string;
}
export interface TnProduct {
  id: number; name: I18n; description: I18n; handle: I18n; attributes: I18n[]; published: boolean; free_shipping: boolean; requires_shipping: boolean;
  brand: string | null; video_url: string | null; seo_title: string | null; seo_description: string | null; tags: string; categories: number[];
  images: TnImage[]; variants: TnVariant[]; created_at: string; updated_at: string;
}
export interface TnAddress { id: number; address: string | null; number: string | null; floor: string | null; locality: string | null; zipcode: string | null; city: string | null; province: string | null; country: string | null; phone: string | null; name: string | null; default: boolean; created_at: string; updated_at: string }
export interface TnCustomer {
  id: number; name: string; email: string; phone: string | null; identification: string | null; note: string | null; addresses: TnAddress[];
  billing: Record<string, string | null>; extra: Json; accepts_marketing: boolean; accepts_marketing_updated_at: string | null;
  total_spent: string; total_spent_currency: string; last_order_id: number | null; active: boolean; created_at: string; updated_at: string;
}
export interface TnMetafield { id: number; namespace: string; key: string; value: string; description: string | null; owner_resource: string; owner_id: number; created_at: string; updated_at: string }
export interface TnWebhook { id: number; event: string; url: string; created_at: string; updated_at: string }

/** Whole seconds in the store's offset (Buenos Aires, -03:00), as the API writes its dates. */
export function tnDate(at: Date): string {
  const local = new Date(at.getTime() - 3 * 3600_000);
  return `${local.toISOString().slice(0, 19)}-03:00`;
}

export function slugify(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'item';
}

const money = (value: unknown): string | null => (value === null || value === undefined ? null : Number(value).toFixed(2));

/** The simulated store: its resources, ids and clocks. Writes here have already passed validation of their shape. */
export class TiendanubeStore {
  readonly categories = new Map<number, TnCategory>();
  readonly products = new Map<number, TnProduct>();
  readonly customers = new Map<number, TnCustomer>();
  readonly metafields = new Map<number, TnMetafield>();
  readonly webhooks = new Map<number, TnWebhook>();
  readonly orders: OrderBook;
  private nextId = 1000;

  constructor(
    readonly storeId: string,
    readonly languages: readonly string[],
    readonly currency: string,
    readonly country: string,
    private readonly clock: () => Date,
  ) {
    this.orders = new OrderBook(() => this.clock(), () => this.stamp());
  }

  get mainLanguage(): string {
    return this.languages[0] as string;
  }

  id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  stamp(): string {
    return tnDate(this.clock());
  }

  /**
   * A handle in every language: the given one as sent (a URL path segment: letters, digits and hyphens, or
   * 422), else one made from the name; taken handles get "-2", "-3"... like the admin.
   */
  private handles(given: I18n | undefined, name: I18n, taken: (lang: string, handle: string) => boolean): I18n {
    const result: I18n = {};
    for (const [lang, handle] of Object.entries(given ?? {})) {
      if (!/^[\p{L}\p{N}]+(-[\p{L}\p{N}]+)*$/u.test(handle)) throw new UnprocessableEntity({ [`handle.${lang}`]: ['is invalid: letters, digits and single hyphens only'] });
    }
    for (const lang of this.languages) {
      const own = given?.[lang] ?? given?.[this.mainLanguage];
      const base = own ?? slugify(name[lang] ?? name[this.mainLanguage] ?? '');
      let handle = base;
      for (let n = 2; taken(lang, handle); n += 1) handle = `${base}-${n}`;
      result[lang] = handle;
    }
    return result;
  }

  private i18n(value: unknown, fallback: I18n = {}): I18n {
    return { ...fallback, ...((value ?? {}) as I18n) };
  }

  // ---- categories ----

  createCategory(body: Json): TnCategory {
    this.checkParent(body.parent as number | null | undefined, null);
    const at = this.stamp();
    const name = this.i18n(body.name);
    const id = this.id();
    const category: TnCategory = {
      id, name, description: this.i18n(body.description), parent: (body.parent as number | null | undefined) ?? null, created_at: at, updated_at: at,
      handle: this.handles(body.handle as I18n | undefined, name, (lang, h) => [...this.categories.values()].some((c) => c.handle[lang] === h)),
    };
    this.categories.set(id, category);
    return category;
  }

  updateCategory(category: TnCategory, body: Json): TnCategory {
    if ('parent' in body) this.checkParent(body.parent as number | null, category.id);
    if (body.name) category.name = this.i18n(body.name, category.name);
    if (body.description) category.description = this.i18n(body.description, category.description);
    if (body.handle) category.handle = this.handles(this.i18n(body.handle, category.handle), category.name, (lang, h) => [...this.categories.values()].some((c) => c.id !== category.id && c.handle[lang] === h));
    if ('parent' in body) category.parent = (body.parent as number | null) ?? null;
    category.updated_at = this.stamp();
    return category;
  }

  private checkParent(parent: number | null | undefined, self: number | null): void {
    if (parent === null || parent === undefined) return;
    if (!this.categories.has(parent)) throw new UnprocessableEntity({ parent: ['does not exist'] });
    for (let at: number | null = parent; at !== null; at = this.categories.get(at)?.parent ?? null) {
      if (at === self) throw new UnprocessableEntity({ parent: ['cannot be the category itself or one of its subcategories'] });
    }
  }

  deleteCategory(id: number): void {
    this.categories.delete(id);
    for (const c of this.categories.values()) if (c.parent === id) c.parent = null;
    for (const p of this.products.values()) p.categories = p.categories.filter((c) => c !== id);
  }

  renderCategory(c: TnCategory): Json {
    return { ...c, subcategories: [...this.categories.values()].filter((s) => s.parent === c.id).map((s) => s.id), google_shopping_category: null };
  }

  // ---- products ----

  private checkVariantValues(attributes: I18n[], variants: Json[], prefix: string): void {
    variants.forEach((v, i) => {
      const values = (v.values as I18n[] | undefined) ?? [];
      if (values.length !== attributes.length) {
        throw new UnprocessableEntity({ [`${prefix}[${i}].values`]: [`must have as many values as the product has attributes (${attributes.length})`] });
      }
    });
  }

  private makeVariant(productId: number, body: Json, at: string): TnVariant {
    const managed = (body.stock_management as boolean | undefined) ?? (body.stock !== undefined && body.stock !== null);
    return {
      id: this.id(), product_id: productId, price: money(body.price ?? '0'), promotional_price: money(body.promotional_price),
      stock_management: managed, stock: managed ? (body.stock as number | undefined) ?? 0 : null,
      weight: money(body.weight), width: money(body.width), height: money(body.height), depth: money(body.depth),
      sku: (body.sku as string | null | undefined) ?? null, values: (body.values as I18n[] | undefined) ?? [],
      image_id: (body.image_id as number | null | undefined) ?? null, created_at: at, updated_at: at,
    };
  }

  /** Tiendanube downloads an image and serves it from its CDN: the URL read back is not the one sent. */
  private makeImage(productId: number, src: string, position: number, at: string): TnImage {
    const file = decodeURIComponent(new URL(src).pathname.split('/').pop() ?? 'image.jpg');
    const extension = /\.(gif|jpe?g|png)$/i.exec(file)?.[1]?.toLowerCase();
    if (!extension) throw new UnprocessableEntity({ 'images.src': ['must be a .gif, .jpg or .png image'] });
    const stem = file.replace(/\.[^.]+$/, '');
    return { id: this.id(), product_id: productId, src: `https://d26lpennugtm8s.cloudfront.net/stores/${this.storeId}/products/${stem}-640-0.${extension === 'jpeg' ? 'jpg' : extension}`, position, created_at: at, updated_at: at };
  }

  private checkCategories(ids: unknown): void {
    for (const id of (ids as number[] | undefined) ?? []) if (!this.categories.has(id)) throw new UnprocessableEntity({ categories: [`category ${id} does not exist`] });
  }

  private checkSkus(skus: (string | null | undefined)[], productId: number | null, exceptVariant: number | null = null): void {
    for (const sku of skus) {
      if (!sku) continue;
      const taken = [...this.products.values()].some((p) => p.variants.some((v) => v.sku === sku && v.id !== exceptVariant && (productId === null || p.id !== productId || exceptVariant !== null)));
      if (taken) throw new UnprocessableEntity({ sku: [`${sku} has already been taken`] });
    }
  }

  createProduct(body: Json): TnProduct {
    const attributes = (body.attributes as I18n[] | undefined) ?? [];
    const variants = (body.variants as Json[] | undefined) ?? [{}];
    if (variants.length === 0) variants.push({});
    this.checkVariantValues(attributes, variants, 'variants');
    this.checkCategories(body.categories);
    this.checkSkus(variants.map((v) => v.sku as string | null | undefined), null);
    const dupSku = variants.map((v) => v.sku).filter(Boolean).find((s, i, all) => all.indexOf(s) !== i);
    if (dupSku) throw new UnprocessableEntity({ 'variants.sku': [`${String(dupSku)} is repeated`] });
    const at = this.stamp();
    const id = this.id();
    const name = this.i18n(body.name);
    const images = ((body.images as Json[] | undefined) ?? []).map((img, i) => this.makeImage(id, img.src as string, (img.position as number | undefined) ?? i + 1, at));
    const product: TnProduct = {
      id, name, description: this.i18n(body.description), attributes, published: (body.published as boolean | undefined) ?? true,
      handle: this.handles(body.handle as I18n | undefined, name, (lang, h) => [...this.products.values()].some((p) => p.handle[lang] === h)),
      free_shipping: (body.free_shipping as boolean | undefined) ?? false, requires_shipping: (body.requires_shipping as boolean | undefined) ?? true,
      brand: (body.brand as string | null | undefined) ?? null, video_url: (body.video_url as string | null | undefined) ?? null,
      seo_title: (body.seo_title as string | null | undefined) ?? null, seo_description: (body.seo_description as string | null | undefined) ?? null,
      tags: (body.tags as string | null | undefined) ?? '', categories: (body.categories as number[] | undefined) ?? [],
      images: images.sort((a, b) => a.position - b.position), variants: variants.map((v) => this.makeVariant(id, v, at)), created_at: at, updated_at: at,
    };
    this.products.set(id, product);
    return product;
  }

  updateProduct(product: TnProduct, body: Json): TnProduct {
    if ('attributes' in body) {
      const attributes = (body.attributes as I18n[] | undefined) ?? [];
      this.checkVariantValues(attributes, product.variants as unknown as Json[], 'variants');
      product.attributes = attributes;
    }
    if ('categories' in body) { this.checkCategories(body.categories); product.categories = (body.categories as number[] | undefined) ?? []; }
    if (body.name) product.name = this.i18n(body.name, product.name);
    if (body.description) product.description = this.i18n(body.description, product.description);
    if (body.handle) product.handle = this.handles(this.i18n(body.handle, product.handle), product.name, (lang, h) => [...this.products.values()].some((p) => p.id !== product.id && p.handle[lang] === h));
    for (const key of ['published', 'free_shipping', 'requires_shipping', 'brand', 'video_url', 'seo_title', 'seo_description', 'tags'] as const) {
      if (key in body) (product as unknown as Json)[key] = body[key] ?? (key === 'tags' ? '' : null);
    }
    product.updated_at = this.stamp();
    return product;
  }

  addVariant(product: TnProduct, body: Json): TnVariant {
    this.checkVariantValues(product.attributes, [body], 'variant');
    this.checkSkus([body.sku as string | null | undefined], null);
    const at = this.stamp();
    const variant = this.makeVariant(product.id, body, at);
    product.variants.push(variant);
    product.updated_at = at;
    return variant;
  }

  updateVariant(product: TnProduct, variant: TnVariant, body: Json): TnVariant {
    if ('values' in body) { this.checkVariantValues(product.attributes, [body], 'variant'); variant.values = (body.values as I18n[] | undefined) ?? []; }
    if ('sku' in body) { this.checkSkus([body.sku as string | null], product.id, variant.id); variant.sku = (body.sku as string | null) ?? null; }
    for (const key of ['price', 'promotional_price', 'weight', 'width', 'height', 'depth'] as const) if (key in body) variant[key] = money(body[key]);
    if ('stock_management' in body) variant.stock_management = body.stock_management as boolean;
    if ('stock' in body) variant.stock = (body.stock as number | null) ?? null;
    if (!variant.stock_management) variant.stock = null;
    else if (variant.stock === null) variant.stock = 0;
    if ('image_id' in body) variant.image_id = (body.image_id as number | null) ?? null;
    const at = this.stamp();
    variant.updated_at = at;
    product.updated_at = at;
    return variant;
  }

  removeVariant(product: TnProduct, variantId: number): void {
    if (product.variants.length <= 1) throw new UnprocessableEntity({ variant: ['a product keeps at least one variant'] });
    product.variants = product.variants.filter((v) => v.id !== variantId);
    product.updated_at = this.stamp();
  }

  addImage(product: TnProduct, body: Json): TnImage {
    const at = this.stamp();
    const image = this.makeImage(product.id, body.src as string, (body.position as number | undefined) ?? product.images.length + 1, at);
    product.images.push(image);
    product.images.sort((a, b) => a.position - b.position);
    product.updated_at = at;
    return image;
  }

  removeImage(product: TnProduct, imageId: number): void {
    product.images = product.images.filter((i) => i.id !== imageId);
    product.updated_at = this.stamp();
  }

  renderProduct(p: TnProduct): Json {
    return { ...p, categories: p.categories.map((id) => this.categories.get(id)).filter((c): c is TnCategory => !!c).map((c) => this.renderCategory(c)) };
  }

  // ---- customers ----

  private makeAddresses(list: Json[] | undefined, at: string): TnAddress[] {
    return (list ?? []).map((a, i) => ({
      id: this.id(), address: (a.address as string | null | undefined) ?? null, number: (a.number as string | null | undefined) ?? null,
      floor: (a.floor as string | null | undefined) ?? null, locality: (a.locality as string | null | undefined) ?? null, zipcode: (a.zipcode as string | null | undefined) ?? null,
      city: (a.city as string | null | undefined) ?? null, province: (a.province as string | null | undefined) ?? null, country: (a.country as string | null | undefined) ?? null,
      phone: (a.phone as string | null | undefined) ?? null, name: (a.name as string | null | undefined) ?? null, default: (a.default as boolean | undefined) ?? i === 0,
      created_at: at, updated_at: at,
    }));
  }

  private checkEmail(email: string, self: number | null): void {
    const taken = [...this.customers.values()].some((c) => c.id !== self && c.email.toLowerCase() === email.toLowerCase());
    if (taken) throw new UnprocessableEntity({ email: ['has already been taken'] });
  }

  createCustomer(body: Json): TnCustomer {
    this.checkEmail(body.email as string, null);
    const at = this.stamp();
    const id = this.id();
    const billing = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('billing_')).map(([k, v]) => [k, (v as string | null) ?? null]));
    const customer: TnCustomer = {
      id, name: body.name as string, email: body.email as string, phone: (body.phone as string | null | undefined) ?? null,
      identification: (body.identification as string | null | undefined) ?? null, note: (body.note as string | null | undefined) ?? null,
      addresses: this.makeAddresses(body.addresses as Json[] | undefined, at), billing, extra: (body.extra as Json | null | undefined) ?? {},
      accepts_marketing: (body.accepts_marketing as boolean | undefined) ?? false, accepts_marketing_updated_at: 'accepts_marketing' in body ? at : null,
      total_spent: '0.00', total_spent_currency: this.currency, last_order_id: null, active: false, created_at: at, updated_at: at,
    };
    this.customers.set(id, customer);
    return customer;
  }

  updateCustomer(customer: TnCustomer, body: Json): TnCustomer {
    if (typeof body.email === 'string') { this.checkEmail(body.email, customer.id); customer.email = body.email; }
    const at = this.stamp();
    if (typeof body.name === 'string') customer.name = body.name;
    for (const key of ['phone', 'identification', 'note'] as const) if (key in body) customer[key] = (body[key] as string | null) ?? null;
    for (const [k, v] of Object.entries(body)) if (k.startsWith('billing_')) customer.billing[k] = (v as string | null) ?? null;
    if ('extra' in body) customer.extra = (body.extra as Json | null) ?? {};
    if ('addresses' in body) customer.addresses = this.makeAddresses(body.addresses as Json[] | undefined, at);
    if ('accepts_marketing' in body && body.accepts_marketing !== customer.accepts_marketing) {
      customer.accepts_marketing = body.accepts_marketing as boolean;
      customer.accepts_marketing_updated_at = at;
    }
    customer.updated_at = at;
    return customer;
  }

  renderCustomer(c: TnCustomer): Json {
    const { billing, ...rest } = c;
    const billingFields = ['billing_name', 'billing_phone', 'billing_address', 'billing_number', 'billing_floor', 'billing_locality', 'billing_zipcode', 'billing_city', 'billing_province', 'billing_country'];
    return { ...rest, ...Object.fromEntries(billingFields.map((k) => [k, billing[k] ?? null])), default_address: c.addresses.find((a) => a.default) ?? c.addresses[0] ?? null };
  }

  // ---- orders ----

  private findVariant(variantId: number): { product: TnProduct; variant: TnVariant } | null {
    for (const product of this.products.values()) {
      const variant = product.variants.find((v) => v.id === variantId);
      if (variant) return { product, variant };
    }
    return null;
  }

  /** POST /orders: the line items from the store's variants (name and SKU as they are now), totals computed or given. */
  createOrder(body: Json): TiendanubeOrder {
    const lines = (body.products as Json[]).map((line, i) => {
      const found = this.findVariant(line.variant_id as number);
      if (!found) throw new UnprocessableEntity({ [`products[${i}].variant_id`]: ['does not exist'] });
      const { product, variant } = found;
      const values = variant.values.map((v) => v[this.mainLanguage] ?? Object.values(v)[0] ?? '').filter(Boolean);
      const title = product.name[this.mainLanguage] ?? Object.values(product.name)[0] ?? '';
      if (body.inventory_behaviour === 'claim' && variant.stock_management) {
        if ((variant.stock ?? 0) < (line.quantity as number)) throw new UnprocessableEntity({ [`products[${i}].quantity`]: ['is more than the stock'] });
        variant.stock = (variant.stock ?? 0) - (line.quantity as number);
      }
      return {
        id: this.id(), product_id: product.id, variant_id: variant.id, name: values.length ? `${title} (${values.join(', ')})` : title,
        price: money(line.price ?? variant.price ?? '0') as string, quantity: line.quantity as number, sku: variant.sku,
        weight: variant.weight, width: variant.width, height: variant.height, depth: variant.depth, free_shipping: product.free_shipping, variant_values: values,
      };
    });
    const subtotal = lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0);
    const shippingCost = Number(body.shipping_cost_customer ?? 0);
    const total = body.total !== undefined ? Number(body.total) : subtotal + shippingCost;
    const customerBody = body.customer as Json;
    const account = [...this.customers.values()].find((c) => c.email.toLowerCase() === String(customerBody.email).toLowerCase());
    const address = (a: Json | undefined) => (a ? { ...a, name: `${String(a.first_name)} ${String(a.last_name)}`.trim() } : null);
    const billing = (body.billing_address as Json | undefined) ?? {};
    const status = (body.status as string | undefined) ?? 'open';
    const shippingStatus = body.fulfillment_status === 'fulfilled' ? 'fulfilled' : 'unpacked';
    const at = this.stamp();
    const order = this.orders.seed({
      status, payment_status: (body.payment_status as string | undefined) ?? 'paid', shipping_status: shippingStatus,
      currency: (body.currency as string | undefined) ?? this.currency, language: (body.language as string | undefined) ?? this.mainLanguage,
      gateway: body.gateway, storefront: 'api', note: (body.note as string | null | undefined) ?? null,
      contact_name: customerBody.name, contact_email: customerBody.email, contact_phone: (customerBody.phone as string | null | undefined) ?? null,
      customer: account ? this.renderCustomer(account) : { id: null, name: customerBody.name, email: customerBody.email, phone: customerBody.phone ?? null },
      products: lines, subtotal: subtotal.toFixed(2), discount: Math.max(0, subtotal + shippingCost - total).toFixed(2), total: total.toFixed(2),
      shipping: body.shipping, shipping_option: body.shipping_option, shipping_pickup_type: body.shipping_pickup_type,
      shipping_cost_customer: shippingCost.toFixed(2), shipping_cost_owner: money(body.shipping_cost_owner),
      shipping_address: address(body.shipping_address as Json | undefined),
      billing_name: `${String(billing.first_name ?? '')} ${String(billing.last_name ?? '')}`.trim() || null, billing_address: billing.address ?? null,
      billing_number: billing.number ?? null, billing_floor: billing.floor ?? null, billing_locality: billing.locality ?? null,
      billing_zipcode: billing.zipcode ?? null, billing_city: billing.city ?? null, billing_province: billing.province ?? null,
      billing_country: billing.country ?? null, billing_phone: billing.phone ?? null,
      shipping_tracking_number: (body.shipping_tracking_number as string | null | undefined) ?? null,
      shipped_at: shippingStatus === 'fulfilled' ? at : null, cancelled_at: status === 'cancelled' ? at : null, closed_at: status === 'closed' ? at : null,
      next_action: status === 'open' ? 'waiting_packing' : 'noop', app_id: 1,
    });
    if (account) { account.last_order_id = order.id; account.total_spent = (Number(account.total_spent) + total).toFixed(2); }
    return order;
  }
}
