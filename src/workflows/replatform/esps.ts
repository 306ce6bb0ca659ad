import { executeChild, startChild } from '@temporalio/workflow';
import type { EspAccount, EspHandoffInput, EspHandoffPhase, EspHandoffResult, ReplatformAnswers } from '../../domain/esp/handoff';
import { espHandoffWorkflowId } from '../../domain/esp/handoff';
import type { Questionnaire } from '../../domain/replatform/questionnaire';
import type { EspAccountState, ReplatformStatus } from '../../domain/replatform/status';
import type { ReplatformLifecycle } from './lifecycle';
import { failure, iso } from './util';

type EspChild = (input: EspHandoffInput) => Promise<EspHandoffResult>;

/**
 * The re-platform's side of the ESP handoff: the prepare child started beside the main loop (its result and
 * its per-account readiness signals recorded), each account's go-live once ready, the deactivate child.
 * Called by the lifecycle's main loop only.
 */
export class EspSide {
  constructor(private readonly lc: ReplatformLifecycle) {}

  /** The re-platform's answers as an ESP's CSM asks them: entered once, in the questionnaire; dates as they are now. */
  private answers(): ReplatformAnswers {
    const q = this.lc.s.questionnaire as Questionnaire;
    // A calendar day given as a day reads as one ("2026-03-01"), an instant stays an instant.
    const shown = (at: string | null): string | null => (at && at.endsWith('T00:00:00.000Z') ? at.slice(0, 10) : at);
    return {
      techContact: `${q.techContact.name} <${q.techContact.email}>, ${q.techContact.phone}`, sameDomain: q.sameDomain,
      launchDate: shown(this.lc.s.dates.launchAt), deactivationDate: shown(this.lc.s.dates.deactivateAt), activationDate: shown(this.lc.s.dates.activateAt),
      movingExistingData: q.data === 'move', businessConsiderations: q.uniqueConsiderations.trim() || 'none',
    };
  }

  private espInput(phase: EspHandoffPhase, esps: EspAccount[]): EspHandoffInput {
    return {
      phase, replatformId: this.lc.id, sourcePlatform: this.lc.s.sourcePlatform as NonNullable<ReplatformStatus['sourcePlatform']>,
      targetPlatform: this.lc.s.targetPlatform as NonNullable<ReplatformStatus['targetPlatform']>,
      sourceStore: this.lc.settings.source.connection, targetStore: this.lc.settings.target.connection, storeDomain: this.lc.settings.storeDomain,
      esps, trainingTimeout: this.lc.settings.espTrainingTimeout, answers: this.answers(),
    };
  }

  /** Starts the ESP prepare child beside the lifecycle: it may take weeks (new instances, training) and never holds the launch. */
  async startPrepare(): Promise<void> {
    const q = this.lc.s.questionnaire as Questionnaire;
    const handle = await startChild<EspChild>('espHandoff', { workflowId: espHandoffWorkflowId(this.lc.id, 'prepare'), args: [this.espInput('prepare', q.esps)] });
    this.lc.s.espPrepare = 'running';
    for (const e of this.lc.s.esps) Object.assign(e, { state: 'preparing', detail: null, since: iso(Date.now()) });
    this.lc.note(`ESP prepare started (${handle.workflowId}), beside smart update`);
    handle.result().then(
      (result) => { this.lc.prepareOutcome = { result }; },
      (err: unknown) => { this.lc.prepareOutcome = { error: failure(err) }; },
    );
  }

  /** The prepare child's end: its checklist joins ours; an account it never reported on is judged from its steps. */
  recordPrepare(): void {
    const outcome = this.lc.prepareOutcome as NonNullable<ReplatformLifecycle['prepareOutcome']>;
    this.lc.prepareOutcome = null;
    this.lc.s.espPrepare = 'finished';
    if ('error' in outcome) {
      this.lc.note(`ESP prepare failed: ${outcome.error}`);
      for (const e of this.lc.s.esps.filter((x) => x.state === 'preparing' || x.state === 'waiting')) this.lc.setEspState(e, 'not-ready', `prepare failed: ${outcome.error}`);
      return;
    }
    const { result } = outcome;
    this.lc.addChecklist(result.checklist);
    this.lc.note(`ESP prepare: ${result.steps.filter((x) => x.state === 'done').length} step(s) done, ${result.checklist.length} checklist item(s), trained: ${result.trained}`);
    for (const e of this.lc.s.esps.filter((x) => x.state === 'preparing' || x.state === 'waiting')) {
      const failed = result.steps.find((x) => x.provider === e.provider && x.state === 'failed');
      const untrained = result.checklist.some((c) => c.id === `${e.provider}:model-training-overdue`);
      if (failed || untrained) this.lc.setEspState(e, 'not-ready', failed ? `${failed.step} failed: ${failed.detail ?? ''}` : 'models not trained');
      else this.lc.setEspState(e, 'ready', 'prepared');
    }
  }

  async goLive(accounts: EspAccountState[]): Promise<void> {
    const q = this.lc.s.questionnaire as Questionnaire;
    this.lc.s.goLiveRuns += 1;
    const base = espHandoffWorkflowId(this.lc.id, 'go-live');
    const workflowId = this.lc.s.goLiveRuns === 1 ? base : `${base}-${this.lc.s.goLiveRuns}`;
    const providers = accounts.map((a) => a.provider).join(', ');
    try {
      const result = await executeChild<EspChild>('espHandoff', { workflowId, args: [this.espInput('go-live', accounts.map((a) => q.esps[a.account] as EspAccount))] });
      this.lc.addChecklist(result.checklist);
      for (const a of accounts) {
        const steps = result.steps.filter((x) => x.provider === a.provider);
        this.lc.setEspState(a, 'live', `${steps.filter((x) => x.state === 'done').length} go-live step(s) done, ${steps.filter((x) => x.state === 'checklist').length} for a person`);
      }
      this.lc.note(`ESP go-live (${providers}) by ${workflowId}`);
    } catch (err) {
      for (const a of accounts) this.lc.setEspState(a, 'not-ready', `go-live failed: ${failure(err)}`);
    }
  }

  async deactivateEsps(): Promise<void> {
    const q = this.lc.s.questionnaire as Questionnaire;
    if (q.esps.length === 0) return;
    // An ESP that got ready after its go-live time but before now goes live first.
    const late = this.lc.s.esps.filter((e) => e.state === 'ready');
    if (late.length) await this.goLive(late);
    for (const e of this.lc.s.esps.filter((x) => x.state === 'preparing' || x.state === 'waiting')) this.lc.setEspState(e, 'not-ready', 'still preparing at the deactivation date');
    try {
      const result = await executeChild<EspChild>('espHandoff', { workflowId: espHandoffWorkflowId(this.lc.id, 'deactivate'), args: [this.espInput('deactivate', q.esps)] });
      this.lc.addChecklist(result.checklist);
      this.lc.act('esp-deactivate', result.steps.some((x) => x.state === 'failed') ? 'failed' : 'done', `${result.steps.filter((x) => x.state === 'done').length} step(s) done by API, ${result.checklist.length} for a person (emailed before the date): ${result.checklist.map((c) => c.id).join(', ') || 'none'}`);
    } catch (err) {
      this.lc.act('esp-deactivate', 'failed', failure(err));
    }
    for (const [account, esp] of q.esps.entries()) {
      if (esp.provider !== 'cortex') continue;
      // Cutover's only Cortex feed uploads the NEW store to the NEW instance: it must outlive the old platform.
      this.lc.act('cortex-feed', 'skipped', `account ${account}: the daily feed ${this.lc.id}-cortex-feed feeds the new instance from the new store and keeps running; Cutover runs no feed to the old instance (its retirement is the checklist step cortex:retire-old-instance)`);
    }
  }
}
