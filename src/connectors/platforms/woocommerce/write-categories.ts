import type { Category } from '../../../domain/catalog/entities';
import type { WriteContext, WriteItem, WriteResult } from '../types';
import { toWooCategory } from './categories';
import type { WooClient } from './client';
import { findExisting } from './find-existing';
import { type PreparedItem, upsertThroughBatch } from './write-support';

/**
 * Categories are written in waves so a parent in the same batch is written before its children; a child
 * whose parent is nowhere yet fails retryably (the parent may still be on its way).
 */
export async function writeCategories(client: WooClient, items: WriteItem<'categories'>[], context: WriteContext): Promise<WriteResult[]> {
  const results = new Map<number, WriteResult>();
  const written = new Map<string, string>(Object.entries(context.references.categories));
  const inBatch = new Set(items.map((i) => i.entity.sourceId));
  let pending = items.map((item, index) => ({ item, index }));
  while (pending.length) {
    const ready = pending.filter(({ item }) => !item.entity.parentSourceId || written.has(item.entity.parentSourceId));
    const waiting = pending.filter((p) => !ready.includes(p));
    if (ready.length === 0) {
      for (const { item, index } of waiting) {
        const parent = item.entity.parentSourceId as string;
        const why = inBatch.has(parent) ? 'could not be written' : 'is not written yet';
        results.set(index, { sourceId: item.entity.sourceId, ok: false, error: `parent category ${parent} ${why}`, retryable: true });
      }
      break;
    }
    const prepared: PreparedItem<'categories'>[] = ready.map(({ item }) => ({
      item, failure: null,
      body: toWooCategory(item.entity, item.entity.parentSourceId ? Number(written.get(item.entity.parentSourceId)) : 0),
    }));
    const outcomes = await upsertThroughBatch(client, 'products/categories', prepared, ['term_exists', 'duplicate_term_slug'], (c: Category) => findExisting(client, 'categories', c));
    for (const [n, { item, index }] of ready.entries()) {
      const outcome = outcomes[n] as WriteResult;
      results.set(index, outcome);
      if (outcome.ok) written.set(item.entity.sourceId, outcome.targetId);
    }
    // A parent that failed leaves its children waiting; the next wave reports them.
    pending = waiting.filter(({ item }) => !ready.some((r) => r.item.entity.sourceId === item.entity.parentSourceId && !results.get(r.index)?.ok));
    for (const { item, index } of waiting.filter((w) => !pending.includes(w))) {
      results.set(index, { sourceId: item.entity.sourceId, ok: false, error: `parent category ${item.entity.parentSourceId} could not be written`, retryable: true });
    }
  }
  return items.map((item, index) => results.get(index) ?? { sourceId: item.entity.sourceId, ok: false, error: 'not written', retryable: true });
}
