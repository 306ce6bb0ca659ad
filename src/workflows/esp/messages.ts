import { defineQuery, defineSignal } from '@temporalio/workflow';
import { type EspHandoffPhase, type EspProvider, type EspStepStatus, MODEL_TRAINED_SIGNAL } from '../../domain/esp/handoff';

/** Messages of the espHandoff workflow, defined once for the workflow, the lifecycle, the ingress and the client. */

/**
 * The new instance's models are trained (the operator, or the provider's callback through the ingress).
 * Without a provider it counts for every provider the gate waits on.
 */
export const modelTrainedSignal = defineSignal<[{ provider?: EspProvider }?]>(MODEL_TRAINED_SIGNAL);

export interface EspHandoffStatus {
  phase: EspHandoffPhase;
  steps: EspStepStatus[];
  /** Providers the retrained-model gate still waits on (prepare only). */
  awaitingModel: EspProvider[];
  finished: boolean;
}
export const espHandoffStatusQuery = defineQuery<EspHandoffStatus>('status');

export interface EspDailyFeedStatus {
  provider: EspProvider;
  /** Records changed since this time go into the next day's files. */
  since: string;
  daysSent: number;
  last: { day: string; state: string; detail: string | null } | null;
  stopped: boolean;
}
export const espDailyFeedStatusQuery = defineQuery<EspDailyFeedStatus>('feedStatus');
/** Stops the daily feed (the store leaves the provider, or the instance is retired). */
export const stopDailyFeedSignal = defineSignal('stopFeed');

/**
 * The prepare run tells its parent re-platform when each ESP account is ready to go live (its automated
 * steps done, its new instance trained) or can no longer be (a step failed, a deadline passed), so the
 * re-platform can launch without waiting for the handoff and send each ESP live as soon as it may.
 */
export interface EspAccountReadiness {
  /** Index in the handoff's `esps`. */
  account: number;
  provider: EspProvider;
  ready: boolean;
  detail: string | null;
}
export const espAccountReadySignal = defineSignal<[EspAccountReadiness]>('espAccountReady');
