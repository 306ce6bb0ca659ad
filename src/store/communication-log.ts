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

/** Masks a recipient for the log: enough to recognise, not enough to contact. */
export function maskRecipient(recipient: string | null): string | null {
  if (!recipient) return null;
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient.slice(0, Math.min(2, at))}***${recipient.slice(at)}`;
  if (/^\+?\d[\d\s-]{5,}$/.test(recipient)) return `***${recipient.replace(/\D/g, '').slice(-4)}`;
  return `${recipient.slice(0, 24)}…`;
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

  async recent(store: string, sinceDays = 5, limit = 500): Promise<(CommunicationRecord & { at: Date })[]> {
    const rows = await this.db.selectFrom('communication_log').selectAll()
      .where('store', '=', store).where('created_at', '>=', sql<Date>`now() - make_interval(days => ${sinceDays})`)
      .orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...toRecord(r), at: new Date(r.created_at) }));
  }

  async deleteOlderThan(days: number): Promise<number> {
    const result = await this.db.deleteFrom('communication_log').where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRecord(r: { store: string; order_id: string; milestone: string; channel: string; recipient_masked: string | null; status: string; provider_id: string | null; error: string | null }): CommunicationRecord {
  return { store: r.store, orderId: r.order_id, milestone: r.milestone, channel: r.channel, recipientMasked: r.recipient_masked, status: r.status, providerId: r.provider_id, error: r.error };
}
