import { sql } from 'kysely';
import { type PurchaseSettings, purchaseSettingsSchema } from '../domain/purchase/settings';
import { type Parsed, parseWith } from '../domain/validation';
import type { Store } from './database';

/** Each merchant's purchase-experience settings; a store never configured gets the seed's defaults. */
export class MerchantSettingsRepository {
  constructor(private readonly db: Store) {}

  async get(store: string): Promise<PurchaseSettings> {
    const row = await this.db.selectFrom('merchant_settings').select('settings').where('store', '=', store).executeTakeFirst();
    return purchaseSettingsSchema.parse(row?.settings ?? {});
  }

  /** Validates and saves; on a problem nothing is saved and each problem names its field path. */
  async put(store: string, input: unknown): Promise<Parsed<PurchaseSettings>> {
    const parsed = parseWith(purchaseSettingsSchema, input);
    if (!parsed.ok) return parsed;
    await this.db.insertInto('merchant_settings')
      .values({ store, settings: JSON.stringify(parsed.value) })
      .onConflict((oc) => oc.column('store').doUpdateSet((eb) => ({ settings: eb.ref('excluded.settings'), updated_at: sql<Date>`now()` })))
      .execute();
    return parsed;
  }
}
