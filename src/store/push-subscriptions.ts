import type { Store } from './database';

export interface PushSubscriptionRecord {
  endpoint: string;
  store: string;
  /** The shopper's email, or the order id when the browser subscribed from a receipt page. */
  shopperKey: string;
  keys: { p256dh: string; auth: string };
}

/** Browsers that agreed to hear about their orders, per store and shopper. */
export class PushSubscriptionRepository {
  constructor(private readonly db: Store) {}

  /** The endpoint is the browser's: subscribing again (new keys, another shopper key) replaces the row. */
  async save(subscription: PushSubscriptionRecord): Promise<void> {
    const values = { endpoint: subscription.endpoint, store: subscription.store, shopper_key: subscription.shopperKey, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
    await this.db.insertInto('push_subscriptions').values(values)
      .onConflict((oc) => oc.column('endpoint').doUpdateSet({ store: values.store, shopper_key: values.shopper_key, p256dh: values.p256dh, auth: values.auth }))
      .execute();
  }

  async forShopper(store: string, shopperKeys: string[]): Promise<PushSubscriptionRecord[]> {
    const keys = shopperKeys.filter(Boolean);
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('push_subscriptions').selectAll().where('store', '=', store).where('shopper_key', 'in', keys).execute();
    return rows.map((r) => ({ endpoint: r.endpoint, store: r.store, shopperKey: r.shopper_key, keys: { p256dh: r.p256dh, auth: r.auth } }));
  }

  /** The push service said 404 or 410: the subscription is gone for good. */
  async delete(endpoint: string): Promise<void> {
    await this.db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
  }

  async count(store: string): Promise<number> {
    const row = await this.db.selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<string>().as('n')).where('store', '=', store).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
