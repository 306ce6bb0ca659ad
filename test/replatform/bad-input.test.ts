import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { platformNames } from '../../src/domain/catalog/platforms';
import { answerUpdate, launchNowUpdate, markDeactivationDateUpdate, markLaunchDateUpdate, statusQuery } from '../../src/workflows/replatform/messages';
import { baseInput, day, harness, questionnaire, rejection } from './support';
import { createTimeSkippingEnv, useTestBed } from '../support/temporal';

describe('replatform refuses bad input with what is wrong and what is allowed, and changes nothing', () => {
  const bed = useTestBed(createTimeSkippingEnv, 'each-test');

  it('rejects a bad answer, wrong-phase launch, misordered dates and a second start; a past launch date fails the start', async () => {
    const h = await harness(bed.env, bed.store);
    const now = await bed.env.currentTimeMs();
    await h.worker.runUntil(async () => {
      const workflowId = `replatform-bad-${h.taskQueue}`;
      const handle = await bed.env.client.workflow.start('replatform', { taskQueue: h.taskQueue, workflowId, args: [baseInput('bad.example')] });
      const bad = await rejection(handle.executeUpdate(answerUpdate, { args: [{ ...questionnaire({}, now), targetPlatform: 'magento', techContact: { name: '', email: 'nope', phone: 'x' } }] }));
      expect(bad).toContain(`targetPlatform: "magento" is not a platform Cutover supports (supported: ${platformNames.join(', ')})`);
      expect(bad).toMatch(/techContact\.email/);
      expect(bad).toMatch(/techContact\.phone/);
      expect((await handle.query(statusQuery)).questionnaire).toBeNull();
      expect(await rejection(handle.executeUpdate(launchNowUpdate))).toMatch(/launch is accepted once the full migration has finished .* \(phase now: awaiting-questionnaire\)/);
      expect(await rejection(handle.executeUpdate(answerUpdate, { args: [questionnaire({ launchDate: day(-3, now) }, now)] }))).toMatch(/launchDate: .* is in the past; a launch date is today/);
      await handle.executeUpdate(answerUpdate, { args: [questionnaire({ data: 'fresh' }, now)] });
      expect(await rejection(handle.executeUpdate(markDeactivationDateUpdate, { args: [{ date: day(1, now) }] }))).toMatch(/deactivationDate: .* is before the launch date/);
      expect(await rejection(handle.executeUpdate(markLaunchDateUpdate, { args: [{ date: 'next tuesday' }] }))).toMatch(/"next tuesday" is not a date/);
      const st = await handle.query(statusQuery);
      expect(st.dates.launchAt?.slice(0, 10)).toBe(day(14, now));
      await expect(bed.env.client.workflow.start('replatform', { taskQueue: h.taskQueue, workflowId, args: [baseInput('bad.example')] })).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await handle.terminate('test done');

      const past = await bed.env.client.workflow.start('replatform', {
        taskQueue: h.taskQueue, workflowId: `${workflowId}-past`, args: [baseInput('past.example', { questionnaire: questionnaire({ launchDate: day(-10, now) }, now) })],
      });
      const error = await past.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect(String((error as WorkflowFailedError).cause?.message)).toMatch(/questionnaire\.launchDate: .* is in the past/);
    });
  });
});
