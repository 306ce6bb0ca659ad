import { sql } from 'kysely';
import type { Store } from './database';

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

/**
 * Per-merchant SMS credits: the month's allowance first, then top-ups (which never expire). A debit is one
 * conditional UPDATE, so concurrent sends can never take the balance below zero.
 */
export class SmsCreditLedger {
  constructor(private readonly db: Store, private readonly now: () => Date = () => new Date()) {}

  async setTier(store: string, tier: SmsTier): Promise<void> {
    await this.ensure(store);
    await this.db.updateTable('sms_credits').set({ monthly_allowance: smsTiers[tier] }).where('store', '=', store).execute();
  }

  async topUp(store: string, credits: number): Promise<CreditBalance> {
    if (!Number.isInteger(credits) || credits <= 0) throw new Error(`a top-up is a positive whole number of credits, got ${credits}`);
    await this.ensure(store);
    await this.db.updateTable('sms_credits').set((eb) => ({ topup_balance: eb('topup_balance', '+', credits) })).where('store', '=', store).execute();
    return this.balance(store);
  }

  /** Takes `segments` credits if the balance allows; false (and nothing taken) otherwise. */
  async debit(store: string, segments: number): Promise<boolean> {
    await this.ensure(store);
    const period = periodOf(this.now());
    const used = sql<number>`(case when period = ${period} then used_this_period else 0 end)`;
    const allowanceLeft = sql<number>`greatest(0, monthly_allowance - ${used})`;
    const fromAllowance = sql<number>`least(${segments}::int, ${allowanceLeft})`;
    const result = await this.db.updateTable('sms_credits')
      .set({
        used_this_period: sql<number>`${used} + ${fromAllowance}`,
        topup_balance: sql<number>`topup_balance - (${segments}::int - ${fromAllowance})`,
        period,
      })
      .where('store', '=', store)
      .where(sql<boolean>`${allowanceLeft} + topup_balance >= ${segments}::int`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
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
