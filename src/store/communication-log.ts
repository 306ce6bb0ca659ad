import { sql } from 'kysely';
import type { Store } from './database';

export interface CommunicationRecord {
  store: string;
  orderId: string;
  milestone: string;
  channel: string;
  recipientMasked: string | null;
  status: string;
  providerId: string | null;
  error: string | null;
}

/** What a provider reported after accepting a message: Twilio's status callback. */
export interface DeliveryReport {
  providerId: string;
  connection: string;
  status: string;
  error: string | null;
}

/** A message's life in order (Twilio's statuses); unknown words rank with the first, so they never overwrite a final one. */
const deliveryRank: Record<string, number> = {
  accepted: 0, scheduled: 0, queued: 1, sending: 2, sent: 3, receiving: 3, received: 3,
  delivered: 4, undelivered: 4, failed: 4, canceled: 4, read: 5,
};

export function deliveryStatusRank(status: string): number {
  return deliveryRank[status] ?? 0;
}

/** Masks a recipient for the log: enough to recognise, not enough to contact. */
export function maskRecipient(recipient: string | null): string | null {
  if (!recipient) return null;
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient.slice(0, Math.min(2, at))}***${recipient.slice(at)}`;
  if (/^\+?\d[\d\s-]{5,}$/.test(recipient)) return `***${recipient.replace(/\D/g, '').slice(-4)}`;
  return `${recipient.slice(0, 24)}…`;
}

/** The provider's last word on a message's delivery; null until (unless) it reports. */
export interface DeliveryState {
  deliveryStatus: string | null;
  deliveryError: string | null;
  deliveryUpdatedAt: Date | null;
}

/** Every communication sent or attempted, kept 5 days (the seed's retention). */
export class CommunicationLog {
  constructor(private readonly db: Store) {}

  async record(entry: CommunicationRecord): Promise<void> {
    await this.db.insertInto('communication_log').values({
      store: entry.store, order_id: entry.orderId, milestone: entry.milestone, channel: entry.channel,
      recipient_masked: entry.recipientMasked, status: entry.status, provider_id: entry.providerId, error: entry.error,
    }).execute();
  }

  /** The record that makes a retry of the same alert a no-op. */
  async findSent(store: string, orderId: string, milestone: string, channel: string): Promise<CommunicationRecord | undefined> {
    const row = await this.db.selectFrom('communication_log').selectAll()
      .where('store', '=', store).where('order_id', '=', orderId).where('milestone', '=', milestone).where('channel', '=', channel).where('status', '=', 'sent')
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The log of the last days, newest first, each row with what its provider later reported about delivery. */
  async recent(store: string, sinceDays = 5, limit = 500): Promise<(CommunicationRecord & DeliveryState & { at: Date })[]> {
    const rows = await this.db.selectFrom('communication_log as l')
      .leftJoin('delivery_reports as d', 'd.provider_id', 'l.provider_id')
      .selectAll('l').select(['d.status as delivery_status', 'd.error as delivery_error', 'd.updated_at as delivery_updated_at'])
      .where('l.store', '=', store).where('l.created_at', '>=', sql<Date>`now() - make_interval(days => ${sinceDays})`)
      .orderBy('l.id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      ...toRecord(r), at: new Date(r.created_at),
      deliveryStatus: r.delivery_status, deliveryError: r.delivery_error, deliveryUpdatedAt: r.delivery_updated_at ? new Date(r.delivery_updated_at) : null,
    }));
  }

  /**
   * Records a provider's delivery report. Callbacks may arrive out of order (and before the send's own row is
   * written): a report replaces the stored one only when it is as far along in the message's life, so a late
   * "sent" never hides "delivered". True when it was stored.
   */
  async recordDelivery(report: DeliveryReport): Promise<boolean> {
    const rank = deliveryStatusRank(report.status);
    const result = await this.db.insertInto('delivery_reports')
      .values({ provider_id: report.providerId, connection: report.connection, status: report.status, status_rank: rank, error: report.error })
      .onConflict((oc) => oc.column('provider_id').doUpdateSet({ status: report.status, status_rank: rank, error: report.error, updated_at: sql<Date>`now()` })
        .where('delivery_reports.status_rank', '<=', rank))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** The retention: log rows and delivery reports older than `days` go; returns the log rows deleted. */
  async deleteOlderThan(days: number): Promise<number> {
    const cutoff = sql<Date>`now() - make_interval(days => ${days})`;
    const result = await this.db.deleteFrom('communication_log').where('created_at', '<', cutoff).executeTakeFirst();
    await this.db.deleteFrom('delivery_reports').where('updated_at', '<', cutoff).execute();
    return Number(result.numDeletedRows);
  }
}

function toRecord(r: { store: string; order_id: string; milestone: string; channel: string; recipient_masked: string | null; status: string; provider_id: string | null; error: string | null }): CommunicationRecord {
  return { store: r.store, orderId: r.order_id, milestone: r.milestone, channel: r.channel, recipientMasked: r.recipient_masked, status: r.status, providerId: r.provider_id, error: r.error };
}
