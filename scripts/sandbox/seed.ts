/**
 * What the sandbox's simulated accounts hold at start: a Klaviyo account on the day of a WooCommerce → Shopify
 * move, an Omnisend brand with a few contacts, and Tiendanube orders for the purchase alerts. Deterministic:
 * every start holds the same.
 */
import type { KlaviyoSimulator } from '../../src/sandbox/klaviyo';
import type { OmnisendSimulator } from '../../src/sandbox/omnisend';
import type { TiendanubeSimulator } from '../../src/sandbox/tiendanube';

const METRICS = ['Placed Order', 'Started Checkout', 'Ordered Product', 'Viewed Product', 'Active on Site'];

/**
 * Both integrations' metrics (the new Shopify one already syncing, so the handoff finds it at once), flows on
 * the old metrics, a list-triggered welcome series and a segment on an old metric: what `espHandoff` twins.
 */
export function seedKlaviyoAccount(sim: KlaviyoSimulator): void {
  const a = sim.account;
  const woo = Object.fromEntries(METRICS.map((n) => [n, a.metric(n, 'woocommerce')]));
  const shop = Object.fromEntries(METRICS.map((n) => [n, a.metric(n, 'shopify')]));
  const [wooPlaced, wooCheckout, shopPlaced, shopCheckout, shopViewed] = [woo['Placed Order'], woo['Started Checkout'], shop['Placed Order'], shop['Started Checkout'], shop['Viewed Product']];
  if (!wooPlaced || !wooCheckout || !shopPlaced || !shopCheckout || !shopViewed) throw new Error('sandbox Klaviyo: metrics missing');
  a.track(wooPlaced, 'old-buyer@example.com', { OrderId: '1' }, '2025-06-01T10:00:00Z');
  a.track(shopPlaced, 'new-buyer@example.com', { OrderId: '1001' });
  a.track(shopCheckout, 'new-buyer@example.com', {});
  a.track(shopViewed, 'new-buyer@example.com', {});
  const cart = a.addTemplate('Abandoned cart email', '<p>You left {{ event.ItemNames|join:", " }} behind.</p><a href="{{ event.CheckoutURL }}">Finish checkout</a>');
  a.addFlow('Abandoned Cart', {
    triggers: [{ type: 'metric', id: wooCheckout.id }],
    actions: [
      { temporary_id: 'delay', type: 'time-delay', links: { next: 'email' }, data: { unit: 'hours', value: 4 } },
      { temporary_id: 'email', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Cart reminder', from_email: 'shop@shop.example', from_label: 'Shop', subject_line: 'Forgot something?', template_id: cart.id } } },
    ],
    entry_action_id: 'delay',
  }, 'live');
  a.addFlow('Welcome Series', {
    triggers: [{ type: 'list', id: 'LIST1' }],
    actions: [{ temporary_id: 'hello', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Hello', subject_line: 'Welcome' } } }],
    entry_action_id: 'hello',
  }, 'live');
  a.addSegment('Repeat buyers', { condition_groups: [{ conditions: [{ type: 'profile-metric', metric_id: wooPlaced.id, measurement: 'count', measurement_filter: { type: 'numeric', operator: 'greater-than-or-equal', value: 2 }, timeframe_filter: { type: 'date', operator: 'alltime' } }] }] });
}

/** The old brand's contacts, with email and SMS statuses and an engagement segment to tag. */
export function seedOmnisendBrand(sim: OmnisendSimulator): void {
  const at = '2025-05-01T09:00:00Z';
  sim.seed({ identifiers: [{ type: 'email', id: 'ana@example.com', channels: { email: { status: 'subscribed', statusDate: at } } }], firstName: 'Ana', lastName: 'García', tags: ['vip'], segments: ['engaged-7d'] });
  sim.seed({ identifiers: [{ type: 'email', id: 'jose@example.com', channels: { email: { status: 'unsubscribed', statusDate: at } } }], firstName: 'José', lastName: 'Núñez' });
  sim.seed({ identifiers: [{ type: 'phone', id: '+5491155550001', channels: { sms: { status: 'subscribed', statusDate: at } } }], firstName: 'Zoë' });
}

/** The shopper of the sandbox's Tiendanube orders: the alerts land in the inbox and the SMS log under these. */
export const SANDBOX_SHOPPER = { name: 'Ana García', email: 'ana@example.com', phone: '+5491155550000' };

/**
 * Orders 1001 to 1003 of the Tiendanube store (id = number, so the README's `order-tienda-sur-1001` is one of
 * them): a paid order shipped by Correo Argentino, an order waiting for payment and a store pickup.
 */
export function seedTiendanubeOrders(sim: TiendanubeSimulator): void {
  const shopper = {
    contact_name: SANDBOX_SHOPPER.name, contact_email: SANDBOX_SHOPPER.email, contact_phone: SANDBOX_SHOPPER.phone,
    customer: { id: 77, name: SANDBOX_SHOPPER.name, email: SANDBOX_SHOPPER.email, phone: SANDBOX_SHOPPER.phone },
    shipping_address: { name: SANDBOX_SHOPPER.name, address: 'Av. Corrientes', number: '1234', city: 'Buenos Aires', province: 'Capital Federal', zipcode: '1043', country: 'AR', phone: SANDBOX_SHOPPER.phone },
    products: [{ id: 1, name: 'Mate de calabaza', price: '8500.00', quantity: 1 }], subtotal: '8500.00', total: '9700.00',
  };
  sim.seedOrder({ ...shopper, id: 1001, number: 1001, payment_status: 'paid', shipping: 'correo-argentino', shipping_option: 'Correo Argentino - Envío a domicilio' });
  sim.seedOrder({ ...shopper, id: 1002, number: 1002, payment_status: 'pending', shipping: 'andreani', shipping_option: 'Andreani Estándar' });
  sim.seedOrder({ ...shopper, id: 1003, number: 1003, payment_status: 'paid', shipping: 'table', shipping_option: 'Retiro en el local', shipping_pickup_type: 'pickup' });
}

/**
 * What the merchant does in the admin before Tiendanube sends each webhook (the order then reads this way);
 * Tiendanube's shipping_status goes unpacked → unshipped (packed) → shipped.
 */
export const tiendanubeEvents: Record<string, (now: Date) => Record<string, unknown>> = {
  'order/paid': () => ({ payment_status: 'paid' }),
  'order/packed': () => ({ shipping_status: 'unshipped' }),
  'order/fulfilled': (now) => ({ shipping_status: 'shipped', shipping_tracking_number: 'CA123456789AR', shipped_at: now.toISOString() }),
  'order/cancelled': (now) => ({ status: 'cancelled', cancelled_at: now.toISOString() }),
};
