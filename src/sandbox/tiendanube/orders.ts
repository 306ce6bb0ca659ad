import { randomBytes } from 'node:crypto';

/** An order as Tiendanube's API returns it: snake_case JSON, no root element. */
export type TiendanubeOrder = Record<string, unknown> & { id: number; number: number };

/**
 * The store's orders. Seeded orders get the fields the documentation's example shows, so a seed names only
 * what a test cares about; `update` is what the merchant's admin (pack, fulfill, cancel) would change.
 */
export class OrderBook {
  private readonly orders = new Map<number, TiendanubeOrder>();
  private nextId = 450_789_469;
  private nextNumber = 100;

  constructor(now: () => Date, private readonly stamp: () => string = () => now().toISOString()) {}

  seed(fields: Record<string, unknown> = {}): TiendanubeOrder {
    const at = this.stamp();
    const id = typeof fields.id === 'number' ? fields.id : this.nextId++;
    const number = typeof fields.number === 'number' ? fields.number : this.nextNumber++;
    const order: TiendanubeOrder = {
      id, number, token: randomBytes(20).toString('hex'), status: 'open', payment_status: 'pending', shipping_status: 'unpacked',
      next_action: 'waiting_manual_confirmation', currency: 'ARS', language: 'es', gateway: 'offline', storefront: 'store',
      contact_name: null, contact_email: null, contact_phone: null, customer: null, note: null, owner_note: null,
      products: [], subtotal: '0.00', discount: '0.00', total: '0.00', shipping: 'table', shipping_option: 'Envío a domicilio',
      shipping_option_code: 'table_1', shipping_pickup_type: 'ship', shipping_store_branch_name: null, shipping_address: null,
      shipping_tracking_number: null, shipping_tracking_url: null, shipping_min_days: 2, shipping_max_days: 5,
      billing_phone: null, cancel_reason: null, shipped_at: null, created_at: at, updated_at: at,
      ...fields,
    } as TiendanubeOrder;
    this.orders.set(id, order);
    return order;
  }

  update(id: number, fields: Record<string, unknown>): TiendanubeOrder {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id} in the simulated store`);
    Object.assign(order, fields, { id, updated_at: this.stamp() });
    return order;
  }

  get(id: number): TiendanubeOrder | undefined {
    return this.orders.get(id);
  }

  all(): TiendanubeOrder[] {
    return [...this.orders.values()].sort((a, b) => a.id - b.id);
  }
}
