import { ConnectionRegistry } from '../../src/config/secrets';
import type { EspServices } from '../../src/connectors/esp/types';
import type { EspAccount } from '../../src/domain/esp/handoff';
import type { EspHandoffContext } from '../../src/domain/esp/steps';
import type { KlaviyoSimulator } from '../../src/sandbox/klaviyo';
import { sampleStore } from '../support/canonical-fixtures';
import { MemoryPlatform } from '../support/memory-platform';

export const KLAVIYO_KEY = 'pk_test_handoff';

export const abandonedCartHtml = [
  '<p>You left {{ event.ItemNames|join:", " }} behind.</p>',
  '{% for item in event.Items %}<img src="{{ item.ImageURL }}"> {{ item.ProductName }} × {{ item.Quantity }} = {{ item.RowTotal }}{% endfor %}',
  '<a href="{{ event.CheckoutURL }}">Finish checkout</a>',
].join('\n');

/**
 * A WooCommerce store's Klaviyo account on the day of its move to Shopify: both integrations' metrics,
 * flows on the old metrics (one with an action the API cannot recreate), a list-triggered welcome series,
 * segments on old metrics, and new events arriving from Shopify.
 */
export function seedKlaviyo(sim: KlaviyoSimulator) {
  const a = sim.account;
  const woo = Object.fromEntries(['Placed Order', 'Started Checkout', 'Ordered Product', 'Viewed Product', 'Active on Site'].map((n) => [n, a.metric(n, 'woocommerce')]));
  const shop = Object.fromEntries(['Placed Order', 'Started Checkout', 'Ordered Product', 'Viewed Product', 'Active on Site'].map((n) => [n, a.metric(n, 'shopify')]));
  const wooPlaced = woo['Placed Order']!;
  const wooCheckout = woo['Started Checkout']!;
  const wooViewed = woo['Viewed Product']!;
  a.track(wooPlaced, 'old@example.com', { OrderId: '1' }, '2025-01-01T10:00:00Z');
  a.track(shop['Placed Order']!, 'new@example.com', { OrderId: '1001' });
  a.track(shop['Started Checkout']!, 'new@example.com', {});
  a.track(shop['Viewed Product']!, 'new@example.com', {});

  const cartTemplate = a.addTemplate('Abandoned cart email', abandonedCartHtml);
  const thanksTemplate = a.addTemplate('Thank you email', '<p>Order {{ event.OrderId }}: <a href="{{ event.OrderURL }}">status</a> {{ event.Custom.Thing }}</p>');
  const abandonedCart = a.addFlow('Abandoned Cart', {
    triggers: [{ type: 'metric', id: wooCheckout.id, trigger_filter: { condition_groups: [{ conditions: [{ type: 'metric-property', metric_id: wooCheckout.id, field: '$value', filter: { type: 'numeric', operator: 'greater-than', value: 10 } }] }] } }],
    profile_filter: { condition_groups: [{ conditions: [{ type: 'profile-metric', metric_id: wooPlaced.id, measurement: 'count', measurement_filter: { type: 'numeric', operator: 'equals', value: 0 }, timeframe_filter: { type: 'date', operator: 'flow-start' } }] }] },
    actions: [
      { temporary_id: 'delay', type: 'time-delay', links: { next: 'email' }, data: { unit: 'hours', value: 4 } },
      { temporary_id: 'email', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Cart reminder', from_email: 'shop@example.com', from_label: 'Shop', subject_line: 'Forgot something?', template_id: cartTemplate.id } } },
    ],
    entry_action_id: 'delay',
  }, 'live');
  const postPurchase = a.addFlow('Post-purchase', {
    triggers: [{ type: 'metric', id: wooPlaced.id }],
    profile_filter: { condition_groups: [{ conditions: [{ type: 'profile-metric', metric_id: wooViewed.id, measurement: 'count', measurement_filter: { type: 'numeric', operator: 'greater-than', value: 0 }, timeframe_filter: { type: 'date', operator: 'alltime' } }] }] },
    actions: [{ temporary_id: 'thanks', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Thanks', subject_line: 'Thank you', template_id: thanksTemplate.id } } }],
    entry_action_id: 'thanks',
  }, 'live');
  const scripted = a.addFlow('Scripted VIP', {
    triggers: [{ type: 'metric', id: wooPlaced.id }],
    actions: [{ temporary_id: 'code', type: 'code', links: { next: null }, data: {} }],
    entry_action_id: 'code',
  }, 'live');
  const welcome = a.addFlow('Welcome Series', {
    triggers: [{ type: 'list', id: 'LIST1' }],
    actions: [{ temporary_id: 'hello', type: 'send-email', links: { next: null }, data: { status: 'live', message: { name: 'Hello', subject_line: 'Welcome' } } }],
    entry_action_id: 'hello',
  }, 'live');
  const repeat = a.addSegment('Repeat buyers', { condition_groups: [{ conditions: [{ type: 'profile-metric', metric_id: wooPlaced.id, measurement: 'count', measurement_filter: { type: 'numeric', operator: 'greater-than-or-equal', value: 2 }, timeframe_filter: { type: 'date', operator: 'alltime' } }] }] });
  const vip = a.addSegment('VIPs', { condition_groups: [{ conditions: [{ type: 'profile-property', property: "properties['vip']", filter: { type: 'boolean', operator: 'equals', value: true } }] }] });
  return { woo, shop, flows: { abandonedCart, postPurchase, scripted, welcome }, segments: { repeat, vip }, templates: { cartTemplate, thanksTemplate } };
}

export function oldStore(): MemoryPlatform {
  const source = new MemoryPlatform('woocommerce');
  const data = sampleStore();
  for (const o of data.orders) source.data.orders.set(o.sourceId, o);
  // A guest order with no email: Klaviyo cannot attach it to a profile, so it is reported.
  const first = data.orders[0]!;
  source.data.orders.set('guest', { ...first, sourceId: 'guest', number: 'G-1', email: null });
  return source;
}

export function klaviyoAccount(options: Record<string, unknown> = {}): EspAccount {
  return { provider: 'klaviyo', connection: 'klaviyo-main', options: { welcomeSeriesFlows: ['Welcome Series'], ...options } };
}

export function context(phase: EspHandoffContext['phase'], answers: EspHandoffContext['answers'] = null): EspHandoffContext {
  return { replatformId: 'rp-1', phase, sourcePlatform: 'woocommerce', targetPlatform: 'shopify', sourceStore: 'old-shop', targetStore: 'new-shop', storeDomain: 'shop.example', startedAt: new Date().toISOString(), answers };
}

/** The re-platform's questionnaire answers as the lifecycle hands them to the ESP handoff. */
export const answers: NonNullable<EspHandoffContext['answers']> = {
  techContact: 'Ana Tech <ana@shop.example>, +54 11 5555 0000', sameDomain: true, launchDate: '2026-12-01',
  deactivationDate: '2026-12-15', activationDate: '2026-12-01', movingExistingData: true, businessConsiderations: 'none',
};

export function klaviyoConnections(sim: KlaviyoSimulator): ConnectionRegistry {
  return new ConnectionRegistry({ 'klaviyo-main': { kind: 'klaviyo', privateApiKey: KLAVIYO_KEY, endpoint: sim.url } });
}

export function services(connections: ConnectionRegistry, platforms: Record<string, MemoryPlatform>): EspServices {
  return {
    platform: (name) => { const p = platforms[name]; if (!p) throw new Error(`no platform ${name}`); return p; },
    resolve: (name, kind) => connections.resolve(name, kind),
    sendEmail: null,
    heartbeat: () => undefined,
  };
}

/**
 * A drag-and-drop (SYSTEM_DRAGGABLE) abandoned-cart email as GET /api/templates/{id} returns its
 * definition (additional-fields[template]=definition): the shape of the spec's TemplateDefinition, with
 * the read-only ids Klaviyo fills in, one of each of the eight style types, WooCommerce tags in a text
 * block and in a button link, an image, and a writable `body.properties.id`.
 */
export function dragAndDropCartDefinition(): Record<string, unknown> {
  const display = { show_on: 'all' };
  return {
    id: 'DEF1', template_id: 'TPL-DND',
    body: {
      id: 'BODY1', properties: { id: 'cart-email', css_class: 'cart' }, styles: { background_color: '#f7f7f7', width: 600 },
      sections: [{
        id: 'SEC1', data_id: 'SECD1', content_type: 'section', type: 'section',
        data: { properties: { is_prebuilt_content: false }, display_options: display, styles: { background_color: '#ffffff' } },
        rows: [{
          id: 'ROW1', data_id: 'ROWD1', data: { styles: { column_layout: '1-column-full-width' } },
          columns: [{
            id: 'COL1', data_id: 'COLD1', data: {},
            blocks: [
              { id: 'B1', data_id: 'BD1', content_type: 'block', type: 'text', data: { content: '<p>You left {{ event.ItemNames|join:", " }} behind.</p>', display_options: display, styles: { color: '#222222' } } },
              { id: 'B2', data_id: 'BD2', universal_id: 'U1', content_type: 'block', type: 'image', data: { properties: { dynamic: false, src: 'https://cdn.example/cart.png', alt_text: 'Cart', cropping_properties: { x: 0 } }, display_options: display, styles: { align: 'center' } } },
              { id: 'B3', data_id: 'BD3', content_type: 'block', type: 'button', data: { content: 'Finish checkout', properties: { href: '{{ event.CheckoutURL }}' }, display_options: display, styles: { background_color: '#000000', color: '#ffffff' } } },
            ],
          }],
        }],
      }],
    },
    styles: [
      { id: 'S1', style_type: 'base-styles', properties: { currency: 'USD' }, styles: { border_radius: 0 } },
      { id: 'S2', style_type: 'text-styles', styles: { color: '#222222', font_size: 14 } },
      { id: 'S3', style_type: 'heading-1-styles', styles: { font_size: 28 } },
      { id: 'S4', style_type: 'heading-2-styles', styles: { font_size: 22 } },
      { id: 'S5', style_type: 'heading-3-styles', styles: { font_size: 18 } },
      { id: 'S6', style_type: 'heading-4-styles', styles: { font_size: 16 } },
      { id: 'S7', style_type: 'link-styles', styles: { color: '#0055aa' } },
      { id: 'S8', style_type: 'mobile-styles', properties: { mobile_padding_override: false }, styles: { mobile_margin: 0 } },
    ],
  };
}
