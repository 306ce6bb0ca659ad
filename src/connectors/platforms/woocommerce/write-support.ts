import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import { PlatformError } from '../errors';
import type { FailedWrite, WriteItem, WriteResult } from '../types';
import { runBatch } from './batch';
import type { WooClient } from './client';
import type { Found } from './find-existing';
import { MappingError } from './money';

export interface PreparedItem<T extends EntityType> {
  item: WriteItem<T>;
  body: Record<string, unknown> | null;
  /** Set when the entity cannot be written at all (mapping): reported without a call. */
  failure: WriteResult | null;
}

export function failure(sourceId: string, err: unknown): FailedWrite {
  if (err instanceof MappingError) return { sourceId, ok: false, error: err.message, retryable: false };
  if (err instanceof PlatformError) return { sourceId, ok: false, error: err.message, retryable: err.retryable };
  throw err;
}

export function prepare<T extends EntityType>(items: WriteItem<T>[], bodyOf: (entity: EntityOf[T], item: WriteItem<T>) => Record<string, unknown>): PreparedItem<T>[] {
  return items.map((item) => {
    try {
      return { item, body: bodyOf(item.entity, item), failure: null };
    } catch (err) {
      return { item, body: null, failure: failure(item.entity.sourceId, err) };
    }
  });
}

/**
 * Creates what has no target id and updates what has one, through `<route>/batch`. A create refused because
 * the entity already exists (a duplicate email, SKU or term) is looked up by its natural key and updated:
 * a write is idempotent even when the id map missed an earlier success.
 */
export async function upsertThroughBatch<T extends EntityType>(
  client: WooClient,
  route: string,
  prepared: PreparedItem<T>[],
  conflictCodes: readonly string[],
  lookUp: (entity: EntityOf[T]) => Promise<Found>,
  updateBody: (entity: EntityOf[T], body: Record<string, unknown>) => Record<string, unknown> = (_, body) => body,
): Promise<WriteResult[]> {
  const results: (WriteResult | null)[] = prepared.map((p) => p.failure);
  const creates = prepared.map((p, i) => ({ p, i })).filter(({ p }) => p.body && !p.item.targetId);
  const updates = prepared.map((p, i) => ({ p, i })).filter(({ p }) => p.body && p.item.targetId);
  const first = await runBatch<{ id: number }>(client, route, {
    create: creates.map(({ p }) => p.body as Record<string, unknown>),
    update: updates.map(({ p }) => ({ ...updateBody(p.item.entity, p.body as Record<string, unknown>), id: Number(p.item.targetId) })),
  });
  const retries: { i: number; id: number; body: Record<string, unknown> }[] = [];
  for (const [n, { p, i }] of creates.entries()) {
    const outcome = first.create[n];
    const sourceId = p.item.entity.sourceId;
    if (outcome?.ok) results[i] = { sourceId, ok: true, targetId: String(outcome.record.id), created: true };
    else if (outcome && conflictCodes.includes(outcome.code)) {
      const found = await lookUp(p.item.entity).catch((err: unknown) => {
        results[i] = failure(sourceId, err);
        return null;
      });
      if (found) retries.push({ i, id: Number(found.targetId), body: updateBody(p.item.entity, p.body as Record<string, unknown>) });
      else results[i] ??= { sourceId, ok: false, error: outcome.error, retryable: outcome.retryable };
    } else results[i] = { sourceId, ok: false, error: outcome?.error ?? 'no answer', retryable: outcome?.retryable ?? true };
  }
  for (const [n, { p, i }] of updates.entries()) {
    const outcome = first.update[n];
    const sourceId = p.item.entity.sourceId;
    results[i] = outcome?.ok ? { sourceId, ok: true, targetId: String(outcome.record.id), created: false } : { sourceId, ok: false, error: outcome?.error ?? 'no answer', retryable: outcome?.retryable ?? true };
  }
  if (retries.length) {
    const second = await runBatch<{ id: number }>(client, route, { update: retries.map((r) => ({ ...r.body, id: r.id })) });
    for (const [n, retry] of retries.entries()) {
      const outcome = second.update[n];
      const sourceId = (prepared[retry.i] as PreparedItem<T>).item.entity.sourceId;
      results[retry.i] = outcome?.ok ? { sourceId, ok: true, targetId: String(outcome.record.id), created: false } : { sourceId, ok: false, error: outcome?.error ?? 'no answer', retryable: outcome?.retryable ?? true };
    }
  }
  return results.map((r, i) => r ?? { sourceId: (prepared[i] as PreparedItem<T>).item.entity.sourceId, ok: false, error: 'not written', retryable: true });
}
