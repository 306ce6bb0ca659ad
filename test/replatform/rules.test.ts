import { dateProblems, goLiveAt, parseDateArg, pendingDateReminders, type ReplatformDates } from '../../src/domain/replatform/dates';
import { questionnaireSchema } from '../../src/domain/replatform/questionnaire';
import {
  accountsToGoLive, answerVerdict, checklistDoneProblems, dateChange, earliest, hasLaunched, isBeforeLaunch, launchDue, launchNowProblems, notReadyAtLaunch,
  phaseAfterQuestionnaire, remigrateProblems, smartUpdateRunsIn, syncNowRefusal,
} from '../../src/domain/replatform/rules';
import type { EspAccountState } from '../../src/domain/replatform/status';
import { questionnaire } from './support';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const dates = (launch: string | null, deactivate: string | null, activate: string | null = null): ReplatformDates => ({ launchAt: launch, deactivateAt: deactivate, activateAt: activate });
const esp = (state: EspAccountState['state'], account = 0): EspAccountState => ({ provider: 'klaviyo', account, state, detail: null, since: null });

describe('re-platform date rules (pure)', () => {
  it('parses a date argument and says exactly what is wrong with a bad one', () => {
    expect(parseDateArg({ date: '2026-03-05' }, 'launchAt')).toEqual({ ok: true, date: '2026-03-05T00:00:00.000Z' });
    expect(parseDateArg({ date: '2026-03-05T09:00:00+02:00' }, 'launchAt')).toEqual({ ok: true, date: '2026-03-05T07:00:00.000Z' });
    expect(parseDateArg({ date: 'next tuesday' }, 'launchAt')).toEqual({ ok: false, problem: expect.stringMatching(/^launchDate: "next tuesday" is not a date; give "YYYY-MM-DD"/) });
    expect(parseDateArg({ date: '2026-02-30' }, 'deactivateAt')).toMatchObject({ ok: false, problem: expect.stringMatching(/^deactivationDate: "2026-02-30" is not a date/) });
    expect(parseDateArg('2026-03-05', 'launchAt')).toMatchObject({ ok: false, problem: expect.stringMatching(/must be an object such as \{"date": "2026-03-01"\} \(got "2026-03-05"\)/) });
    expect(parseDateArg(undefined, 'activateAt')).toMatchObject({ ok: false, problem: expect.stringMatching(/^activationDate: .*\(got nothing\)/) });
    expect(parseDateArg({ date: '2026-03-05', when: 'x' }, 'launchAt')).toMatchObject({ ok: false, problem: expect.stringMatching(/unknown field\(s\) "when"/) });
  });

  it('keeps launch today or later and deactivation at or after launch', () => {
    expect(dateProblems(dates('2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'), NOW)).toEqual([]);
    expect(dateProblems(dates('2026-02-28T00:00:00.000Z', null), NOW)).toEqual([expect.stringMatching(/^launchDate: 2026-02-28 is in the past; a launch date is today \(2026-03-01\) or later/)]);
    expect(dateProblems(dates('2026-02-28T00:00:00.000Z', null), NOW, { launchFixed: true })).toEqual([]);
    expect(dateProblems(dates('2026-03-10T00:00:00.000Z', '2026-03-09T00:00:00.000Z'), NOW)).toEqual([expect.stringMatching(/^deactivationDate: .* is before the launch date/)]);
  });

  it('moves a date by message name with the phase rules first, returning the new dates', () => {
    const current = dates('2026-03-10T00:00:00.000Z', '2026-03-20T00:00:00.000Z');
    expect(dateChange('markLaunchDate', { date: '2026-03-05' }, { phase: 'smart-update', dates: current, now: NOW }))
      .toEqual({ ok: true, value: { field: 'launchAt', dates: { ...current, launchAt: '2026-03-05T00:00:00.000Z' } } });
    expect(dateChange('markLaunchDate', { date: '2026-03-25' }, { phase: 'smart-update', dates: current, now: NOW }))
      .toEqual({ ok: false, problems: [expect.stringMatching(/deactivationDate: .* is before the launch date 2026-03-25/)] });
    expect(dateChange('markLaunchDate', { date: '2026-03-05' }, { phase: 'awaiting-deactivation', dates: current, now: NOW }))
      .toEqual({ ok: false, problems: ['launchDate: the launch date can move until launch (phase now: awaiting-deactivation)'] });
    // After launch the launch date is a fact: the deactivation is checked against it even though it is past.
    const launched = dates('2026-02-20T00:00:00.000Z', '2026-03-20T00:00:00.000Z');
    expect(dateChange('markDeactivationDate', { date: '2026-03-02' }, { phase: 'awaiting-deactivation', dates: launched, now: NOW })).toMatchObject({ ok: true });
    expect(dateChange('markDeactivationDate', { date: '2026-03-02' }, { phase: 'deactivating', dates: launched, now: NOW }))
      .toEqual({ ok: false, problems: [expect.stringMatching(/already being deactivated \(phase now: deactivating\)/)] });
    expect(dateChange('markActivationDate', { date: 'soon' }, { phase: 'smart-update', dates: current, now: NOW })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^activationDate: "soon" is not a date/)] });
    expect(dateChange('markActivationDate', { date: '2026-03-12' }, { phase: 'awaiting-deactivation', dates: current, now: NOW })).toMatchObject({ ok: true, value: { field: 'activateAt' } });
    expect(dateChange('markActivationDate', { date: '2026-03-12' }, { phase: 'completed', dates: current, now: NOW })).toMatchObject({ ok: false });
  });

  it('lets the activation date drive the go-live, else the launch date', () => {
    expect(goLiveAt(dates('2026-03-10T00:00:00.000Z', null, '2026-03-12T00:00:00.000Z'))).toBe('2026-03-12T00:00:00.000Z');
    expect(goLiveAt(dates('2026-03-10T00:00:00.000Z', null, null))).toBe('2026-03-10T00:00:00.000Z');
    expect(goLiveAt(dates(null, null, null))).toBeNull();
  });

  it('plans a reminder remindBefore each date, again when the date moves, at once when it is closer, never for a past date', () => {
    const d = dates('2026-03-10T00:00:00.000Z', '2026-03-20T00:00:00.000Z', '2026-03-11T00:00:00.000Z');
    const now = NOW.getTime();
    const pending = pendingDateReminders(d, 3 * DAY, [], now);
    expect(pending.map((r) => [r.field, r.at])).toEqual([
      ['launchAt', '2026-03-07T00:00:00.000Z'], ['activateAt', '2026-03-08T00:00:00.000Z'], ['deactivateAt', '2026-03-17T00:00:00.000Z'],
    ]);
    const sent = pending.map((r) => r.key);
    expect(pendingDateReminders(d, 3 * DAY, sent, now)).toEqual([]);
    const moved = { ...d, launchAt: '2026-03-02T00:00:00.000Z' };
    expect(pendingDateReminders(moved, 3 * DAY, sent, now)).toEqual([{ key: 'launchAt@2026-03-02T00:00:00.000Z', field: 'launchAt', date: '2026-03-02T00:00:00.000Z', at: '2026-02-27T00:00:00.000Z' }]);
    expect(pendingDateReminders({ ...d, launchAt: '2026-02-27T00:00:00.000Z' }, 3 * DAY, [], now).map((r) => r.field)).toEqual(['activateAt', 'deactivateAt']);
    expect(pendingDateReminders(d, 3 * DAY, [], now, ['launchAt']).map((r) => r.field)).toEqual(['activateAt', 'deactivateAt']);
  });
});

describe('re-platform phase rules (pure)', () => {
  const q = questionnaireSchema.parse(questionnaire({}, NOW.getTime()));

  it('orders the phases around the launch and says where smart update runs', () => {
    expect(phaseAfterQuestionnaire(q)).toBe('full-migration');
    expect(phaseAfterQuestionnaire({ ...q, data: 'fresh' })).toBe('awaiting-launch');
    expect(isBeforeLaunch('remigrating')).toBe(true);
    expect(hasLaunched('launching')).toBe(true);
    expect(smartUpdateRunsIn('smart-update', true)).toBe(true);
    // After the launch smart update goes on until the deactivation's final run.
    expect(smartUpdateRunsIn('awaiting-deactivation', true)).toBe(true);
    expect(smartUpdateRunsIn('awaiting-deactivation', false)).toBe(false);
    expect(smartUpdateRunsIn('deactivating', true)).toBe(false);
    expect(syncNowRefusal('full-migration', true)).toMatch(/phase now: full-migration/);
    expect(syncNowRefusal('smart-update', true)).toBeNull();
  });

  it('accepts an answer until launch, never a change of data once started, and checks its dates', () => {
    expect(answerVerdict(questionnaire({}, NOW.getTime()), { phase: 'awaiting-questionnaire', current: null, now: NOW })).toMatchObject({ ok: true, value: { data: 'move' } });
    expect(answerVerdict(questionnaire({ data: 'fresh' }, NOW.getTime()), { phase: 'smart-update', current: q, now: NOW }))
      .toEqual({ ok: false, problems: [expect.stringMatching(/^data: "fresh" cannot replace "move" once the re-platform has started/)] });
    expect(answerVerdict(questionnaire({}, NOW.getTime()), { phase: 'awaiting-deactivation', current: q, now: NOW })).toMatchObject({ ok: false, problems: [expect.stringMatching(/editable until launch/)] });
    expect(answerVerdict({ ...questionnaire({}, NOW.getTime()), targetPlatform: 'magento' }, { phase: 'awaiting-questionnaire', current: null, now: NOW }))
      .toMatchObject({ ok: false, problems: [expect.stringMatching(/^targetPlatform: "magento" is not a platform Cutover supports/)] });
    expect(answerVerdict(questionnaire({ launchDate: '2026-02-01' }, NOW.getTime()), { phase: 'awaiting-questionnaire', current: null, now: NOW }))
      .toMatchObject({ ok: false, problems: [expect.stringMatching(/^launchDate: 2026-02-01 is in the past/)] });
  });

  it('refuses launchNow, remigrate and checklistDone with what is allowed', () => {
    expect(launchNowProblems('full-migration', false)).toEqual([expect.stringMatching(/in phase smart-update or awaiting-launch \(phase now: full-migration\)/)]);
    expect(launchNowProblems('smart-update', true)).toEqual(['the re-platform is paused; resume it first']);
    expect(launchNowProblems('awaiting-launch', false)).toEqual([]);
    expect(remigrateProblems({ confirm: false }, 'smart-update', true, false)).toEqual([expect.stringMatching(/^confirm: must be true/)]);
    expect(remigrateProblems({ confirm: true }, 'smart-update', true, true)).toEqual([expect.stringMatching(/already requested/)]);
    expect(remigrateProblems({ confirm: true }, 'awaiting-launch', false, false)).toEqual([expect.stringMatching(/phase now: awaiting-launch/)]);
    expect(remigrateProblems({ confirm: true }, 'smart-update', true, false)).toEqual([]);
    expect(checklistDoneProblems({ item: 'x' }, [])).toEqual([expect.stringMatching(/unknown checklist item "x"; known: \(none yet/)]);
  });

  it('launches at the date unless paused, or at once when asked; ESPs go live when ready, after launch and the go-live time', () => {
    const d = dates('2026-03-01T10:00:00.000Z', null);
    expect(launchDue(d, false, false, NOW.getTime())).toBe(true);
    expect(launchDue(d, false, true, NOW.getTime())).toBe(false);
    expect(launchDue(dates('2026-03-09T00:00:00.000Z', null), true, false, NOW.getTime())).toBe(true);
    const esps = [esp('ready', 0), esp('preparing', 1), esp('live', 2), esp('not-ready', 3)];
    expect(accountsToGoLive(esps, 'smart-update', '2026-03-01T00:00:00.000Z', NOW.getTime())).toEqual([]);
    expect(accountsToGoLive(esps, 'awaiting-deactivation', '2026-03-02T00:00:00.000Z', NOW.getTime())).toEqual([]);
    expect(accountsToGoLive(esps, 'awaiting-deactivation', '2026-03-01T00:00:00.000Z', NOW.getTime()).map((e) => e.account)).toEqual([0]);
    expect(notReadyAtLaunch(esps).map((e) => e.account)).toEqual([1, 3]);
    expect(earliest(null, '2026-03-02', '2026-03-01', undefined)).toBe('2026-03-01');
    expect(earliest(null)).toBeNull();
  });
});
