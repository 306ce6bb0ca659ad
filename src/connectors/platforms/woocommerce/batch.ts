import { isRetryableStatus } from '../errors';
import type { WooClient } from './client';
import { BATCH_LIMIT, chunks } from './routes';
import { type WooBatchItem, isBatchError } from './wire';

export type BatchOutcome<T> = { ok: true; record: T } | { ok: false; error: string; retryable: boolean; code: string; status: number | null };

export interface BatchRequest {
  create: Record<string, unknown>[];
  update: (Record<string, unknown> & { id: number })[];
  delete: number[];
}

function outcome<T>(item: WooBatchItem<T> | undefined): BatchOutcome<T> {
  if (item === undefined) return { ok: false, error: 'missing from the batch answer', retryable: true, code: 'missing', status: null };
  if (!isBatchError(item)) return { ok: true, record: item };
  const status = item.error.data?.status ?? null;
  return { ok: false, error: `${item.error.code}: ${item.error.message}`, retryable: status !== null && isRetryableStatus(status), code: item.error.code, status };
}

/**
 * POST <route>/batch in calls of at most 100 objects; one outcome per object, in the order given. A failure
 * of the whole call (network, 5xx, bad credentials) is thrown as a PlatformError.
 */
export async function runBatch<T>(client: WooClient, route: string, request: Partial<BatchRequest>): Promise<{ create: BatchOutcome<T>[]; update: BatchOutcome<T>[]; delete: BatchOutcome<T>[] }> {
  const tagged = [
    ...(request.create ?? []).map((body) => ({ kind: 'create' as const, body })),
    ...(request.update ?? []).map((body) => ({ kind: 'update' as const, body })),
    ...(request.delete ?? []).map((id) => ({ kind: 'delete' as const, body: id })),
  ];
  const result = { create: [] as BatchOutcome<T>[], update: [] as BatchOutcome<T>[], delete: [] as BatchOutcome<T>[] };
  for (const chunk of chunks(tagged, BATCH_LIMIT)) {
    const body: Record<string, unknown[]> = {};
    for (const item of chunk) (body[item.kind] ??= []).push(item.body);
    const { data } = await client.post<Partial<Record<'create' | 'update' | 'delete', WooBatchItem<T>[]>>>(`${route}/batch`, body);
    for (const kind of ['create', 'update', 'delete'] as const) {
      const sent = body[kind]?.length ?? 0;
      for (let i = 0; i < sent; i += 1) result[kind].push(outcome(data?.[kind]?.[i]));
    }
  }
  return result;
}
