import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { createWooCommerceAdapter } from '../../../src/connectors/platforms/woocommerce';
import { startWooCommerceSimulator, storedWebhooks, type WooCommerceSimulator } from '../../../src/sandbox/woocommerce';

/** What the official client throws on an HTTP error: the status and WooCommerce's error body. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  try {
    await call;
  } catch (err) {
    const response = (err as { response?: { status: number; data: { code: string; message: string } } }).response;
    if (response) return { status: response.status, code: response.data.code, message: response.data.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('WooCommerce webhooks (REST wc/v3 /webhooks): the simulator as the REST docs and WC_REST_Webhooks_Controller answer, and the adapter', () => {
  let woo: WooCommerceSimulator;
  let api: WooCommerceRestApi;
  beforeEach(async () => {
    woo = await startWooCommerceSimulator({});
    api = new WooCommerceRestApi({ url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, version: 'wc/v3' });
  });
  afterEach(() => woo.close());

  it('creates as documented (201, resource/event/hooks derived, newest first) and refuses what WooCommerce refuses', async () => {
    const created = await api.post('webhooks', { name: 'Order updated', topic: 'order.updated', delivery_url: 'http://requestb.in/1g0sxmo1' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ id: 1, name: 'Order updated', status: 'active', topic: 'order.updated', resource: 'order', event: 'updated', delivery_url: 'http://requestb.in/1g0sxmo1' });
    expect(created.data).not.toHaveProperty('secret');
    await api.post('webhooks', { topic: 'action.woocommerce_add_to_cart', delivery_url: 'https://hooks.example/cart' });
    const listed = await api.get('webhooks');
    expect(listed.data.map((w: { id: number }) => w.id)).toEqual([2, 1]);
    expect(listed.headers['x-wp-total']).toBe('2');

    expect(await refusal(api.post('webhooks', { topic: 'order.exploded', delivery_url: 'https://hooks.example/x' }))).toEqual({ status: 400, code: 'woocommerce_rest_shop_webhook_invalid_topic', message: 'Webhook topic is required and must be valid.' });
    expect(await refusal(api.post('webhooks', { topic: 'order.created', delivery_url: 'ftp://hooks.example/x' }))).toMatchObject({ status: 400, code: 'woocommerce_rest_shop_webhook_invalid_delivery_url' });
    expect(await refusal(api.post('webhooks', { topic: 'order.created' }))).toMatchObject({ status: 400, code: 'rest_missing_callback_param' });
    expect(await refusal(api.post('webhooks', { topic: 'order.created', delivery_url: 'https://hooks.example/x', status: 'on' }))).toMatchObject({ status: 400, code: 'rest_invalid_param' });
    expect(await refusal(api.get('webhooks', { status: 'sleeping' }))).toMatchObject({ status: 400, code: 'rest_invalid_param' });
    expect(await refusal(api.get('webhooks', { orderby: 'slug' }))).toMatchObject({ status: 400, code: 'rest_invalid_param' });
  });

  it('cannot trash a webhook: a DELETE without force=true is 501 (even for an unknown id); an unknown id with force is 404', async () => {
    await api.post('webhooks', { topic: 'order.updated', delivery_url: 'https://cutover.test/webhooks/woocommerce/old' });
    expect(await refusal(api.delete('webhooks/1'))).toEqual({ status: 501, code: 'woocommerce_rest_trash_not_supported', message: 'Webhooks do not support trashing.' });
    expect(await refusal(api.delete('webhooks/99'))).toMatchObject({ status: 501 });
    expect(storedWebhooks(woo.state)).toHaveLength(1);
    expect(await refusal(api.delete('webhooks/99', { force: true }))).toEqual({ status: 404, code: 'woocommerce_rest_shop_webhook_invalid_id', message: 'Invalid ID.' });
    expect((await api.delete('webhooks/1', { force: true })).data).toMatchObject({ id: 1, topic: 'order.updated' });
    expect(storedWebhooks(woo.state)).toHaveLength(0);
  });

  it('the adapter lists every page and deletes with force; an already deleted webhook is "not-found", not an error', async () => {
    for (let i = 0; i < 105; i += 1) await api.post('webhooks', { topic: 'product.updated', delivery_url: `https://hooks.example/${i}` });
    const adapter = createWooCommerceAdapter({ kind: 'woocommerce', url: woo.url, consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret }, { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret });
    const all = await adapter.listWebhooks();
    expect(all).toHaveLength(105);
    expect(all[0]).toEqual({ id: '1', topic: 'product.updated', address: 'https://hooks.example/0', status: 'active' });
    expect(await adapter.deleteWebhook('7')).toBe('deleted');
    expect(await adapter.deleteWebhook('7')).toBe('not-found');
    expect(await adapter.listWebhooks()).toHaveLength(104);
  });
});
