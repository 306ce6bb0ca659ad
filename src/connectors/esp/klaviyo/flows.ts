import type { ChecklistItem } from '../../../domain/esp/handoff';
import type { Platform } from '../../../domain/catalog/platforms';
import { checklistItem } from '../types';
import type { FlowAttributes } from './api';
import type { Resource } from './client';
import type { KlaviyoStepState } from './session';
import { twinTemplateContent } from './templates';
import { twinFlowDefinition, twinName } from './twins';

export interface TwinOutcome { flow: string; result: 'created' | 'exists' | 'not-twinnable'; checklist: ChecklistItem[] }

type Json = Record<string, unknown>;

function templateIds(definition: Json): string[] {
  return ((definition.actions as Json[] | undefined) ?? [])
    .map((a) => ((a.data as Json | undefined)?.message as Json | undefined)?.template_id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * Creates the twin of one flow on the new metrics, in draft, unless it exists. Every problem becomes a
 * checklist item naming the flow: an action the API cannot recreate (no twin is created: a half twin
 * would send half a journey), a filter on an old metric with no counterpart, a template tag left over.
 */
export async function ensureFlowTwin(state: KlaviyoStepState, flow: Resource<FlowAttributes>, platforms: { from: Platform; to: Platform }, excludeBuyers: boolean): Promise<TwinOutcome> {
  const name = twinName(flow.attributes.name, state.newLabel);
  const slug = flow.id;
  if ((await state.api.flowsNamed(name)).length > 0) return { flow: flow.attributes.name, result: 'exists', checklist: [] };
  const full = await state.api.flowWithDefinition(flow.id);
  const definition = full.attributes.definition ?? {};
  const placedOrder = state.newMetrics.get('Placed Order');
  const dryRun = twinFlowDefinition({ definition, metricMap: state.metricMap, oldMetricIds: state.oldMetricIds, templateMap: new Map() });
  if (dryRun.problems.uncreatable.length) {
    return {
      flow: flow.attributes.name, result: 'not-twinnable',
      checklist: [checklistItem('klaviyo', `flow-clone:${slug}`, `Clone the flow "${flow.attributes.name}" by hand`,
        `Its actions (${dryRun.problems.uncreatable.join(', ')}) cannot be recreated through Klaviyo's API. In Klaviyo: Flows → "${flow.attributes.name}" → Clone, choose the ${state.newLabel} metric as the trigger, keep it in Draft or Manual until go-live, and check its filters and template tags.`)],
    };
  }
  const templateMap = new Map<string, string>();
  const leftovers: string[] = [];
  const editorChanges: string[] = [];
  for (const id of new Set(templateIds(definition))) {
    const template = await state.api.template(id);
    const copyName = twinName(template.attributes.name, state.newLabel);
    // Drag-and-drop templates are copied as their definition, HTML ones as HTML (as create-template requires).
    const twin = twinTemplateContent(template.attributes, platforms.from, platforms.to);
    leftovers.push(...twin.leftovers);
    if (twin.editorChanged) editorChanges.push(`"${template.attributes.name}" (${twin.editorChanged})`);
    const copy = await state.api.templateNamed(copyName) ?? await state.api.createTemplate(copyName, twin.content);
    templateMap.set(id, copy.id);
  }
  const twin = twinFlowDefinition({
    definition, metricMap: state.metricMap, oldMetricIds: state.oldMetricIds, templateMap,
    ...(excludeBuyers && placedOrder ? { excludeBuyersMetricId: placedOrder } : {}),
  });
  await state.api.createFlow(name, twin.definition);
  const checklist: ChecklistItem[] = [];
  if (twin.problems.unmappedMetrics.length) {
    checklist.push(checklistItem('klaviyo', `flow-filters:${slug}`, `Check the filters of "${name}"`,
      `Filters or splits of "${flow.attributes.name}" use ${state.oldLabel} metrics with no ${state.newLabel} counterpart (${twin.problems.unmappedMetrics.join(', ')}); they were copied unchanged. Edit them in the twin before go-live.`));
  }
  if (leftovers.length) {
    checklist.push(checklistItem('klaviyo', `flow-tags:${slug}`, `Review template tags of "${name}"`,
      `These ${state.oldLabel} tags have no known ${state.newLabel} equivalent: ${[...new Set(leftovers)].join(', ')}. Use Flows → Browse Ideas → the ${state.newLabel} version of this flow, save its dynamic block and swap it in.`));
  }
  if (editorChanges.length) {
    checklist.push(checklistItem('klaviyo', `flow-template-editor:${slug}`, `Check the templates of "${name}" in the code editor`,
      `Klaviyo's API can create only CODE, USER_DRAGGABLE and SYSTEM_DRAGGABLE templates, so these were copied as custom HTML (CODE) from their rendered HTML: ${editorChanges.join(', ')}. They send the same email; edit them in the code editor, or rebuild them in the editor of your choice.`));
  }
  if (excludeBuyers && !placedOrder) {
    checklist.push(checklistItem('klaviyo', `welcome-filter:${slug}`, `Add "Placed Order zero times over all time" to "${name}"`,
      `The ${state.newLabel} Placed Order metric does not exist yet, so the filter could not be added.`));
  }
  return { flow: flow.attributes.name, result: 'created', checklist };
}

/** Go-live: every twin live, its original in draft. Idempotent: statuses already right are left alone. */
export async function switchFlows(state: KlaviyoStepState, direction: 'go-live' | 'ensure-old-off'): Promise<{ twinsLive: number; originalsDraft: number }> {
  const flows = await state.api.allFlows();
  const suffix = ` [${state.newLabel}]`;
  let twinsLive = 0;
  let originalsDraft = 0;
  for (const twin of flows.filter((f) => f.attributes.name.endsWith(suffix) && !f.attributes.archived)) {
    if (direction === 'go-live' && twin.attributes.status !== 'live') await state.api.setFlowStatus(twin.id, 'live');
    if (direction === 'go-live') twinsLive += 1;
    const originalName = twin.attributes.name.slice(0, -suffix.length);
    for (const original of flows.filter((f) => f.attributes.name === originalName)) {
      if (original.attributes.status !== 'draft') await state.api.setFlowStatus(original.id, 'draft');
      originalsDraft += 1;
    }
  }
  return { twinsLive, originalsDraft };
}
