import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ConnectionRegistry } from '../../config/secrets';
import { ChannelError } from '../../connectors/channels/errors';
import { createSmtpChannel } from '../../connectors/channels/smtp';
import { espProviders } from '../../connectors/esp';
import { EspError } from '../../connectors/esp/errors';
import type { EspProviderModule, EspServices } from '../../connectors/esp/types';
import { PlatformError } from '../../connectors/platforms/errors';
import type { EspAccount, EspHandoffPhase, EspProvider } from '../../domain/esp/handoff';
import type { EspFeedRequest, EspHandoffPlan, EspStepOutcome, EspStepRequest, PlannedEspStep } from '../../domain/esp/steps';
import { asPermanent } from '../connections/check-connection';
import type { PlatformProvider } from '../migration/platform-provider';

export interface EspActivityDeps {
  connections: ConnectionRegistry;
  platforms: PlatformProvider;
  /** The provider list; tests may swap one. Default: src/connectors/esp's registry. */
  providers?: Partial<Record<EspProvider, EspProviderModule>>;
}

/** Classifies a step's failure for Temporal: 429/5xx retry (after Retry-After), the rest fail at once. */
function rethrow(err: unknown, request: EspStepRequest): never {
  const where = `${request.provider} ${request.step}`;
  if (err instanceof EspError || err instanceof PlatformError) {
    if (!err.retryable) throw ApplicationFailure.nonRetryable(`${where}: ${err.message}`, err.name);
    throw ApplicationFailure.create({ message: `${where}: ${err.message}`, type: err.name, ...(err.retryAfterMs ? { nextRetryDelay: err.retryAfterMs } : {}) });
  }
  // The CSM email goes through the SMTP channel, whose errors say themselves whether they are permanent.
  if (err instanceof ChannelError) {
    if (err.permanent) throw ApplicationFailure.nonRetryable(`${where}: ${err.message}`, `Channel:${err.code}`);
    throw ApplicationFailure.create({ message: `${where}: ${err.message}`, type: `Channel:${err.code}`, ...(err.retryAfterMs ? { nextRetryDelay: err.retryAfterMs } : {}) });
  }
  return asPermanent(err);
}

export function createEspActivities(deps: EspActivityDeps) {
  const providers: Partial<Record<EspProvider, EspProviderModule>> = deps.providers ?? espProviders;

  const services = (mailConnection: string | null): EspServices => ({
    platform: (name) => deps.platforms(name),
    resolve: (name, kind) => deps.connections.resolve(name, kind),
    sendEmail: mailConnection === null ? null : async (message) => {
      const { connection, secrets } = deps.connections.resolve(mailConnection, 'smtp');
      const channel = createSmtpChannel(connection, secrets);
      try {
        await channel.send(message);
      } finally {
        await channel.close();
      }
    },
    heartbeat: (detail) => Context.current().heartbeat(detail),
  });

  return {
    /** The handoff's steps for a phase, in order, as each provider declares them. Pure: no ESP is called. */
    async planEspHandoff(request: { phase: EspHandoffPhase; esps: EspAccount[] }): Promise<EspHandoffPlan> {
      const steps: PlannedEspStep[] = [];
      const awaits = new Set<EspProvider>();
      const dailyFeeds: EspHandoffPlan['dailyFeeds'] = [];
      for (const [index, account] of request.esps.entries()) {
        const provider = providers[account.provider];
        if (!provider) {
          steps.push({ provider: account.provider, account: index, step: 'not-automated', title: `Hand off ${account.provider} by hand`, mode: 'manual', instructions: `Cutover has no ${account.provider} adapter in this build: follow the provider's re-platform guide by hand.`, poll: null });
          continue;
        }
        let definitions;
        try {
          definitions = provider.steps(request.phase, account);
        } catch (err) {
          throw ApplicationFailure.nonRetryable(`esps.${index} (${account.provider}): ${(err as Error).message}`, 'InvalidEspOptions');
        }
        for (const definition of definitions) {
          steps.push({
            provider: account.provider, account: index, step: definition.step, title: definition.title,
            mode: definition.run ? 'automated' : 'manual', instructions: definition.instructions ?? null, poll: definition.poll ?? null,
          });
        }
        if (request.phase === 'prepare' && provider.awaitsModelTraining(account)) awaits.add(account.provider);
        if (request.phase === 'prepare' && provider.dailyFeed) dailyFeeds.push({ provider: account.provider, account: index });
      }
      return { steps, awaitsModelTraining: [...awaits], dailyFeeds };
    },

    /** Runs one automated step; idempotent, so Temporal may run it again after a retry or a crash. */
    async runEspStep(request: EspStepRequest): Promise<EspStepOutcome> {
      const provider = providers[request.provider];
      const definition = provider?.steps(request.context.phase, request.account).find((s) => s.step === request.step);
      if (!definition?.run) throw ApplicationFailure.nonRetryable(`${request.provider} has no automated step "${request.step}" in phase ${request.context.phase}`, 'UnknownEspStep');
      const mail = typeof request.account.options?.mailConnection === 'string' ? request.account.options.mailConnection : null;
      try {
        return await definition.run({ account: request.account, context: request.context, services: services(mail) });
      } catch (err) {
        return rethrow(err, request);
      }
    },

    /** One day of a provider's daily feed; idempotent (the day's files are replaced). */
    async runEspFeed(request: EspFeedRequest): Promise<EspStepOutcome> {
      const feed = providers[request.provider]?.dailyFeed;
      if (!feed) throw ApplicationFailure.nonRetryable(`${request.provider} has no daily feed`, 'UnknownEspFeed');
      const mail = typeof request.account.options?.mailConnection === 'string' ? request.account.options.mailConnection : null;
      try {
        return await feed({ account: request.account, context: request.context, services: services(mail) }, { day: request.day, since: request.since });
      } catch (err) {
        return rethrow(err, { provider: request.provider, step: 'daily-feed', account: request.account, context: request.context });
      }
    },
  };
}

export type EspActivities = ReturnType<typeof createEspActivities>;
