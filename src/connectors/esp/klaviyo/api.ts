import type { EventsBulkCreateJob, FlowCreateQuery, FlowUpdateQuery, SegmentCreateQuery, TemplateCreateHtmlOrDndQuery } from 'klaviyo-api';
import { type KlaviyoClient, nextCursor, type Resource, typed } from './client';
import type { TemplateContent } from './templates';

export interface MetricAttributes { name: string; integration: { key?: string; name?: string } | null }
export interface FlowAttributes { name: string; status: string; archived: boolean; trigger_type: string | null; definition?: Record<string, unknown> }
export interface SegmentAttributes { name: string; definition?: { condition_groups: { conditions: Record<string, unknown>[] }[] } }
/** `definition` is present for SYSTEM_DRAGGABLE templates read with `additional-fields[template]=definition`. */
export interface TemplateAttributes { name: string; editor_type: string; html: string; text: string | null; definition?: Record<string, unknown> | null }
export interface EventAttributes { datetime: string; event_properties: Record<string, unknown> }

/** Klaviyo filter strings quote values with double quotes; quotes inside are escaped. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/** The Klaviyo operations the handoff uses, each one SDK call (or one paginated listing). */
export class KlaviyoApi {
  constructor(readonly client: KlaviyoClient) {}

  metricsOf(integrationName: string): Promise<Resource<MetricAttributes>[]> {
    return this.client.all('list metrics', (pageCursor) => this.client.metrics.getMetrics({ filter: `equals(integration.name,${quoted(integrationName)})`, pageCursor }));
  }

  async flowsTriggeredBy(metricId: string): Promise<Resource<FlowAttributes>[]> {
    const doc = await this.client.call<{ data: Resource<FlowAttributes>[] }>('flows triggered by metric', () => this.client.metrics.getFlowsTriggeredByMetric(metricId));
    return doc.data;
  }

  async flowWithDefinition(id: string): Promise<Resource<FlowAttributes>> {
    const doc = await this.client.call<{ data: Resource<FlowAttributes> }>(`get flow ${id}`, () => this.client.flows.getFlow(id, { additionalFieldsFlow: ['definition'] }));
    return doc.data;
  }

  flowsNamed(name: string): Promise<Resource<FlowAttributes>[]> {
    return this.client.all('list flows', (pageCursor) => this.client.flows.getFlows({ filter: `equals(name,${quoted(name)})`, pageCursor }));
  }

  allFlows(): Promise<Resource<FlowAttributes>[]> {
    return this.client.all('list flows', (pageCursor) => this.client.flows.getFlows({ pageCursor }));
  }

  async createFlow(name: string, definition: Record<string, unknown>): Promise<Resource<FlowAttributes>> {
    const body = typed<FlowCreateQuery>({ data: { type: 'flow', attributes: { name, definition } } }, 'FlowCreateQuery');
    return (await this.client.call<{ data: Resource<FlowAttributes> }>(`create flow "${name}"`, () => this.client.flows.createFlow(body))).data;
  }

  async setFlowStatus(id: string, status: 'draft' | 'manual' | 'live'): Promise<void> {
    const body = typed<FlowUpdateQuery>({ data: { type: 'flow', id, attributes: { status } } }, 'FlowUpdateQuery');
    await this.client.call(`set flow ${id} ${status}`, () => this.client.flows.updateFlow(id, body));
  }

  /** With its drag-and-drop definition: a SYSTEM_DRAGGABLE template can only be recreated from it. */
  async template(id: string): Promise<Resource<TemplateAttributes>> {
    return (await this.client.call<{ data: Resource<TemplateAttributes> }>(`get template ${id}`, () => this.client.templates.getTemplate(id, { additionalFieldsTemplate: ['definition'] }))).data;
  }

  async templateNamed(name: string): Promise<Resource<TemplateAttributes> | null> {
    const found = await this.client.all<TemplateAttributes>('list templates', (pageCursor) => this.client.templates.getTemplates({ filter: `equals(name,${quoted(name)})`, pageCursor }));
    return found[0] ?? null;
  }

  async createTemplate(name: string, content: TemplateContent): Promise<Resource<TemplateAttributes>> {
    const attributes = content.editorType === 'SYSTEM_DRAGGABLE'
      ? { name, editor_type: content.editorType, definition: content.definition }
      : { name, editor_type: content.editorType, html: content.html };
    const body = typed<TemplateCreateHtmlOrDndQuery>({ data: { type: 'template', attributes } }, 'TemplateCreateHtmlOrDndQuery');
    return (await this.client.call<{ data: Resource<TemplateAttributes> }>(`create template "${name}"`, () => this.client.templates.createTemplate(body))).data;
  }

  allSegments(): Promise<Resource<SegmentAttributes>[]> {
    return this.client.all('list segments', (pageCursor) => this.client.segments.getSegments({ pageCursor }));
  }

  /** A segment's definition is one of its default fields (sparse fieldset `definition`). */
  async segmentWithDefinition(id: string): Promise<Resource<SegmentAttributes>> {
    return (await this.client.call<{ data: Resource<SegmentAttributes> }>(`get segment ${id}`, () => this.client.segments.getSegment(id))).data;
  }

  async createSegment(name: string, definition: unknown): Promise<void> {
    const body = typed<SegmentCreateQuery>({ data: { type: 'segment', attributes: { name, definition } } }, 'SegmentCreateQuery');
    await this.client.call(`create segment "${name}"`, () => this.client.segments.createSegment(body));
  }

  /** Events of a metric, newest first, optionally only those after `since`; stops after `limit`. */
  async events(metricId: string, options: { since?: string; limit?: number } = {}): Promise<Resource<EventAttributes>[]> {
    const filter = [`equals(metric_id,${quoted(metricId)})`, ...(options.since ? [`greater-than(datetime,${options.since})`] : [])].join(',');
    const out: Resource<EventAttributes>[] = [];
    let cursor: string | undefined;
    do {
      const doc = await this.client.call<{ data: Resource<EventAttributes>[]; links?: { next?: string | null } }>('list events', () => this.client.events.getEvents({ filter, pageCursor: cursor, pageSize: 1000, sort: '-datetime' }));
      out.push(...doc.data);
      cursor = nextCursor('list events', doc.links?.next, cursor);
    } while (cursor && out.length < (options.limit ?? Infinity));
    return out;
  }

  async bulkCreateEvents(profiles: { email: string; events: Record<string, unknown>[] }[]): Promise<void> {
    const body = typed<EventsBulkCreateJob>({
      data: {
        type: 'event-bulk-create-job',
        attributes: {
          'events-bulk-create': {
            data: profiles.map((p) => ({
              type: 'event-bulk-create',
              attributes: { backfill: true, profile: { data: { type: 'profile', attributes: { email: p.email } } }, events: { data: p.events } },
            })),
          },
        },
      },
    }, 'EventsBulkCreateJob');
    await this.client.call('bulk create events', () => this.client.events.bulkCreateEvents(body));
  }
}
