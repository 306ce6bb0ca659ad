import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** One row per entity Cutover has carried (or tried to carry) from a source store to a target store. */
export interface IdMapTable {
  migration_id: string;
  entity_type: string;
  source_id: string;
  target_id: string | null;
  /** Hash of the mapped fields as last written: a re-run that finds the same hash writes nothing. */
  content_hash: string | null;
  /** Field values as last synchronised: the base of the three-way merge in smart update. */
  synced_fields: Json<Record<string, unknown>>;
  /**
   * `writing`: marked before the first write to the target, so an entity with no row at all was never sent
   * there by this migration; a `writing` row that outlives its attempt (a crash) means "maybe written".
   */
  status: 'migrated' | 'failed' | 'skipped' | 'writing';
  error: string | null;
  /** True when Cutover created the target entity (remigration deletes only these). */
  created_by_cutover: boolean;
  attempts: Generated<number>;
  updated_at: Timestamp;
}

export interface MigrationReportTable {
  migration_id: string;
  report: Json<unknown>;
  ok: boolean;
  created_at: Timestamp;
}

export interface MerchantSettingsTable {
  store: string;
  settings: Json<unknown>;
  updated_at: Timestamp;
}

export interface CommunicationLogTable {
  id: Generated<string>;
  store: string;
  order_id: string;
  milestone: string;
  channel: string;
  /** Never the whole address or number: "fl***@example.com", "***0123". */
  recipient_masked: string | null;
  status: string;
  provider_id: string | null;
  error: string | null;
  created_at: Timestamp;
}

/**
 * What the provider later reported about a message it accepted (Twilio's status callbacks), by its provider id.
 * Kept beside the communication log rather than in it: a callback can arrive before the send activity has
 * written its row, and the log's `status` stays what Cutover did (the idempotency of a send rests on it).
 */
export interface DeliveryReportsTable {
  provider_id: string;
  /** The channel connection that reported it. */
  connection: string;
  /** The provider's word: queued, sent, delivered, undelivered, failed, read... */
  status: string;
  /** Order of the status in a message's life: a late callback never takes the report backwards. */
  status_rank: number;
  /** The provider's error code and its meaning, for undelivered and failed messages. */
  error: string | null;
  updated_at: Timestamp;
}

export interface SmsCreditsTable {
  store: string;
  monthly_allowance: Generated<number>;
  /** "YYYY-MM": the allowance restarts each month; top-ups never expire. */
  period: string;
  used_this_period: Generated<number>;
  topup_balance: Generated<number>;
  /** The period in which the merchant was told credits ran out: told once, not once per order. */
  exhausted_notified_period: string | null;
}

/**
 * One movement of a store's SMS credits: a debit (an SMS about to go out), the refund of a debit (the provider
 * refused that SMS), or a top-up. Each says how many credits came from (or went back to) the month's
 * allowance and the top-up balance; the reference is unique per store, so no movement is ever counted twice.
 */
export interface SmsCreditEntriesTable {
  id: Generated<string>;
  store: string;
  reference: string;
  kind: 'debit' | 'refund' | 'topup';
  allowance_credits: Generated<number>;
  topup_credits: Generated<number>;
  /** A refund of allowance credits of a month that has ended: that allowance is gone, nothing goes back. */
  lapsed_credits: Generated<number>;
  /** The allowance period ("YYYY-MM") the allowance credits belong to. */
  period: string;
  /** A refund's debit. */
  refund_of: string | null;
  created_at: Timestamp;
}

export interface PushSubscriptionsTable {
  endpoint: string;
  store: string;
  /** Whom the browser belongs to: the shopper's email, or the order id when subscribing from a receipt page. */
  shopper_key: string;
  p256dh: string;
  auth: string;
  created_at: Timestamp;
}

/** The carrier and code of each dispatched order, written when its alert is sent: the tracking redirect reads it. */
export interface TrackingLinksTable {
  store: string;
  order_id: string;
  /** The link's only key from outside: 128 random bits in base64url, /t/<token>. */
  token: string;
  carrier: string | null;
  tracking_code: string;
  created_at: Timestamp;
}

/** Smart update's three-way base: each chosen field's value at the last sync, as the source and the target showed it. */
export interface ReplatformSyncBaseTable {
  migration_id: string;
  entity_type: string;
  source_id: string;
  base: Json<{ source: Record<string, unknown>; target: Record<string, unknown> }>;
  updated_at: Timestamp;
}

/** A migrated entity whose smart update failed: the next run tries it again. */
export interface ReplatformPendingUpdatesTable {
  migration_id: string;
  entity_type: string;
  source_id: string;
  error: string;
  updated_at: Timestamp;
}

/** One row per smart-update run: its summary (counts, conflicts, failures) stays queryable. */
export interface ReplatformSmartUpdatesTable {
  id: Generated<string>;
  replatform_id: string;
  started_at: Timestamp;
  summary: Json<unknown>;
}

/** A merchant console token: its id, its store, and a SHA-256 of its secret (the token is shown once, at creation). */
export interface ConsoleTokensTable {
  id: string;
  store: string;
  secret_sha256: string;
  created_at: Timestamp;
}

/**
 * One alert to one recipient (an email address, a phone, a browser's push subscription), claimed before the
 * provider is called: `sending` while the call is out, then `sent`, `failed` (the provider refused it for
 * good), `pending` (refused for now: safe to try again) or `unknown` (the request left and no answer came:
 * it may have been delivered; only a person replays it). Kept for the life of the order's workflow.
 */
export interface AlertSendsTable {
  id: Generated<string>;
  store: string;
  order_id: string;
  milestone: string;
  channel: string;
  /** SHA-256 of the recipient: the unique key, without the address itself. */
  recipient_key: string;
  recipient_masked: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';
  /** Provider calls made for this row. */
  attempts: Generated<number>;
  /** The last replay (by a person) that reopened the row: a retried replay activity never reopens it twice. */
  replay: Generated<number>;
  provider_id: string | null;
  error: string | null;
  /** An SMS's credit debit (ledger reference) not yet settled: refunded if the provider refused the message. */
  debit_reference: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database {
  id_map: IdMapTable;
  migration_reports: MigrationReportTable;
  merchant_settings: MerchantSettingsTable;
  communication_log: CommunicationLogTable;
  delivery_reports: DeliveryReportsTable;
  sms_credits: SmsCreditsTable;
  push_subscriptions: PushSubscriptionsTable;
  tracking_links: TrackingLinksTable;
  replatform_sync_base: ReplatformSyncBaseTable;
  replatform_smart_updates: ReplatformSmartUpdatesTable;
  replatform_pending_updates: ReplatformPendingUpdatesTable;
  console_tokens: ConsoleTokensTable;
  alert_sends: AlertSendsTable;
  sms_credit_entries: SmsCreditEntriesTable;
}
