import { klaviyoErrors } from './errors';
import { KlaviyoAccount, type SimEvent, type SimFlow, type SimMetric, type SimSegment, type SimTemplate } from './state';

/** JSON:API resource objects as Klaviyo's responses shape them. */
export function metricResource(base: string, m: SimMetric): unknown {
  return {
    type: 'metric', id: m.id,
    attributes: { name: m.name, created: m.created, updated: m.created, integration: { object: 'integration', id: `I-${m.integration.key}`, ...m.integration } },
    links: { self: `${base}/api/metrics/${m.id}/` },
  };
}

export function eventResource(base: string, e: SimEvent): unknown {
  return {
    type: 'event', id: e.id,
    attributes: { timestamp: Math.floor(Date.parse(e.datetime) / 1000), datetime: e.datetime, uuid: e.id, event_properties: { ...e.properties, $event_id: e.uniqueId, ...(e.value === null ? {} : { $value: e.value }) } },
    relationships: { metric: { data: { type: 'metric', id: e.metricId } }, profile: { data: { type: 'profile', id: e.profileId } } },
    links: { self: `${base}/api/events/${e.id}/` },
  };
}

export function flowResource(base: string, f: SimFlow, withDefinition: boolean): unknown {
  const trigger = KlaviyoAccount.triggerMetricId(f) ? 'Metric' : ((f.definition.triggers as { type?: string }[] | undefined)?.[0]?.type === 'list' ? 'Added to List' : 'Unconfigured');
  return {
    type: 'flow', id: f.id,
    attributes: { name: f.name, status: f.status, archived: f.archived, created: f.created, updated: f.updated, trigger_type: trigger, ...(withDefinition ? { definition: f.definition } : {}) },
    links: { self: `${base}/api/flows/${f.id}/` },
  };
}

/**
 * `definition` only when asked for with `additional-fields[template]=definition`, and then only for
 * SYSTEM_DRAGGABLE templates ("Omitted for CODE/USER_DRAGGABLE"). The spec's description says so for list
 * responses; the simulator asks the same of GET by id (the stricter reading).
 */
export function templateResource(base: string, t: SimTemplate, withDefinition: boolean): unknown {
  return {
    type: 'template', id: t.id,
    attributes: { name: t.name, editor_type: t.editor_type, html: t.html, text: t.text, created: t.created, updated: t.created, ...(withDefinition && t.definition ? { definition: t.definition } : {}) },
    links: { self: `${base}/api/templates/${t.id}/` },
  };
}

export function segmentResource(base: string, s: SimSegment, withDefinition: boolean): unknown {
  return {
    type: 'segment', id: s.id,
    attributes: { name: s.name, created: s.created, updated: s.created, is_active: true, is_processing: false, is_starred: s.is_starred, ...(withDefinition ? { definition: s.definition } : {}) },
    links: { self: `${base}/api/segments/${s.id}/` },
  };
}

/**
 * A page of a collection with Klaviyo's cursor links: `links.next` is a whole URL whose `page[cursor]` is
 * opaque; a cursor the simulator did not issue is refused as Klaviyo refuses it ("Invalid cursor provided.").
 */
export function collection<T>(base: string, path: string, items: T[], query: URLSearchParams, pageSize: number, render: (item: T) => unknown): unknown {
  const cursor = query.get('page[cursor]');
  const offset = cursor === null ? null : /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (offset === null && cursor !== null) throw klaviyoErrors.invalidCursor();
  const start = offset ? Number(offset[1]) : 0;
  const page = items.slice(start, start + pageSize);
  const next = start + pageSize < items.length ? new URL(`${base}${path}`) : null;
  if (next) {
    for (const [k, v] of query) if (k !== 'page[cursor]') next.searchParams.set(k, v);
    next.searchParams.set('page[cursor]', Buffer.from(`offset:${start + pageSize}`).toString('base64url'));
  }
  return { data: page.map(render), links: { self: `${base}${path}`, next: next ? next.toString() : null, prev: null } };
}
