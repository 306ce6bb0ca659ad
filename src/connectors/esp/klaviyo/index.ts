import type { EspAccount, EspHandoffPhase } from '../../../domain/esp/handoff';
import { klaviyoOptionsSchema } from '../../../domain/esp/options';
import { parseEspOptions } from '../options';
import { checklistItem, type EspProviderModule, type EspStepDefinition, type EspStepOutcome, type EspStepRun } from '../types';
import { ensureFlowTwin, switchFlows, type TwinOutcome } from './flows';
import { backfillHistory } from './history';
import { commerceMetricNames, onsiteMetricNames, syncMetricNames } from './integrations';
import { openKlaviyo } from './session';
import { twinName, twinSegmentDefinition } from './twins';

const DAY_MS = 24 * 60 * 60 * 1000;

async function newIntegration(run: EspStepRun): Promise<EspStepOutcome> {
  const state = await openKlaviyo(run);
  const found = commerceMetricNames.filter((n) => state.newMetrics.has(n));
  if (!state.newMetrics.has('Placed Order')) return { state: 'waiting', detail: `no ${state.newLabel} Placed Order metric yet (found: ${found.join(', ') || 'none'})` };
  const missing = commerceMetricNames.filter((n) => !state.newMetrics.has(n));
  return { state: 'done', detail: `${state.newLabel} metrics: ${found.join(', ')}${missing.length ? `; not yet: ${missing.join(', ')}` : ''}` };
}

async function historicalOrders(run: EspStepRun): Promise<EspStepOutcome> {
  const state = await openKlaviyo(run);
  if (!state.options.backfillHistory) return { state: 'skipped', detail: 'backfillHistory is off in the options' };
  const outcome = await backfillHistory(state, run);
  if (outcome.skipped) return { state: 'skipped', detail: `history present: ${outcome.existing} Placed Order events for ${outcome.orders} orders` };
  return { state: 'done', detail: `sent ${outcome.sent} Placed Order events (backfill) from ${run.context.sourceStore}; ${outcome.rejected.length} rejected`, rejected: outcome.rejected };
}

async function flowingMetrics(run: EspStepRun, names: readonly string[]): Promise<{ flowing: string[]; silent: string[] }> {
  const state = await openKlaviyo(run);
  const since = new Date(Date.parse(run.context.startedAt) - 7 * DAY_MS).toISOString();
  const flowing: string[] = [];
  const silent: string[] = [];
  for (const name of names) {
    const id = state.newMetrics.get(name);
    const recent = id ? await state.api.events(id, { since, limit: 1 }) : [];
    (recent.length ? flowing : silent).push(name);
  }
  return { flowing, silent };
}

async function newDataSyncing(run: EspStepRun): Promise<EspStepOutcome> {
  const { flowing, silent } = await flowingMetrics(run, syncMetricNames);
  if (!flowing.includes('Placed Order')) return { state: 'waiting', detail: `no recent events yet on: ${silent.join(', ')}` };
  return { state: 'done', detail: `events arriving on ${flowing.join(', ')}${silent.length ? `; none yet on ${silent.join(', ')}` : ''}` };
}

async function onsiteTracking(run: EspStepRun): Promise<EspStepOutcome> {
  const { flowing, silent } = await flowingMetrics(run, onsiteMetricNames);
  const check = silent.length ? `not flowing yet: ${silent.join(', ')}` : `flowing: ${flowing.join(', ')}`;
  return {
    state: 'checklist', detail: check,
    checklist: [checklistItem('klaviyo', 'onsite-tracking', 'Enable Klaviyo onsite tracking on the new store',
      `Follow Klaviyo's integration guide for the new platform and enable "Active on Site" and "Viewed Product" tracking (onsite tracking) on the new site. Automated check at ${run.context.startedAt}: ${check}.`)],
  };
}

async function twinFlows(run: EspStepRun): Promise<EspStepOutcome> {
  const state = await openKlaviyo(run);
  const platforms = { from: run.context.sourcePlatform, to: run.context.targetPlatform };
  const outcomes: TwinOutcome[] = [];
  for (const metricId of state.oldMetricIds) {
    for (const flow of await state.api.flowsTriggeredBy(metricId)) {
      if (flow.attributes.archived) continue;
      outcomes.push(await ensureFlowTwin(state, flow, platforms, state.options.welcomeSeriesFlows.includes(flow.attributes.name)));
      run.services.heartbeat({ flows: outcomes.length });
    }
  }
  const count = (r: string) => outcomes.filter((o) => o.result === r).length;
  const checklist = outcomes.flatMap((o) => o.checklist);
  return {
    state: outcomes.length === 0 ? 'skipped' : 'done',
    detail: `${outcomes.length} flows on ${state.oldLabel} metrics: ${count('created')} twins created (draft), ${count('exists')} already twinned, ${count('not-twinnable')} need a person`,
    checklist,
  };
}

async function welcomeSeries(run: EspStepRun): Promise<EspStepOutcome> {
  const state = await openKlaviyo(run);
  if (state.options.welcomeSeriesFlows.length === 0) return { state: 'skipped', detail: 'no welcome series named in the options' };
  const platforms = { from: run.context.sourcePlatform, to: run.context.targetPlatform };
  const checklist = [];
  const done: string[] = [];
  for (const name of state.options.welcomeSeriesFlows) {
    const [flow] = await state.api.flowsNamed(name);
    if (!flow) {
      checklist.push(checklistItem('klaviyo', `welcome-missing:${name}`, `Welcome series "${name}" not found`, `No flow named "${name}" exists in Klaviyo; add the "Placed Order zero times over all time" filter to the right welcome flow by hand.`));
      continue;
    }
    // A welcome flow triggered by an old metric got its filter with its twin; a list-triggered one is twinned here.
    const outcome = await ensureFlowTwin(state, flow, platforms, true);
    checklist.push(...outcome.checklist);
    done.push(`${name}: ${outcome.result}`);
  }
  return { state: 'done', detail: `"Placed Order zero times over all time" on twins of ${done.join('; ') || 'none'}`, checklist };
}

async function twinSegments(run: EspStepRun): Promise<EspStepOutcome> {
  const state = await openKlaviyo(run);
  const checklist = [];
  let created = 0;
  let existing = 0;
  const segments = await state.api.allSegments();
  for (const listed of segments) {
    if (listed.attributes.name.endsWith(` [${state.newLabel}]`)) continue;
    const segment = listed.attributes.definition ? listed : await state.api.segmentWithDefinition(listed.id);
    const twin = segment.attributes.definition ? twinSegmentDefinition(segment.attributes.definition, state.metricMap, state.oldMetricIds) : null;
    if (!twin) continue;
    if (twin.problems.unmappedMetrics.length) {
      checklist.push(checklistItem('klaviyo', `segment-clone:${segment.id}`, `Clone the segment "${segment.attributes.name}" by hand`,
        `Its conditions use ${state.oldLabel} metrics with no ${state.newLabel} counterpart yet (${twin.problems.unmappedMetrics.join(', ')}): clone it and pick the new metric.`));
      continue;
    }
    const name = twinName(segment.attributes.name, state.newLabel);
    const matches = segments.filter((s) => s.attributes.name === name);
    if (matches.length) { existing += 1; continue; }
    await state.api.createSegment(name, twin.definition);
    created += 1;
  }
  return { state: created + existing + checklist.length === 0 ? 'skipped' : 'done', detail: `${created} segment twins created, ${existing} already there`, checklist };
}

const manual = (step: string, title: string, instructions: string): EspStepDefinition => ({ step, title, instructions });

function prepare(account: EspAccount): EspStepDefinition[] {
  const { syncDeadline } = parseEspOptions(klaviyoOptionsSchema, account);
  return [
    {
      step: 'new-integration', title: 'Find the new platform\'s metrics', run: newIntegration,
      poll: { every: '1 hour', deadline: syncDeadline, onDeadline: { title: 'Integrate the new platform with Klaviyo', instructions: 'No Placed Order metric from the new platform\'s integration has appeared. In Klaviyo: Integrations → add the new platform\'s integration following its guide, then confirm this item.' } },
    },
    { step: 'historical-orders', title: 'Old store\'s purchase history under the new integration', run: historicalOrders },
    {
      step: 'new-data-syncing', title: 'Confirm new data is syncing', run: newDataSyncing,
      poll: { every: '1 hour', deadline: syncDeadline, onDeadline: { title: 'Check that the new store sends data to Klaviyo', instructions: 'No recent Placed Order event from the new integration arrived before the deadline. In Klaviyo: Analytics → Metrics, check the new platform\'s Placed Order and Started Checkout; fix the integration, then confirm this item.' } },
    },
    { step: 'onsite-tracking', title: 'Onsite tracking (Active on Site, Viewed Product)', run: onsiteTracking },
    manual('signup-forms', 'Update signup forms', 'Make sure the new platform\'s signup forms sync to a Klaviyo list (usually a setting of the integration), or replace them with Klaviyo signup forms.'),
    { step: 'twin-flows', title: 'Twin flows triggered by old-platform metrics (draft)', run: twinFlows },
    { step: 'welcome-series', title: 'Welcome series: exclude shoppers who already ordered', run: welcomeSeries },
    { step: 'twin-segments', title: 'Twin segments with conditions on old metrics', run: twinSegments },
  ];
}

export const klaviyoProvider: EspProviderModule = {
  provider: 'klaviyo',
  awaitsModelTraining: () => false,
  steps(phase: EspHandoffPhase, account: EspAccount): EspStepDefinition[] {
    if (phase === 'prepare') return prepare(account);
    if (phase === 'go-live') {
      return [{
        step: 'switch-flows', title: 'Twins live, old flows to draft',
        run: async (run) => {
          const { twinsLive, originalsDraft } = await switchFlows(await openKlaviyo(run), 'go-live');
          return { state: twinsLive ? 'done' : 'skipped', detail: `${twinsLive} twins live, ${originalsDraft} old flows in draft` };
        },
      }];
    }
    return [
      {
        step: 'old-flows-off', title: 'Old flows stay in draft',
        run: async (run) => {
          const { originalsDraft } = await switchFlows(await openKlaviyo(run), 'ensure-old-off');
          return { state: 'done', detail: `${originalsDraft} old flows checked in draft` };
        },
      },
      manual('disable-old-integration', 'Disable the old integration in Klaviyo', 'Klaviyo\'s API cannot disable an integration. Click the account name (bottom left) → Integrations → find the old platform\'s integration → Disable (top right).'),
      manual('legacy-metrics', 'Decide about the old platform\'s metrics', 'Keep them: deleting a metric deletes all of its history (e.g. the old Placed Order events). Delete only if that history is not needed or was migrated.'),
    ];
  },
};
