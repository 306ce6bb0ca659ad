import { createHash } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
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

/**
 * The two statements every alert runs, written once as SQL rather than built per call (they are the hot
 * path: building and compiling them cost more than executing them). The claim: a new row `sending`, or a
 * row taken back from `pending` (or reopened by a newer replay), the SMS debit named in the same statement.
 */
const CLAIM_SQL = `insert into alert_sends (store, order_id, milestone, channel, recipient_key, recipient_masked, status, attempts, replay, debit_reference)
values ($1, $2, $3, $4, $5, $6, 'sending', 1, $7, case when $8::text is null then null else $8::text || '#1' end)
on conflict on constraint alert_sends_once do update set
  status = 'sending', attempts = alert_sends.attempts + 1, replay = greatest(alert_sends.replay, excluded.replay),
  debit_reference = case when $8::text is null then alert_sends.debit_reference
    else coalesce(alert_sends.debit_reference, $8::text || '#' || (alert_sends.attempts + 1)) end,
  error = null, updated_at = now()
where alert_sends.status = 'pending' or (alert_sends.status in ('failed', 'unknown') and alert_sends.replay < excluded.replay)
returning id, attempts, debit_reference`;

/** Sent, and its line in the communication log, in one statement. */
const SENT_AND_LOGGED_SQL = `with sent as (
  update alert_sends set status = 'sent', provider_id = $2, error = null, debit_reference = null, updated_at = now() where id = $1 returning id
)
insert into communication_log (store, order_id, milestone, channel, recipient_masked, status, provider_id, error)
values ($3, $4, $5, $6, $7, $8, $2, $9)`;

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
    const { rows: [claimed] } = await this.db.executeQuery<{ id: string | number; attempts: number; debit_reference: string | null }>(CompiledQuery.raw(
      CLAIM_SQL, [key.store, key.orderId, key.milestone, key.channel, rkey, options.recipientMasked, replay, prefix],
    ));
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
    if (!log) {
      await this.set(id, { status: 'sent', provider_id: providerId, error: null, debit_reference: null });
      return;
    }
    await this.db.executeQuery(CompiledQuery.raw(SENT_AND_LOGGED_SQL, [
      id, providerId, log.store, log.orderId, log.milestone, log.channel, log.recipientMasked, log.status, log.error,
    ]));
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
