import type { RejectedRecord } from '../../connectors/platforms/types';
import { type EntityOf, type EntityType, entitySchemas } from '../../domain/catalog/entities';
import { describeIssues } from '../../domain/validation';

/** Re-validates what an adapter read: a record the canonical model refuses is rejected, not written. */
export function validated<T extends EntityType>(type: T, items: readonly EntityOf[T][]): { valid: EntityOf[T][]; rejected: RejectedRecord[] } {
  const valid: EntityOf[T][] = [];
  const rejected: RejectedRecord[] = [];
  for (const item of items) {
    const parsed = entitySchemas[type].safeParse(item);
    if (parsed.success) valid.push(parsed.data as EntityOf[T]);
    else rejected.push({ entityType: type, sourceId: String((item as { sourceId?: unknown }).sourceId ?? '?'), reason: describeIssues(parsed.error).join('; ') });
  }
  return { valid, rejected };
}
