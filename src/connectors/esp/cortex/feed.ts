import type { EntityOf, EntityType } from '../../../domain/catalog/entities';
import type { PlatformReader } from '../../platforms/types';
import type { EspRejectedRecord, EspStepRun } from '../types';
import { EspError } from '../errors';
import { categoryRows, feedHeaders, type FeedType, guestUsers, itemRows, orderRows, type Rendered, type Row, userRows } from './rows';
import { exists, uploadFile, withSftp } from './sftp';
import { feedFileName, tsv } from './tsv';

const PAGE = 100;

async function readAll<T extends EntityType>(reader: PlatformReader, type: T, since: string | null, heartbeat: (d: unknown) => void): Promise<{ items: EntityOf[T][]; rejected: EspRejectedRecord[] }> {
  const items: EntityOf[T][] = [];
  const rejected: EspRejectedRecord[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<PlatformReader['listPage']>> = since ? await reader.listChangedSince(type, since, cursor, PAGE) : await reader.listPage(type, cursor, PAGE);
    items.push(...(page.items as EntityOf[T][]));
    rejected.push(...page.rejected.map((r) => ({ id: `${r.entityType} ${r.sourceId}`, reason: r.reason })));
    cursor = page.nextCursor;
    heartbeat({ type, read: items.length });
  } while (cursor);
  return { items, rejected };
}

export interface FeedOutcome { files: Record<FeedType, number>; rejected: EspRejectedRecord[] }

/**
 * Writes one day's feed to the Cortex instance: categories and items always in full, users, orders and
 * order_items changed since `since` (null: the whole history, the first feed of a new instance).
 */
export async function writeFeed(run: EspStepRun, instance: string, day: string, since: string | null): Promise<FeedOutcome> {
  const reader = run.services.platform(run.context.targetStore);
  const storeUrl = `https://${run.context.storeDomain ?? 'shop.example'}`;
  const hb = run.services.heartbeat;
  const categories = await readAll(reader, 'categories', null, hb);
  const products = await readAll(reader, 'products', null, hb);
  const customers = await readAll(reader, 'customers', since, hb);
  const orders = await readAll(reader, 'orders', since, hb);
  const ordered = orderRows(orders.items);
  const users = userRows(customers.items, orders.items, day);
  const rendered: Record<FeedType, Rendered> = {
    categories: categoryRows(categories.items),
    items: itemRows(products.items, storeUrl),
    users: { rows: [...users.rows, ...guestUsers(ordered.guests.rows, users.rows)], rejected: users.rejected },
    orders: ordered.orders,
    order_items: ordered.items,
  };
  const { connection, secrets } = run.services.resolve(instance, 'cortex');
  await withSftp(connection, secrets, async (sftp) => {
    if (!(await exists(sftp, '/uploads'))) throw new EspError(`Cortex instance "${instance}" has no /uploads folder`, false);
    for (const type of Object.keys(feedHeaders) as FeedType[]) {
      await uploadFile(sftp, feedFileName(type, day), tsv(feedHeaders[type], rendered[type].rows as Row[]));
      hb({ uploaded: type });
    }
  });
  return {
    files: Object.fromEntries((Object.keys(rendered) as FeedType[]).map((t) => [t, rendered[t].rows.length])) as Record<FeedType, number>,
    rejected: [...categories.rejected, ...products.rejected, ...customers.rejected, ...orders.rejected, ...Object.values(rendered).flatMap((r) => r.rejected)],
  };
}
