import { z } from 'zod';
import { platformSchema } from '../catalog/platforms';
import { connectionNameSchema } from '../connections';

/**
 * The contract between the re-platform lifecycle (`replatform`) and its ESP handoff child workflow
 * (`espHandoff`). The lifecycle runs the child three times, once per phase; each run does what the ESPs'
 * APIs allow for that phase and hands back checklist items for what no API can do.
 */
export const espProviderSchema = z.enum(['klaviyo', 'omnisend', 'cortex']);
export type EspProvider = z.infer<typeof espProviderSchema>;

/** One ESP account the store uses, named by connection; each provider reads the options it knows. */
export const espAccountSchema = z.object({
  provider: espProviderSchema,
  /** The account (or the old brand / old Cortex instance) the store uses today. */
  connection: connectionNameSchema,
  /** Omnisend's new brand, ReSci's new Cortex instance: where the new store's data goes. */
  newConnection: connectionNameSchema.optional(),
  /** Provider-specific choices (Klaviyo: welcome-series filter; Omnisend: engagement segments to tag). */
  options: z.record(z.string(), z.unknown()).default({}),
}).strict();
export type EspAccount = z.infer<typeof espAccountSchema>;

/**
 * prepare: before launch — history, new integration, twins of flows and segments as drafts, the feed,
 *          and the retrained-model gate (the run ends only when every ESP's new instance is trained).
 * go-live: at launch — twins go live, old flows go to draft, campaigns move to the new instance.
 * deactivate: at the deactivation date — old integrations off, old instance archived.
 */
export const espHandoffPhaseSchema = z.enum(['prepare', 'go-live', 'deactivate']);
export type EspHandoffPhase = z.infer<typeof espHandoffPhaseSchema>;

/**
 * The re-platform's answers to the questions an ESP's CSM asks (ReSci's re-platforming questionnaire), as
 * the lifecycle holds them now (dates moved since the questionnaire included). Entered once, in the
 * re-platform's questionnaire; the handoff only passes them on.
 */
export const replatformAnswersSchema = z.object({
  techContact: z.string().min(1),
  sameDomain: z.boolean(),
  launchDate: z.string().nullable(),
  deactivationDate: z.string().nullable(),
  activationDate: z.string().nullable(),
  movingExistingData: z.boolean(),
  businessConsiderations: z.string(),
}).strict();
export type ReplatformAnswers = z.infer<typeof replatformAnswersSchema>;

export const espHandoffInputSchema = z.object({
  phase: espHandoffPhaseSchema,
  /** The re-platform this belongs to (the lifecycle's workflow id): names what the handoff records. */
  replatformId: z.string().min(1),
  sourcePlatform: platformSchema,
  targetPlatform: platformSchema,
  /** The platform connections of the old and the new store (history and feeds are read from them). */
  sourceStore: connectionNameSchema,
  targetStore: connectionNameSchema,
  storeDomain: z.string().min(1).optional(),
  /** Empty: the store uses no ESP, and every phase completes at once with nothing to do. */
  esps: z.array(espAccountSchema).default([]),
  /** prepare only: how long the retrained-model gate waits before it escalates (a checklist item). */
  trainingTimeout: z.string().default('14 days'),
  /** The re-platform's questionnaire answers; absent when the handoff is run on its own. */
  answers: replatformAnswersSchema.optional(),
}).strict();
export type EspHandoffInput = z.input<typeof espHandoffInputSchema>;

/** A step that needs a person: it joins the lifecycle's checklist until the tech contact confirms it. */
export interface ChecklistItem {
  /** Stable across runs, e.g. "klaviyo:onsite-tracking"; `checklist done <id>` names it. */
  id: string;
  title: string;
  instructions: string;
  /** Who raised it: 'replatform' or an ESP provider. */
  source: 'replatform' | EspProvider;
}

export interface EspStepStatus {
  provider: EspProvider;
  step: string;
  state: 'done' | 'skipped' | 'checklist' | 'failed' | 'waiting';
  detail: string | null;
}

export interface EspHandoffResult {
  phase: EspHandoffPhase;
  steps: EspStepStatus[];
  checklist: ChecklistItem[];
  /** prepare: true once every ESP's new instance is trained on the new store's data. */
  trained: boolean;
}

/** The child's workflow id: one per re-platform and phase, so a restarted lifecycle finds its child again. */
export function espHandoffWorkflowId(replatformId: string, phase: EspHandoffPhase): string {
  return `${replatformId}-esp-${phase}`;
}

/** Signal name the operator (or a provider callback via the ingress) sends to the prepare run: the model is trained. */
export const MODEL_TRAINED_SIGNAL = 'modelTrained';
