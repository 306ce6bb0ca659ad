import type { Resource } from './client';
import { KlaviyoClient } from './client';
import { KlaviyoApi, type MetricAttributes } from './api';
import { klaviyoIntegrationOf } from './integrations';
import { klaviyoOptionsSchema, type KlaviyoOptions } from '../../../domain/esp/options';
import { parseEspOptions } from '../options';
import type { EspStepRun } from '../types';

/** What every Klaviyo step starts from: the API, the options, and both integrations' metrics by name. */
export interface KlaviyoStepState {
  api: KlaviyoApi;
  options: KlaviyoOptions;
  oldLabel: string;
  newLabel: string;
  oldMetrics: Map<string, string>;
  newMetrics: Map<string, string>;
  /** Old metric id → new metric id, matched by name. */
  metricMap: Map<string, string>;
  oldMetricIds: Set<string>;
}

function byName(metrics: Resource<MetricAttributes>[]): Map<string, string> {
  return new Map(metrics.map((m) => [m.attributes.name, m.id]));
}

export async function openKlaviyo(run: EspStepRun): Promise<KlaviyoStepState> {
  const options = parseEspOptions(klaviyoOptionsSchema, run.account);
  const { connection, secrets } = run.services.resolve(run.account.connection, 'klaviyo');
  const api = new KlaviyoApi(new KlaviyoClient(secrets.privateApiKey ?? '', connection.endpoint));
  const oldLabel = klaviyoIntegrationOf[run.context.sourcePlatform].name;
  const newLabel = klaviyoIntegrationOf[run.context.targetPlatform].name;
  const oldMetrics = byName(await api.metricsOf(oldLabel));
  const newMetrics = byName(oldLabel === newLabel ? [] : await api.metricsOf(newLabel));
  const metricMap = new Map<string, string>();
  for (const [name, id] of oldMetrics) {
    const counterpart = newMetrics.get(name);
    if (counterpart) metricMap.set(id, counterpart);
  }
  return { api, options, oldLabel, newLabel, oldMetrics, newMetrics, metricMap, oldMetricIds: new Set(oldMetrics.values()) };
}
