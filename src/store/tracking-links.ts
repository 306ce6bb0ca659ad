import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from './database';

export interface TrackingLink {
  carrier: string | null;
  trackingCode: string;
}

/** A tracking link's token: 128 random bits in base64url (22 characters), nothing derived from the order. */
export const TRACKING_TOKEN = /^[A-Za-z0-9_-]{22}$/;

export function newTrackingToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The carrier and tracking code each dispatch alert linked to, for the ingress's /t/<token> redirect. The token
 * is the only way in: nothing in a link names the store or the order, so links cannot be walked.
 */
export class TrackingLinkRepository {
  constructor(private readonly db: Store) {}

  /**
   * Saves the order's link and returns its token. The order keeps its first token: a retried or replayed
   * dispatch alert carries the same link as the one before it.
   */
  async save(store: string, orderId: string, link: TrackingLink): Promise<string> {
    const row = await this.db.insertInto('tracking_links')
      .values({ store, order_id: orderId, token: newTrackingToken(), carrier: link.carrier, tracking_code: link.trackingCode })
      .onConflict((oc) => oc.columns(['store', 'order_id']).doUpdateSet({ carrier: link.carrier, tracking_code: link.trackingCode }))
      .returning('token')
      .executeTakeFirstOrThrow();
    return row.token;
  }

  async find(token: string): Promise<(TrackingLink & { store: string }) | undefined> {
    if (!TRACKING_TOKEN.test(token)) return undefined;
    const row = await this.db.selectFrom('tracking_links').select(['store', 'carrier', 'tracking_code']).where('token', '=', token).executeTakeFirst();
    return row ? { store: row.store, carrier: row.carrier, trackingCode: row.tracking_code } : undefined;
  }

  /** The stores that have links, for the purge (each store has its own order lifetime). */
  async stores(): Promise<string[]> {
    const rows = await this.db.selectFrom('tracking_links').select('store').distinct().execute();
    return rows.map((r) => r.store);
  }

  /**
   * Deletes a store's links saved more than `days` ago. With the store's order lifetime (maxAgeDays) this is
   * after the order's workflow has ended: the workflow ends at the latest maxAgeDays after it started, and the
   * link is saved later, when the dispatch alert goes out.
   */
  async deleteOlderThan(store: string, days: number): Promise<number> {
    const result = await this.db.deleteFrom('tracking_links').where('store', '=', store)
      .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
