import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { percentile } from './report';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where one order's time went, read from its workflow history (server timestamps). */
export interface OrderTimings {
  events: number;
  workflowTasks: number;
  /** Each workflow task: scheduled → picked up by the worker, and picked up → completed (the worker's turn). */
  workflowTaskScheduleToStartMs: number[];
  workflowTaskRunMs: number[];
  /** By activity type: scheduled → started (waiting for a worker slot), started → completed. */
  activities: Record<string, { scheduleToStartMs: number[]; runMs: number[] }>;
  /** Local activities run, by type. */
  localActivities: Record<string, number>;
}

const at = (event: HistoryEvent | undefined): number => (event?.eventTime ? tsToMs(event.eventTime) : Number.NaN);

/**
 * A local activity's marker: its type. (Its times are not a duration: the marker's completion time and
 * original schedule time come from different clocks; the provider's time is measured in the worker instead.)
 */
function localActivityMarker(event: HistoryEvent): { type: string } | null {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return null;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return { type: 'local' };
  try {
    return { type: (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type ?? 'local' };
  } catch {
    return { type: 'local' };
  }
}

export function orderTimings(events: readonly HistoryEvent[]): OrderTimings {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) byId.set(Number(e.eventId), e);
  const timings: OrderTimings = { events: events.length, workflowTasks: 0, workflowTaskScheduleToStartMs: [], workflowTaskRunMs: [], activities: {}, localActivities: {} };
  for (const e of events) {
    if (e.workflowTaskStartedEventAttributes) {
      timings.workflowTasks += 1;
      timings.workflowTaskScheduleToStartMs.push(at(e) - at(byId.get(Number(e.workflowTaskStartedEventAttributes.scheduledEventId))));
    }
    if (e.workflowTaskCompletedEventAttributes) timings.workflowTaskRunMs.push(at(e) - at(byId.get(Number(e.workflowTaskCompletedEventAttributes.startedEventId))));
    if (e.activityTaskStartedEventAttributes) {
      const scheduled = byId.get(Number(e.activityTaskStartedEventAttributes.scheduledEventId));
      const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
      const entry = (timings.activities[type] ??= { scheduleToStartMs: [], runMs: [] });
      entry.scheduleToStartMs.push(at(e) - at(scheduled));
    }
    if (e.activityTaskCompletedEventAttributes) {
      const scheduled = byId.get(Number(e.activityTaskCompletedEventAttributes.scheduledEventId));
      const started = byId.get(Number(e.activityTaskCompletedEventAttributes.startedEventId));
      const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
      (timings.activities[type] ??= { scheduleToStartMs: [], runMs: [] }).runMs.push(at(e) - at(started));
    }
    const local = localActivityMarker(e);
    if (local) timings.localActivities[local.type] = (timings.localActivities[local.type] ?? 0) + 1;
  }
  return timings;
}

export interface Spread {
  p50: number;
  p99: number;
}

const spread = (values: number[]): Spread => ({ p50: percentile(values, 0.5), p99: percentile(values, 0.99) });

/** The sampled orders of one phase, summed up: percentiles over every task of every sampled order. */
export interface PhaseTimings {
  sampledOrders: number;
  eventsPerOrder: number;
  workflowTasksPerOrder: number;
  workflowTaskScheduleToStart: Spread;
  workflowTaskRun: Spread;
  activities: Record<string, { scheduleToStart: Spread; run: Spread; perOrder: number }>;
  localActivities: Record<string, { perOrder: number }>;
}

export function phaseTimings(orders: readonly OrderTimings[]): PhaseTimings {
  const n = Math.max(1, orders.length);
  const all = <T>(pick: (o: OrderTimings) => T[]): T[] => orders.flatMap(pick);
  const activityTypes = [...new Set(orders.flatMap((o) => Object.keys(o.activities)))].sort();
  const localTypes = [...new Set(orders.flatMap((o) => Object.keys(o.localActivities)))].sort();
  return {
    sampledOrders: orders.length,
    eventsPerOrder: orders.reduce((s, o) => s + o.events, 0) / n,
    workflowTasksPerOrder: orders.reduce((s, o) => s + o.workflowTasks, 0) / n,
    workflowTaskScheduleToStart: spread(all((o) => o.workflowTaskScheduleToStartMs)),
    workflowTaskRun: spread(all((o) => o.workflowTaskRunMs)),
    activities: Object.fromEntries(activityTypes.map((type) => {
      const runs = all((o) => o.activities[type]?.runMs ?? []);
      return [type, { scheduleToStart: spread(all((o) => o.activities[type]?.scheduleToStartMs ?? [])), run: spread(runs), perOrder: runs.length / n }];
    })),
    localActivities: Object.fromEntries(localTypes.map((type) => [type, { perOrder: orders.reduce((s, o) => s + (o.localActivities[type] ?? 0), 0) / n }])),
  };
}

/** Up to `limit` orders spread evenly over the phase (early, middle and late ones alike). */
export function sampleEvenly<T>(items: readonly T[], limit: number): T[] {
  if (items.length <= limit) return [...items];
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)] as T);
}

/** Fetches the histories of the given workflows, a few at a time, and reads each one's timings. */
export async function fetchOrderTimings(client: Client, workflowIds: readonly string[], concurrency = 8): Promise<OrderTimings[]> {
  const out: OrderTimings[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < workflowIds.length) {
      const id = workflowIds[next++] as string;
      try {
        // A server in trouble must not hold the bench: a history that does not come in 15 s is skipped.
        const history = await Promise.race([
          client.workflow.getHandle(id).fetchHistory(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('history fetch timed out')), 15_000).unref()),
        ]);
        out.push(orderTimings(history.events ?? []));
      } catch {
        // A workflow that never started (its webhook failed) has no history: the figures count the others.
      }
    }
  }));
  return out;
}
