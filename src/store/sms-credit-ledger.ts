import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Store } from './database';
import type { Database } from './schema';

export interface CreditBalance {
  store: string;
  monthlyAllowance: number;
  period: string;
  allowanceLeft: number;
  topupBalance: number;
  total: number;
  /** The period in which the merchant was told credits ran out, if they were. */
  exhaustedNoticePeriod: string | null;
}

/** The SMS credit tiers: a monthly allowance that restarts each month. */
export const smsTiers = { free: 0, starter: 500, growth: 2000, scale: 10000 } as const;
export type SmsTier = keyof typeof smsTiers;

export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** One movement of credits, as the ledger keeps it. */
export interface CreditEntry {
  reference: string;
  kind: 'debit' | 'refund' | 'topup';
  allowanceCredits: number;
  topupCredits: number;
  lapsedCredits: number;
  period: string;
  refundOf: string | null;
  at: Date;
}

/** What a refund did: credits back to the bucket each came from, or why nothing moved. */
export type RefundResult =
  | { status: 'refunded'; allowanceCredits: number; topupCredits: number; lapsedCredits: number }
  | { status: 'already-refunded' }
  /** No debit with that reference: nothing was taken, so nothing goes back. */
  | { status: 'no-debit' };

/**
 * Per-merchant SMS credits: the month's allowance first, then top-ups (which never expire). Every movement
 * (debit, refund, top-up) is an entry with a reference unique per store, written in the same transaction as
 * the balance, which it locks: concurrent sends never take it below zero, a reference is never counted twice,
 * and a refund gives back exactly what its debit took, to the bucket it came from.
 */
export class SmsCreditLedger {
  constructor(private readonly db: Store, private readonly now: () => Date = () => new Date()) {}

  async setTier(store: string, tier: SmsTier): Promise<void> {
    await this.ensure(store);
    await this.db.updateTable('sms_credits').set({ monthly_allowance: smsTiers[tier] }).where('store', '=', store).execute();
  }

  /** Adds top-up credits; a reference already used (a retried request) adds nothing. */
  async topUp(store: string, credits: number, reference = `topup:${randomUUID()}`): Promise<CreditBalance> {
    if (!Number.isInteger(credits) || credits <= 0) throw new Error(`a top-up is a positive whole number of credits, got ${credits}`);
    await this.ensure(store);
    const period = periodOf(this.now());
    await this.db.transaction().execute(async (trx) => {
      await lockBalance(trx, store);
      if (await findEntry(trx, store, reference)) return;
      await trx.updateTable('sms_credits').set((eb) => ({ topup_balance: eb('topup_balance', '+', credits) })).where('store', '=', store).execute();
      await trx.insertInto('sms_credit_entries').values({ store, reference, kind: 'topup', topup_credits: credits, period }).execute();
    });
    return this.balance(store);
  }

  /**
   * Takes `segments` credits if the balance allows, the month's allowance first; false (and nothing taken)
   * otherwise. The same reference twice takes them once.
   */
  async debit(store: string, segments: number, reference = `debit:${randomUUID()}`): Promise<boolean> {
    if (!Number.isInteger(segments) || segments <= 0) throw new Error(`a debit is a positive whole number of credits, got ${segments}`);
    await this.ensure(store);
    const period = periodOf(this.now());
    return this.db.transaction().execute(async (trx) => {
      const row = await lockBalance(trx, store);
      const existing = await findEntry(trx, store, reference);
      if (existing) {
        if (existing.kind !== 'debit') throw new Error(`credit reference ${reference} of ${store} is a ${existing.kind}, not a debit`);
        return true;
      }
      const used = row.period === period ? row.used_this_period : 0;
      const allowanceLeft = Math.max(0, row.monthly_allowance - used);
      if (allowanceLeft + row.topup_balance < segments) return false;
      const fromAllowance = Math.min(segments, allowanceLeft);
      const fromTopup = segments - fromAllowance;
      await trx.updateTable('sms_credits').set({ used_this_period: used + fromAllowance, topup_balance: row.topup_balance - fromTopup, period }).where('store', '=', store).execute();
      await trx.insertInto('sms_credit_entries').values({ store, reference, kind: 'debit', allowance_credits: fromAllowance, topup_credits: fromTopup, period }).execute();
      return true;
    });
  }

  /**
   * Gives back what the debit `debitReference` took, each credit to the bucket it came from: top-up credits to
   * the top-up balance, allowance credits to this month's allowance. Allowance credits of a month that has
   * ended lapse with it (recorded, not returned). A debit is refunded once, however often this is called.
   */
  async refund(store: string, debitReference: string): Promise<RefundResult> {
    const period = periodOf(this.now());
    return this.db.transaction().execute(async (trx): Promise<RefundResult> => {
      const row = await trx.selectFrom('sms_credits').selectAll().where('store', '=', store).forUpdate().executeTakeFirst();
      const debit = row ? await findEntry(trx, store, debitReference) : undefined;
      if (!row || !debit || debit.kind !== 'debit') return { status: 'no-debit' };
      const reference = `refund:${debitReference}`;
      if (await findEntry(trx, store, reference)) return { status: 'already-refunded' };
      const samePeriod = debit.period === period && row.period === period;
      const allowanceCredits = samePeriod ? Math.min(debit.allowance_credits, row.used_this_period) : 0;
      const lapsedCredits = debit.allowance_credits - allowanceCredits;
      const topupCredits = debit.topup_credits;
      await trx.updateTable('sms_credits')
        .set({ used_this_period: row.used_this_period - allowanceCredits, topup_balance: row.topup_balance + topupCredits })
        .where('store', '=', store).execute();
      await trx.insertInto('sms_credit_entries').values({
        store, reference, kind: 'refund', allowance_credits: allowanceCredits, topup_credits: topupCredits, lapsed_credits: lapsedCredits,
        period: debit.period, refund_of: debitReference,
      }).execute();
      return { status: 'refunded', allowanceCredits, topupCredits, lapsedCredits };
    });
  }

  /** The store's credit movements, newest first. */
  async entries(store: string, limit = 200): Promise<CreditEntry[]> {
    const rows = await this.db.selectFrom('sms_credit_entries').selectAll().where('store', '=', store).orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      reference: r.reference, kind: r.kind, allowanceCredits: r.allowance_credits, topupCredits: r.topup_credits, lapsedCredits: r.lapsed_credits,
      period: r.period, refundOf: r.refund_of, at: new Date(r.created_at),
    }));
  }

  /** True the first time in a period that credits are found exhausted: the merchant is told once. */
  async markExhaustedNotice(store: string): Promise<boolean> {
    const period = periodOf(this.now());
    const result = await this.db.updateTable('sms_credits').set({ exhausted_notified_period: period })
      .where('store', '=', store)
      .where((eb) => eb.or([eb('exhausted_notified_period', 'is', null), eb('exhausted_notified_period', '!=', period)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async balance(store: string): Promise<CreditBalance> {
    await this.ensure(store);
    const row = await this.db.selectFrom('sms_credits').selectAll().where('store', '=', store).executeTakeFirstOrThrow();
    const period = periodOf(this.now());
    const used = row.period === period ? row.used_this_period : 0;
    const allowanceLeft = Math.max(0, row.monthly_allowance - used);
    return {
      store, monthlyAllowance: row.monthly_allowance, period, allowanceLeft, topupBalance: row.topup_balance, total: allowanceLeft + row.topup_balance,
      exhaustedNoticePeriod: row.exhausted_notified_period,
    };
  }

  private async ensure(store: string): Promise<void> {
    await this.db.insertInto('sms_credits').values({ store, period: periodOf(this.now()) }).onConflict((oc) => oc.column('store').doNothing()).execute();
  }
}

/** The store's balance row, locked until the transaction ends: movements of one store happen one at a time. */
async function lockBalance(trx: Transaction<Database>, store: string) {
  return trx.selectFrom('sms_credits').selectAll().where('store', '=', store).forUpdate().executeTakeFirstOrThrow();
}

async function findEntry(trx: Transaction<Database>, store: string, reference: string) {
  return trx.selectFrom('sms_credit_entries').selectAll().where('store', '=', store).where('reference', '=', reference).executeTakeFirst();
}
