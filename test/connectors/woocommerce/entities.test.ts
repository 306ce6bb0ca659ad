import { comparableFields } from '../../../src/domain/migration/comparable';
import { categorySchema, orderSchema, productSchema } from '../../../src/domain/catalog/entities';
import { decodeEntities, encodeEntities } from '../../../src/connectors/platforms/woocommerce/entities';
import { context as shopifyContext, simulatorWithAdapter } from '../shopify/support';
import { type Harness, emptyReferences, readAll, startHarness, writeAll } from './harness';

/**
 * Names as WooCommerce stores and returns them (issue 11, item 12): a product's name through
 * wp_filter_post_kses, a term's through _wp_specialchars, so `&` reads back as `&amp;`; WooCommerce's own
 * documented order has a line item `Ship Your Idea &ndash; Color: Black, Size: M Test`. The reader decodes
 * once; the writer escapes so that what it wrote reads back as it was.
 */
describe('WooCommerce names and HTML entities', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness({ seed: { seed: 5, categories: 2, products: 2, customers: 1, orders: 1, documentedOrder: true } }); });
  afterAll(() => h.sim.close());

  const api = async (method: string, path: string, body?: unknown) => {
    const auth = `Basic ${Buffer.from(`${h.sim.consumerKey}:${h.sim.consumerSecret}`).toString('base64')}`;
    const res = await fetch(`${h.sim.url}/wp-json/wc/v3/${path}`, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json() as Promise<Record<string, unknown>>;
  };

  it('the simulator stores names as WordPress does: `&` becomes `&amp;`, entities and raw characters stay, disallowed tags go', async () => {
    expect((await api('POST', 'products', { name: 'Shoes & Sandals – <b>new</b> <script>x</script>' })).name).toBe('Shoes &amp; Sandals – <b>new</b> x');
    expect((await api('POST', 'products', { name: 'Ship Your Idea &ndash; Tee' })).name).toBe('Ship Your Idea &ndash; Tee');
    expect((await api('POST', 'products/categories', { name: 'Computer & Networking' })).name).toBe('Computer &amp; Networking');
    expect((await api('POST', 'products/categories', { name: 'Size <M>' })).name).toBe('Size');
    const order = (await api('GET', `orders?search=john.doe@example.com`)) as unknown as { line_items: { name: string }[] }[];
    expect(order[0]?.line_items.map((l) => l.name)).toEqual(['Woo Single #1', 'Ship Your Idea &ndash; Color: Black, Size: M Test']);
  });

  it('decodes once: `&ndash;` is `–`, `&amp;ndash;` is the text `&ndash;`; escaping is its inverse', () => {
    expect(decodeEntities('Ship Your Idea &ndash; Color: Black')).toBe('Ship Your Idea – Color: Black');
    expect(decodeEntities('Fish &amp;ndash; Chips &#8211; &#x2014; &hellip; &nbsp;&bogus;')).toBe('Fish &ndash; Chips – — … \u00a0&bogus;');
    for (const text of ['A & B', '&ndash; as text', '<b>bold</b>', 'Mate — «Ñandú» 🧉', '&amp;']) expect(decodeEntities(encodeEntities(text))).toBe(text);
  });

  it('the reader decodes line item names: the documented order reads `Ship Your Idea – Color: Black, Size: M Test`', async () => {
    const { items } = await readAll(h.adapter, 'orders');
    const documented = items.find((o) => o.email === 'john.doe@example.com');
    expect(documented?.lineItems.map((l) => l.name)).toEqual(['Woo Single #1', 'Ship Your Idea – Color: Black, Size: M Test']);
    const categories = await readAll(h.adapter, 'categories');
    // The seed's first category is stored "Mate &amp; Yerba", as WordPress would.
    expect(h.sim.state.list('categories').map((c) => c.name)).toContain('Mate &amp; Yerba');
    expect(categories.items.map((c) => c.name)).toContain('Mate & Yerba');
  });

  it('names written to WooCommerce read back as they were (the WooCommerce → Shopify → WooCommerce round trip is stable)', async () => {
    const references = emptyReferences();
    const names = ['Fish & Chips – <Large>', 'Literal &ndash; stays text', 'Tee <b>bold</b> & more'];
    const categories = names.map((name, i) => categorySchema.parse({ sourceId: `rc${i}`, name, handle: `round-trip-${i}` }));
    expect((await writeAll(h.adapter, 'categories', categories, references)).every((r) => r.ok)).toBe(true);
    const products = names.map((title, i) => productSchema.parse({ sourceId: `rp${i}`, title, handle: `round-trip-product-${i}`, variants: [{ sourceId: `rv${i}`, sku: `RT-${i}`, price: '5.00' }] }));
    expect((await writeAll(h.adapter, 'products', products, references)).every((r) => r.ok)).toBe(true);
    const order = orderSchema.parse({
      sourceId: 'ro1', number: 'RT-1', email: 'rt@example.com', currency: 'USD', subtotal: '5.00', total: '5.00', financialStatus: 'paid', fulfillmentStatus: 'unfulfilled', sourceStatus: 'processing', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
      lineItems: [{ productSourceId: 'rp0', variantSourceId: 'rv0', sku: 'RT-0', name: 'Fish & Chips – <Large> &ndash; kept', quantity: 1, price: '5.00' }],
    });
    expect((await writeAll(h.adapter, 'orders', [order], references)).every((r) => r.ok)).toBe(true);

    const readCategories = (await readAll(h.adapter, 'categories')).items;
    for (const c of categories) expect(comparableFields('categories', readCategories.find((r) => r.sourceId === references.categories[c.sourceId])!)).toEqual(comparableFields('categories', c));
    const readProducts = (await readAll(h.adapter, 'products')).items;
    for (const p of products) expect(readProducts.find((r) => r.sourceId === references.products[p.sourceId])?.title).toBe(p.title);
    const readOrder = (await readAll(h.adapter, 'orders')).items.find((o) => o.email === 'rt@example.com');
    expect(readOrder?.lineItems.map((l) => l.name)).toEqual(['Fish & Chips – <Large> &ndash; kept']);
  });

  it('the documented order arrives on Shopify with `–`, not the entity as text', async () => {
    const documented = (await readAll(h.adapter, 'orders')).items.find((o) => o.email === 'john.doe@example.com')!;
    const shopify = await simulatorWithAdapter();
    try {
      const [written] = await shopify.adapter.upsertBatch('orders', [{ entity: { ...documented, lineItems: documented.lineItems.map((l) => ({ ...l, productSourceId: null, variantSourceId: null })) }, targetId: null }], shopifyContext());
      expect(written?.ok).toBe(true);
      const back = written?.ok ? await shopify.adapter.get('orders', written.targetId) : null;
      expect(back?.lineItems.map((l) => l.name).sort()).toEqual(['Ship Your Idea – Color: Black, Size: M Test', 'Woo Single #1']);
    } finally {
      await shopify.sim.close();
    }
  });
});
