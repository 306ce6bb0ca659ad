/**
 * A flow's or segment's twin on the new integration's metrics, built from the wire definition. Klaviyo
 * cannot change a flow's trigger, so the seed's way is to clone the flow onto the new metric; the API's
 * create-flow takes a whole definition, so the clone is the old definition with metric ids swapped,
 * actions re-keyed as temporary ids, messages in draft and templates swapped for rewritten copies.
 */
type Json = Record<string, unknown>;

/** Action types the create-flow API does not accept (Klaviyo's create-flow docs); a flow with one needs a person. */
export const uncreatableActionTypes: ReadonlySet<string> = new Set(['code', 'internal-service', 'ab-test', 'content-experiment', 'action-output-split']);
const messageActionTypes = new Set(['send-email', 'send-sms', 'send-push-notification', 'send-whatsapp']);

export interface TwinProblems {
  /** Action types the API cannot recreate. */
  uncreatable: string[];
  /** Metric ids used in filters or conditions with no counterpart on the new integration. */
  unmappedMetrics: string[];
}

/** Rewrites every `metric_id` (and a metric trigger's `id`) through the map; unmapped old metrics are reported. */
function remapMetrics(value: unknown, map: ReadonlyMap<string, string>, oldIds: ReadonlySet<string>, problems: TwinProblems): unknown {
  if (Array.isArray(value)) return value.map((v) => remapMetrics(v, map, oldIds, problems));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    if (key === 'metric_id' && typeof v === 'string') {
      const mapped = map.get(v);
      if (!mapped && oldIds.has(v)) problems.unmappedMetrics.push(v);
      out[key] = mapped ?? v;
    } else {
      out[key] = remapMetrics(v, map, oldIds, problems);
    }
  }
  return out;
}

export interface FlowTwinInput {
  definition: Json;
  metricMap: ReadonlyMap<string, string>;
  oldMetricIds: ReadonlySet<string>;
  /** Old template id → rewritten copy's id. */
  templateMap: ReadonlyMap<string, string>;
  /** Adds "Placed Order zero times over all time" on this metric (welcome series). */
  excludeBuyersMetricId?: string;
}

export function twinFlowDefinition(input: FlowTwinInput): { definition: Json; problems: TwinProblems } {
  const problems: TwinProblems = { uncreatable: [], unmappedMetrics: [] };
  const source = input.definition;
  const triggers = (source.triggers as Json[] | undefined ?? []).map((trigger) => {
    const mapped = remapMetrics(trigger, input.metricMap, input.oldMetricIds, problems) as Json;
    if (trigger.type === 'metric' && typeof trigger.id === 'string') {
      const id = input.metricMap.get(trigger.id);
      if (!id) problems.unmappedMetrics.push(trigger.id);
      mapped.id = id ?? trigger.id;
    }
    return mapped;
  });
  const actions = (source.actions as Json[] | undefined ?? []).map((action) => {
    if (uncreatableActionTypes.has(String(action.type))) problems.uncreatable.push(String(action.type));
    const { id, ...rest } = remapMetrics(action, input.metricMap, input.oldMetricIds, problems) as Json;
    const twin: Json = { ...rest, temporary_id: String(id ?? action.temporary_id) };
    const data = twin.data as Json | undefined;
    if (data && messageActionTypes.has(String(action.type))) {
      // Never live during the migration: every message of the twin waits in draft.
      const message = data.message as Json | undefined;
      const templateId = message?.template_id;
      twin.data = {
        ...data,
        status: 'draft',
        ...(message ? { message: { ...message, ...(typeof templateId === 'string' ? { template_id: input.templateMap.get(templateId) ?? templateId } : {}) } } : {}),
      };
    }
    return twin;
  });
  let profileFilter = remapMetrics(source.profile_filter ?? null, input.metricMap, input.oldMetricIds, problems) as Json | null;
  if (input.excludeBuyersMetricId && !hasZeroOrdersCondition(profileFilter, input.excludeBuyersMetricId)) {
    const groups = (profileFilter?.condition_groups as Json[] | undefined) ?? [];
    profileFilter = { condition_groups: [...groups, { conditions: [zeroOrdersCondition(input.excludeBuyersMetricId)] }] };
  }
  return {
    definition: {
      triggers,
      ...(profileFilter ? { profile_filter: profileFilter } : {}),
      actions,
      entry_action_id: source.entry_action_id ?? null,
      ...(source.reentry_criteria ? { reentry_criteria: source.reentry_criteria } : {}),
    },
    problems: { uncreatable: [...new Set(problems.uncreatable)], unmappedMetrics: [...new Set(problems.unmappedMetrics)] },
  };
}

/** The seed's welcome-series filter: "Placed Order zero times over all time". */
export function zeroOrdersCondition(placedOrderMetricId: string): Json {
  return {
    type: 'profile-metric', metric_id: placedOrderMetricId, measurement: 'count',
    measurement_filter: { type: 'numeric', operator: 'equals', value: 0 },
    timeframe_filter: { type: 'date', operator: 'alltime' },
  };
}

function hasZeroOrdersCondition(filter: Json | null, metricId: string): boolean {
  const groups = (filter?.condition_groups as { conditions?: Json[] }[] | undefined) ?? [];
  return groups.some((g) => (g.conditions ?? []).some((c) => c.type === 'profile-metric' && c.metric_id === metricId
    && (c.measurement_filter as Json | undefined)?.operator === 'equals' && (c.measurement_filter as Json | undefined)?.value === 0
    && (c.timeframe_filter as Json | undefined)?.operator === 'alltime'));
}

/** A segment's definition on the new metrics; null when no condition names an old metric (nothing to twin). */
export function twinSegmentDefinition(definition: Json, metricMap: ReadonlyMap<string, string>, oldMetricIds: ReadonlySet<string>): { definition: Json; problems: TwinProblems } | null {
  const usesOld = JSON.stringify(definition).match(/"metric_id":"([^"]+)"/g)?.some((m) => oldMetricIds.has(m.slice(13, -1))) ?? false;
  if (!usesOld) return null;
  const problems: TwinProblems = { uncreatable: [], unmappedMetrics: [] };
  const mapped = remapMetrics(definition, metricMap, oldMetricIds, problems) as Json;
  return { definition: mapped, problems: { uncreatable: [], unmappedMetrics: [...new Set(problems.unmappedMetrics)] } };
}

/** Twins are found again by name: idempotent across runs and phases without any state of our own. */
export function twinName(name: string, targetLabel: string): string {
  return `${name} [${targetLabel}]`;
}
