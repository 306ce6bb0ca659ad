import type { ConnectionKind, ConnectionOf, SecretField } from '../../domain/connections';
import type { ChecklistItem, EspAccount, EspHandoffPhase, EspProvider } from '../../domain/esp/handoff';
import type { EspHandoffContext, EspStepOutcome } from '../../domain/esp/steps';
import type { EmailMessage } from '../channels/types';
import type { PlatformReader } from '../platforms/types';

/** What the activity layer lends a step: the I/O a connector may not build for itself. */
export interface EspServices {
  /** A platform connection's reader (the old or the new store). */
  platform(connectionName: string): PlatformReader;
  /** A connection with its secrets resolved. */
  resolve<K extends ConnectionKind>(connectionName: string, kind: K): { connection: ConnectionOf<K>; secrets: Partial<Record<SecretField<K>, string>> };
  /** Sends an email through the configured mail connection; null when none is configured. */
  sendEmail: ((message: EmailMessage) => Promise<void>) | null;
  /** Keeps a long step alive (activity heartbeat). */
  heartbeat(detail?: unknown): void;
}

export interface EspStepRun {
  account: EspAccount;
  context: EspHandoffContext;
  services: EspServices;
}

/**
 * One step of a provider's handoff for one phase. An automated step has `run` (idempotent: the workflow
 * may run it again after a crash or a retry); a manual one has only instructions and becomes a checklist
 * item. A polled step answers 'waiting' until its condition holds; past `poll.deadline` it escalates.
 */
export interface EspStepDefinition {
  step: string;
  title: string;
  instructions?: string;
  run?: (run: EspStepRun) => Promise<EspStepOutcome>;
  poll?: { every: string; deadline: string; onDeadline: { title: string; instructions: string } };
}

export interface EspProviderModule {
  provider: EspProvider;
  /** The steps of a phase, in order; pure, so the plan is the same on every call. */
  steps(phase: EspHandoffPhase, account: EspAccount): EspStepDefinition[];
  /** True when the prepare phase must wait for this provider's models to be retrained (ReSci Cortex). */
  awaitsModelTraining(account: EspAccount): boolean;
  /**
   * A daily feed the handoff keeps running after prepare (ReSci Cortex): writes the files of `day` with the
   * records changed since `since`. Idempotent: a re-run of a day replaces that day's files.
   */
  dailyFeed?: (run: EspStepRun, window: { day: string; since: string }) => Promise<EspStepOutcome>;
}

/** Checklist item ids are stable across runs: "<provider>:<step>[:<detail>]". */
export function checklistItem(provider: EspProvider, id: string, title: string, instructions: string): ChecklistItem {
  return { id: `${provider}:${id}`, title, instructions, source: provider };
}

export type { EspHandoffContext, EspRejectedRecord, EspStepOutcome } from '../../domain/esp/steps';
