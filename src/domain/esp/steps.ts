import type { Platform } from '../catalog/platforms';
import type { ChecklistItem, EspAccount, EspHandoffPhase, EspProvider, ReplatformAnswers } from './handoff';

/** What every step of a handoff knows about the re-platform (names only; credentials are resolved per call). */
export interface EspHandoffContext {
  replatformId: string;
  phase: EspHandoffPhase;
  sourcePlatform: Platform;
  targetPlatform: Platform;
  sourceStore: string;
  targetStore: string;
  storeDomain: string | null;
  /** When this phase's run started (workflow time): "new data since" is measured from here. */
  startedAt: string;
  /** The re-platform's questionnaire answers (a CSM's questions are answered from them); null when run on its own. */
  answers: ReplatformAnswers | null;
}

/** A record a step could not carry over: reported by its id in the ESP and why, never dropped in silence. */
export interface EspRejectedRecord { id: string; reason: string }

export interface EspStepOutcome {
  /** done: the API did it; skipped: nothing to do; checklist: a person must act; waiting: not yet (polled). */
  state: 'done' | 'skipped' | 'checklist' | 'waiting';
  detail: string | null;
  checklist?: ChecklistItem[];
  rejected?: EspRejectedRecord[];
}

/** One step of the plan the workflow follows, as the provider declared it. */
export interface PlannedEspStep {
  provider: EspProvider;
  /** Index of the account in the input's `esps` (a store may have two accounts of one provider). */
  account: number;
  step: string;
  title: string;
  mode: 'automated' | 'manual';
  instructions: string | null;
  poll: { every: string; deadline: string; onDeadline: { title: string; instructions: string } } | null;
}

export interface EspHandoffPlan {
  steps: PlannedEspStep[];
  /** Providers whose new instance must be retrained before the prepare run may end. */
  awaitsModelTraining: EspProvider[];
  /** Accounts (by index in `esps`) whose provider keeps a daily feed running after prepare. */
  dailyFeeds: { provider: EspProvider; account: number }[];
}

export interface EspFeedRequest {
  provider: EspProvider;
  account: EspAccount;
  context: EspHandoffContext;
  /** The feed's day (ISO, UTC) and the watermark: records changed since the previous feed. */
  day: string;
  since: string;
}

export interface EspStepRequest {
  provider: EspProvider;
  step: string;
  account: EspAccount;
  context: EspHandoffContext;
}
