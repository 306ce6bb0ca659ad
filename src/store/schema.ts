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
  status: 'migrated' | 'failed' | 'skipped';
  error: string | null;
  /** True when Cutover created the target entity (remigration deletes only these). */
  created_by_cutover: boolean;
  attempts: Generated<number>;
  updated_at: Timestamp;
}

export interface Database {
  id_map: IdMapTable;
}
