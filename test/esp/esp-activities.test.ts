import { MockActivityEnvironment } from '@temporalio/testing';
import { createEspActivities } from '../../src/activities/esp/esp-activities';
import { ConnectionRegistry } from '../../src/config/secrets';
import type { EspAccount } from '../../src/domain/esp/handoff';
import type { EspHandoffPlan, EspStepRequest } from '../../src/domain/esp/steps';
import { SmtpSink } from '../../src/sandbox/smtp';
import { MemoryPlatform } from '../support/memory-platform';
import { answers, context } from './klaviyo-fixture';

describe('ESP activities (the layer between the workflow and the providers)', () => {
  const smtp = new SmtpSink();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  const connections = () => new ConnectionRegistry({
    mail: { kind: 'smtp', host: '127.0.0.1', port: smtp.port, secure: false, from: 'Shop <ops@shop.example>' },
    'cortex-old': { kind: 'cortex', sftpHost: '127.0.0.1', sftpPort: 22, username: 'old', password: 'x', csmEmail: 'csm@retentionscience.com' },
    'cortex-new': { kind: 'cortex', sftpHost: '127.0.0.1', sftpPort: 22, username: 'new', password: 'x', csmEmail: 'csm@retentionscience.com' },
  });
  const activities = () => createEspActivities({ connections: connections(), platforms: () => new MemoryPlatform('shopify') });
  const cortex: EspAccount = { provider: 'cortex', connection: 'cortex-old', newConnection: 'cortex-new', options: { mailConnection: 'mail' } };

  it('plans each provider\'s steps in order, with the retrained-model gate and the daily feed for Cortex', async () => {
    const esps: EspAccount[] = [{ provider: 'klaviyo', connection: 'k', options: {} }, cortex, { provider: 'omnisend', connection: 'o1', newConnection: 'o2', options: {} }];
    const { planEspHandoff } = activities();
    const plan: EspHandoffPlan = await new MockActivityEnvironment().run(planEspHandoff, { phase: 'prepare' as const, esps });
    expect(plan.steps.map((s) => `${s.account}:${s.step}:${s.mode}`)).toEqual([
      '0:new-integration:automated', '0:historical-orders:automated', '0:new-data-syncing:automated', '0:onsite-tracking:automated', '0:signup-forms:manual',
      '0:twin-flows:automated', '0:welcome-series:automated', '0:twin-segments:automated',
      '1:csm-questionnaire:automated', '1:new-instance:automated', '1:history-feed:automated',
      '2:tag-engagement:automated', '2:copy-contacts:automated', '2:automations:manual', '2:templates:manual', '2:invoices:manual', '2:reports:manual',
    ]);
    expect(plan.awaitsModelTraining).toEqual(['cortex']);
    expect(plan.dailyFeeds).toEqual([{ provider: 'cortex', account: 1 }]);
  });

  it('refuses a bad option as a non-retryable failure naming the field', async () => {
    const esps: EspAccount[] = [{ provider: 'klaviyo', connection: 'k', options: { welcomeSeriesFlows: 'Welcome' } }];
    const { planEspHandoff } = activities();
    const error = await new MockActivityEnvironment().run(planEspHandoff, { phase: 'prepare' as const, esps }).catch((e: unknown) => e);
    expect(error).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/esps\.0 \(klaviyo\).*options\.welcomeSeriesFlows/) });
  });

  it('sends the CSM questionnaire through the smtp connection', async () => {
    const { runEspStep } = activities();
    const request: EspStepRequest = { provider: 'cortex', step: 'csm-questionnaire', account: cortex, context: context('prepare', answers) };
    const outcome = await new MockActivityEnvironment().run(runEspStep, request);
    expect(outcome).toMatchObject({ state: 'done', detail: 'questionnaire sent to csm@retentionscience.com' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toBe('Re-platforming shop.example from woocommerce to shopify: new Cortex instance');
    expect(smtp.received[0]?.text).toContain('When is your tentative launch date?\n  2026-12-01');
  });
});
