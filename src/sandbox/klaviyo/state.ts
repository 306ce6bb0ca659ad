/** The account a Klaviyo simulator holds: records in Klaviyo's own (snake_case JSON:API) shapes. */

export interface SimIntegration { key: string; name: string; category: string }

export const integrations: Record<string, SimIntegration> = {
  api: { key: 'api', name: 'API', category: 'API' },
  shopify: { key: 'shopify', name: 'Shopify', category: 'eCommerce' },
  woocommerce: { key: 'woocommerce', name: 'WooCommerce', category: 'eCommerce' },
};

export interface SimMetric { id: string; name: string; integration: SimIntegration; created: string }
export interface SimEvent {
  id: string; metricId: string; profileId: string; datetime: string; uniqueId: string;
  properties: Record<string, unknown>; value: number | null; backfill: boolean;
}
export interface SimProfile { id: string; email: string | null; phone_number: string | null; external_id: string | null }
export type JsonObject = Record<string, unknown>;
export interface SimFlow { id: string; name: string; status: string; archived: boolean; created: string; updated: string; definition: JsonObject }
/** `definition` is held for SYSTEM_DRAGGABLE templates only; their `html` is rendered from it. */
export interface SimTemplate { id: string; name: string; editor_type: string; html: string; text: string | null; definition: JsonObject | null; created: string }
export interface SimSegment { id: string; name: string; definition: JsonObject; created: string; is_starred: boolean }

export class KlaviyoAccount {
  readonly metrics: SimMetric[] = [];
  readonly events: SimEvent[] = [];
  readonly profiles: SimProfile[] = [];
  readonly flows: SimFlow[] = [];
  readonly templates: SimTemplate[] = [];
  readonly segments: SimSegment[] = [];
  readonly bulkJobs: { id: string; eventCount: number }[] = [];
  private counter = 0;

  constructor(readonly now: () => Date = () => new Date()) {}

  /** Klaviyo ids are short base62 strings; the prefix keeps the simulator's readable in failures. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).toUpperCase().padStart(5, '0')}`;
  }

  metric(name: string, integrationKey: string): SimMetric {
    const integration = integrations[integrationKey] ?? { key: integrationKey, name: integrationKey, category: 'Custom' };
    const found = this.metrics.find((m) => m.name === name && m.integration.key === integration.key);
    if (found) return found;
    const created = { id: this.nextId('M'), name, integration, created: this.now().toISOString() };
    this.metrics.push(created);
    return created;
  }

  profile(identifiers: { email?: string | null; phone_number?: string | null; external_id?: string | null }): SimProfile {
    const found = this.profiles.find((p) => (identifiers.email && p.email === identifiers.email)
      || (identifiers.external_id && p.external_id === identifiers.external_id)
      || (identifiers.phone_number && p.phone_number === identifiers.phone_number));
    if (found) return found;
    const created = { id: this.nextId('P'), email: identifiers.email ?? null, phone_number: identifiers.phone_number ?? null, external_id: identifiers.external_id ?? null };
    this.profiles.push(created);
    return created;
  }

  /** Records an event; Klaviyo de-duplicates on unique_id within a metric and profile, so a resend is harmless. */
  addEvent(event: Omit<SimEvent, 'id'>): SimEvent {
    const duplicate = this.events.find((e) => e.metricId === event.metricId && e.profileId === event.profileId && e.uniqueId === event.uniqueId);
    if (duplicate) return duplicate;
    const created = { ...event, id: this.nextId('E') };
    this.events.push(created);
    return created;
  }

  /** Seeding: a store event as an integration would send it. */
  track(metric: SimMetric, email: string, properties: Record<string, unknown>, datetime = this.now().toISOString(), value: number | null = null): SimEvent {
    const profile = this.profile({ email });
    return this.addEvent({ metricId: metric.id, profileId: profile.id, datetime, uniqueId: this.nextId('U'), properties, value, backfill: false });
  }

  /** Seeding and POST /api/templates; seeding may use editor types the API cannot create (SIMPLE). */
  addTemplate(name: string, html: string, editorType = 'CODE', definition: JsonObject | null = null): SimTemplate {
    const template = { id: this.nextId('T'), name, editor_type: editorType, html, text: null, definition: editorType === 'SYSTEM_DRAGGABLE' ? definition : null, created: this.now().toISOString() };
    this.templates.push(template);
    return template;
  }

  /** Seeding and POST /api/flows: actions get real ids in place of temporary ones, links rewritten to match. */
  addFlow(name: string, definition: JsonObject, status = 'draft'): SimFlow {
    const ids = new Map<string, string>();
    const actions = (definition.actions as JsonObject[] | undefined ?? []).map((action) => {
      const id = this.nextId('A');
      ids.set(String(action.temporary_id ?? action.id ?? id), id);
      const { temporary_id: _temporary, ...rest } = action;
      return { ...rest, id } as JsonObject;
    });
    const relink = (value: unknown): unknown => (typeof value === 'string' && ids.has(value) ? ids.get(value) : value);
    for (const action of actions) {
      const links = action.links as Record<string, unknown> | undefined | null;
      if (links) action.links = Object.fromEntries(Object.entries(links).map(([k, v]) => [k, relink(v)]));
    }
    const entry = relink(definition.entry_action_id ?? null);
    const now = this.now().toISOString();
    const flow: SimFlow = { id: this.nextId('F'), name, status, archived: false, created: now, updated: now, definition: { ...definition, actions, entry_action_id: entry } };
    this.flows.push(flow);
    return flow;
  }

  addSegment(name: string, definition: JsonObject): SimSegment {
    const segment = { id: this.nextId('S'), name, definition, created: this.now().toISOString(), is_starred: false };
    this.segments.push(segment);
    return segment;
  }

  /** The metric a flow is triggered by, or null for list, segment and date triggers. */
  static triggerMetricId(flow: SimFlow): string | null {
    const trigger = (flow.definition.triggers as JsonObject[] | undefined)?.[0];
    return trigger?.type === 'metric' ? String(trigger.id) : null;
  }
}
