import { sql } from 'kysely';
import type { VerificationReport } from '../domain/migration/progress';
import type { Store } from './database';

/** The latest verification report of each migration, kept for `cutover migrate report`. */
export class MigrationReportRepository {
  constructor(private readonly db: Store) {}

  async save(report: VerificationReport): Promise<void> {
    await this.db.insertInto('migration_reports')
      .values({ migration_id: report.migrationId, report: JSON.stringify(report), ok: report.ok })
      .onConflict((oc) => oc.column('migration_id').doUpdateSet((eb) => ({ report: eb.ref('excluded.report'), ok: eb.ref('excluded.ok'), created_at: sql<Date>`now()` })))
      .execute();
  }

  async find(migrationId: string): Promise<VerificationReport | undefined> {
    const row = await this.db.selectFrom('migration_reports').select('report').where('migration_id', '=', migrationId).executeTakeFirst();
    return row ? (row.report as VerificationReport) : undefined;
  }
}
