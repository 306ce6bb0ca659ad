import type { Store } from './database';

export interface TrackingLink {
  carrier: string | null;
  trackingCode: string;
}

/** The carrier and tracking code each dispatch alert linked to, for the ingress's /t/<store>/<order> redirect. */
export class TrackingLinkRepository {
  constructor(private readonly db: Store) {}

  async save(store: string, orderId: string, link: TrackingLink): Promise<void> {
    await this.db.insertInto('tracking_links').values({ store, order_id: orderId, carrier: link.carrier, tracking_code: link.trackingCode })
      .onConflict((oc) => oc.columns(['store', 'order_id']).doUpdateSet({ carrier: link.carrier, tracking_code: link.trackingCode }))
      .execute();
  }

  async find(store: string, orderId: string): Promise<TrackingLink | undefined> {
    const row = await this.db.selectFrom('tracking_links').select(['carrier', 'tracking_code']).where('store', '=', store).where('order_id', '=', orderId).executeTakeFirst();
    return row ? { carrier: row.carrier, trackingCode: row.tracking_code } : undefined;
  }
}
