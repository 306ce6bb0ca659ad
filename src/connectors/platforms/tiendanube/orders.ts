import type { OrderSnapshot } from '../../../domain/purchase/events';
import { shopperTimeZone } from '../../../domain/purchase/time-zones';
import { PlatformError } from '../errors';

type Json = Record<string, unknown>;

/**
 * The fields of Tiendanube's Order resource the alerts read (tiendanube.github.io/api-documentation/resources/order).
 * Asking for only these (`fields=`) keeps the answer small and the customer's other data out of the worker.
 */
export const ORDER_FIELDS = [
  'id', 'number', 'status', 'payment_status', 'shipping_status', 'contact_name', 'contact_email', 'contact_phone',
  'customer', 'shipping_address', 'billing_phone', 'shipping', 'shipping_option', 'shipping_pickup_type',
  'shipping_tracking_number', 'shipping_tracking_url',
] as const;

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

function object(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * "A convenir" (es) / "a combinar" (pt) is the option where shop and shopper arrange the delivery themselves:
 * no carrier, no tracking code, so no dispatch alert (the "to be agreed").
 */
const TO_BE_AGREED = /\b(a convenir|a combinar|to be agreed)\b/i;

/**
 * The carrier's name. `shipping` is the method's code: a carrier's slug ("correo-argentino", "andreani") for
 * the integrated carriers, shown as words ("Correo Argentino", which also finds its tracking page), or a
 * store-made method ("table", "api_123", "draft"), for which the option's nice name is the best there is.
 */
function carrierName(method: string | null, option: string | null): string | null {
  if (method && /^[a-z]+(?:[-_][a-z]+)*$/i.test(method) && !/^(table|api|custom|draft|not-provided|no-informado|nao-informado)\b/i.test(method)) {
    return method.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(' ');
  }
  return option;
}

/** One Tiendanube order as the alerts see it. */
export function toOrderSnapshot(order: Json): OrderSnapshot {
  const id = str(order.id);
  if (!id) throw new PlatformError('Tiendanube order without an id', false);
  const customer = object(order.customer);
  const shippingAddress = object(order.shipping_address);
  const option = str(order.shipping_option);
  const method = str(order.shipping);
  const delivery = str(order.shipping_pickup_type) === 'pickup'
    ? 'pickup'
    : TO_BE_AGREED.test(`${option ?? ''} ${method ?? ''}`) ? 'to_be_agreed' : 'carrier';
  return {
    number: str(order.number) ?? id,
    shopperName: str(order.contact_name) ?? str(customer.name) ?? str(shippingAddress.name),
    email: str(order.contact_email) ?? str(customer.email),
    phone: str(order.contact_phone) ?? str(customer.phone) ?? str(shippingAddress.phone) ?? str(order.billing_phone),
    // Tiendanube's shipping address gives the country's code and the province's name.
    timeZone: shopperTimeZone({ country: str(shippingAddress.country), region: str(shippingAddress.province) }),
    delivery,
    carrier: delivery === 'carrier' ? carrierName(method, option) : null,
    trackingCode: str(order.shipping_tracking_number),
    trackingUrl: str(order.shipping_tracking_url),
    cancelled: str(order.status) === 'cancelled',
  };
}
