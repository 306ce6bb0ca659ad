import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { CommunicationRecord } from './communication-log';
import type { Store } from './database';
import type { AlertSendsTable } from './schema';

/** One alert to one recipient: an email address, a phone number, or one browser's push subscription endpoint. */
export interface AlertSendKey {
  store: string;
  orderId: string;
  milestone: string;
  channel: string;
  recipient: string;
}

export type AlertSendStatus = AlertSendsTable['status'];

/**
 * What a claim found. `go`: this caller owns the send and calls the provider now. Anything else: the send is
 * settled (`sent`, `failed`) or needs a person (`unknown`), and the provider must not be called.
 * `owedDebit` is an SMS debit whose refund did not go through last time: settle it before anything else.
 */
export type AlertClaim =
  | { kind: 'go'; id: string; attempt: number; debitReference: string | null; owedDebit: string | null }
  | { kind: 'sent'; id: string; providerId: string | null; owedDebit: null }
  | { kind: 'failed' | 'unknown' | 'pending'; id: string; error: string | null; owedDebit: string | null };

export interface AlertSendRow {
  id: string;
  store: string;
  orderId: string;
  milestone: string;
  channel: string;
  recipientMasked: string | null;
  status: AlertSendStatus;
  attempts: number;
  replay: number;
  providerId: string | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * How long a send record is kept: longer than any order's workflow lives (maxAgeDays is at most 365), so no
 * replay or retry of a live order can ever find its record gone.
 */
export const ALERT_SEND_RETENTION_DAYS = 400;

/** An interrupted attempt's words for the person who has to decide. */
export const INTERRUPTED = 'an earlier attempt was cut off while the provider had the message: it may have been delivered';

export function recipientKey(recipient: string): string {
  return createHash('sha256').update(recipient.trim().toLowerCase()).digest('hex');
}

function toRow(r: {
  id: string | number | bigint; store: string; order_id: string; milestone: string; channel: string; recipient_masked: string | null; status: AlertSendStatus;
  attempts: number; replay: number; provider_id: string | null; error: string | null; created_at: Date | string; updated_at: Date | string;
}): AlertSendRow {
  return {
    id: String(r.id), store: r.store, orderId: r.order_id, milestone: r.milestone, channel: r.channel, recipientMasked: r.recipient_masked, status: r.status,
    attempts: Number(r.attempts), replay: Number(r.replay), providerId: r.provider_id, error: r.error, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

/**
 * The exactly-once record of every alert: a row per (store, order, milestone, channel, recipient), claimed
 * before the provider is called. A unique key, not a lookup, decides who sends: two attempts (a retry
 * racing a cut-off one, two replays) can never both own the call.
 */
export class AlertSendRepository {
  constructor(private readonly db: Store) {}

  /**
   * Claims the send. A new key, or a row left `pending` (the provider refused it for now), is taken to
   * `sending` and is this caller's to send. `replay` > 0 is a person's replay number: it reopens a `failed`
   * or `unknown` row once (a retried replay activity carries the same number and reopens nothing).
   * `debitPrefix` names the SMS debit of this attempt (`<prefix>#<attempt>`), written in the same statement.
   */
  async claim(key: AlertSendKey, options: { recipientMasked: string | null; replay?: number; debitPrefix?: string }): Promise<AlertClaim> {
    const replay = options.replay ?? 0;
    const rkey = recipientKey(key.recipient);
    const prefix = options.debitPrefix ?? null;
    const claimed = await this.db.insertInto('alert_sends')
      .values({
        store: key.store, order_id: key.orderId, milestone: key.milestone, channel: key.channel, recipient_key: rkey,
        recipient_masked: options.recipientMasked, status: 'sending', attempts: 1, replay, debit_reference: prefix === null ? null : `${prefix}#1`,
      })
      .onConflict((oc) => oc.constraint('alert_sends_once')
        .doUpdateSet((eb) => ({
          status: 'sending',
          attempts: sql<number>`alert_sends.attempts + 1`,
          replay: sql<number>`greatest(alert_sends.replay, ${eb.ref('excluded.replay')})`,
          // A refund still owed stays named until it is settled; otherwise this attempt's debit.
          debit_reference: prefix === null ? eb.ref('alert_sends.debit_reference') : sql<string>`coalesce(alert_sends.debit_reference, ${prefix} || '#' || (alert_sends.attempts + 1))`,
          error: null,
          updated_at: sql<Date>`now()`,
        }))
        .where((eb) => eb.or([
          eb('alert_sends.status', '=', 'pending'),
          eb.and([eb('alert_sends.status', 'in', ['failed', 'unknown']), eb('alert_sends.replay', '<', eb.ref('excluded.replay'))]),
        ])))
      .returning(['id', 'attempts', 'debit_reference'])
      .executeTakeFirst();
    if (claimed) {
      const attempt = Number(claimed.attempts);
      const thisDebit = prefix === null ? null : `${prefix}#${attempt}`;
      const reference = claimed.debit_reference;
      return { kind: 'go', id: String(claimed.id), attempt, debitReference: thisDebit, owedDebit: reference && reference !== thisDebit ? reference : null };
    }
    const found = await this.db.selectFrom('alert_sends').select(['id', 'status', 'provider_id', 'error', 'debit_reference'])
      .where('store', '=', key.store).where('order_id', '=', key.orderId).where('milestone', '=', key.milestone).where('channel', '=', key.channel).where('recipient_key', '=', rkey)
      .executeTakeFirstOrThrow();
    const id = String(found.id);
    if (found.status === 'sent') return { kind: 'sent', id, providerId: found.provider_id, owedDebit: null };
    if (found.status === 'sending') {
      // Another attempt holds it and was cut off (a timed-out or crashed attempt; Temporal retries only after
      // one ends): the provider may have the message. Never sent again by itself: a person decides.
      await this.db.updateTable('alert_sends').set({ status: 'unknown', error: INTERRUPTED, debit_reference: null, updated_at: sql<Date>`now()` })
        .where('id', '=', found.id).where('status', '=', 'sending').execute();
      return { kind: 'unknown', id, error: INTERRUPTED, owedDebit: null };
    }
    return { kind: found.status, id, error: found.error, owedDebit: found.debit_reference };
  }

  /**
   * The provider took it. Its debit, if any, is spent. `log`, the communication log's line for it, is written
   * by the same statement: one round trip, and the two never disagree.
   */
  async markSent(id: string, providerId: string | null, log?: CommunicationRecord): Promise<void> {
    const update = (db: Store) => db.updateTable('alert_sends')
      .set({ status: 'sent', provider_id: providerId, error: null, debit_reference: null, updated_at: sql<Date>`now()` }).where('id', '=', id);
    if (!log) {
      await update(this.db).execute();
      return;
    }
    await this.db.with('sent', (db) => update(db as unknown as Store).returning('id'))
      .insertInto('communication_log')
      .values({
        store: log.store, order_id: log.orderId, milestone: log.milestone, channel: log.channel,
        recipient_masked: log.recipientMasked, status: log.status, provider_id: log.providerId, error: log.error,
      })
      .execute();
  }

  /** The provider refused it for good (invalid number, gone subscription). `owedDebit` stays named while its refund is owed. */
  async markFailed(id: string, error: string, owedDebit: string | null = null): Promise<void> {
    await this.set(id, { status: 'failed', error, debit_reference: owedDebit });
  }

  /** Not sent, and safe to try again (throttled, down, refused before it left, no credits). */
  async release(id: string, error: string, owedDebit: string | null = null): Promise<void> {
    await this.set(id, { status: 'pending', error, debit_reference: owedDebit });
  }

  /** The request left and no answer came: the provider may have delivered it. Only a person replays it. */
  async markUnknown(id: string, error: string): Promise<void> {
    await this.set(id, { status: 'unknown', error, debit_reference: null });
  }

  /** A refund owed by an earlier attempt went through: the row names this attempt's debit (or none) instead. */
  async settleDebit(id: string, next: string | null): Promise<void> {
    await this.db.updateTable('alert_sends').set({ debit_reference: next }).where('id', '=', id).execute();
  }

  /** Every send of an order (the status a person reads before replaying). */
  async forOrder(store: string, orderId: string): Promise<AlertSendRow[]> {
    const rows = await this.db.selectFrom('alert_sends').selectAll().where('store', '=', store).where('order_id', '=', orderId).orderBy('id').execute();
    return rows.map(toRow);
  }

  /** Sends whose outcome is unknown, newest first: what a person has to check and perhaps replay. */
  async unknown(store: string, limit = 200): Promise<AlertSendRow[]> {
    const rows = await this.db.selectFrom('alert_sends').selectAll().where('store', '=', store).where('status', '=', 'unknown')
      .orderBy('updated_at', 'desc').limit(limit).execute();
    return rows.map(toRow);
  }

  async deleteOlderThan(days: number): Promise<number> {
    const result = await this.db.deleteFrom('alert_sends').where('updated_at', '<', sql<Date>`now() - make_interval(days => ${days})`).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async set(id: string, values: { status: AlertSendStatus; error: string | null; debit_reference: string | null; provider_id?: string | null }): Promise<void> {
    await this.db.updateTable('alert_sends').set({ ...values, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }
}
