import { formatReplatformStatus } from '../../src/cli/replatform';
import type { ReplatformStatus } from '../../src/domain/replatform/status';

const status: ReplatformStatus = {
  replatformId: 'replatform-shop.example', storeDomain: 'shop.example', phase: 'awaiting-confirmation', paused: false,
  sourcePlatform: 'woocommerce', targetPlatform: 'shopify',
  dates: { launchAt: '2026-03-01T00:00:00.000Z', deactivateAt: '2026-03-15T00:00:00.000Z', activateAt: '2026-03-03T00:00:00.000Z' }, goLiveAt: '2026-03-03T00:00:00.000Z',
  questionnaire: null,
  migration: { workflowId: null, progress: null, verified: null, runs: 0 },
  smartUpdate: { runs: 40, nextAt: null, syncedUntil: '2026-03-15T00:00:00.000Z', last: null, stoppedAt: '2026-03-15T00:00:05.000Z' },
  conflicts: [],
  esps: [
    { provider: 'klaviyo', account: 0, state: 'live', detail: '1 go-live step(s) done, 0 for a person', since: '2026-03-03T00:00:00.000Z' },
    { provider: 'cortex', account: 1, state: 'not-ready', detail: 'cortex: models not trained after 14 days', since: '2026-03-10T00:00:00.000Z' },
  ],
  checklist: [{ id: 'klaviyo:disable-old-integration', source: 'klaviyo', title: 'At deactivation: Disable the old integration', instructions: '…', doneAt: '2026-03-16T09:00:00.000Z' }],
  nextReminderAt: null, remindersSent: 4,
  notices: [{ at: '2026-02-26T00:00:00.000Z', kind: 'date-reminder', about: 'launch on 2026-03-01T00:00:00.000Z', sent: true }],
  rejectedSignals: [{ at: '2026-02-20T10:00:00.000Z', signal: 'markLaunchDate', received: '{"date":"next tuesday"}', problems: ['launchDate: "next tuesday" is not a date'] }],
  deactivation: { actions: [{ at: '2026-03-15T00:00:06.000Z', action: 'old-webhooks-removed', outcome: 'done', detail: 'removed 2: …; 1 pointing elsewhere kept' }] },
  timeline: [], historyRuns: 0,
};

test('`cutover replatform status` shows refused signals, each ESP\'s readiness, the emails sent and what the deactivation did', () => {
  const text = formatReplatformStatus(status);
  expect(text).toContain('ESPs go live 2026-03-03 00:00Z');
  expect(text).toMatch(/REFUSED SIGNALS \(1, .*\)\n {4}2026-02-20 10:00Z {2}markLaunchDate \{"date":"next tuesday"\}: launchDate: "next tuesday" is not a date/);
  expect(text).toMatch(/klaviyo#0 +live +since 2026-03-03 00:00Z {2}1 go-live step/);
  expect(text).toMatch(/cortex#1 +not-ready since 2026-03-10 00:00Z {2}cortex: models not trained/);
  expect(text).toMatch(/smart update 40 run\(s\), stopped 2026-03-15 00:00:05Z after the final run/);
  expect(text).toMatch(/\[x\] klaviyo:disable-old-integration +At deactivation: .*\(confirmed 2026-03-16 09:00Z\)/);
  expect(text).toMatch(/emails to the tech contact \(last 1 of 1\)\n {4}2026-02-26 00:00Z {2}date-reminder +launch on/);
  expect(text).toMatch(/deactivation, done by API\n {4}2026-03-15 00:00:06Z {2}old-webhooks-removed +done +removed 2/);
});
