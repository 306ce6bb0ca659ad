import type { EspAccount, EspHandoffPhase } from '../../../domain/esp/handoff';
import { cortexOptionsSchema } from '../../../domain/esp/options';
import { EspError } from '../errors';
import { parseEspOptions, requireNewConnection } from '../options';
import { checklistItem, type EspProviderModule, type EspStepDefinition, type EspStepOutcome, type EspStepRun } from '../types';
import { writeFeed } from './feed';
import { questionnaireEmail } from './questionnaire';
import { exists, withSftp } from './sftp';

async function csmQuestionnaire(run: EspStepRun): Promise<EspStepOutcome> {
  const options = parseEspOptions(cortexOptionsSchema, run.account);
  const { connection } = run.services.resolve(run.account.connection, 'cortex');
  const email = questionnaireEmail(options, run.context);
  if (!run.services.sendEmail) {
    return {
      state: 'checklist', detail: 'no mailConnection in the options: the questionnaire is a checklist item',
      checklist: [checklistItem('cortex', 'csm-questionnaire', `Email the re-platform questionnaire to ${connection.csmEmail}`, `Subject: ${email.subject}\n\n${email.text}`)],
    };
  }
  await run.services.sendEmail({ to: connection.csmEmail, subject: email.subject, text: email.text, html: `<pre>${email.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>` });
  return { state: 'done', detail: `questionnaire sent to ${connection.csmEmail}` };
}

async function newInstance(run: EspStepRun): Promise<EspStepOutcome> {
  const name = requireNewConnection(run.account);
  const { connection, secrets } = run.services.resolve(name, 'cortex');
  try {
    const ready = await withSftp(connection, secrets, (sftp) => exists(sftp, '/uploads'));
    return ready ? { state: 'done', detail: `new instance "${name}" accepts uploads` } : { state: 'waiting', detail: `new instance "${name}" has no /uploads yet` };
  } catch (err) {
    // Until ReSci opens the new instance, its SFTP refuses us: that is the thing we are waiting for.
    if (err instanceof EspError) return { state: 'waiting', detail: `new instance "${name}" not reachable yet: ${err.message}` };
    throw err;
  }
}

async function historyFeed(run: EspStepRun): Promise<EspStepOutcome> {
  const outcome = await writeFeed(run, requireNewConnection(run.account), run.context.startedAt, null);
  return {
    state: 'done',
    detail: `history of ${run.context.targetStore} uploaded: ${Object.entries(outcome.files).map(([t, n]) => `${t} ${n}`).join(', ')}; ${outcome.rejected.length} rejected`,
    rejected: outcome.rejected,
  };
}

const manual = (step: string, title: string, instructions: string): EspStepDefinition => ({ step, title, instructions });

function prepare(account: EspAccount): EspStepDefinition[] {
  const { instanceDeadline } = parseEspOptions(cortexOptionsSchema, account);
  requireNewConnection(account);
  return [
    { step: 'csm-questionnaire', title: 'Ask ReSci for a new Cortex instance (questionnaire to the CSM)', run: csmQuestionnaire },
    {
      step: 'new-instance', title: 'New Cortex instance for the new store', run: newInstance,
      poll: { every: '6 hours', deadline: instanceDeadline, onDeadline: { title: 'ReSci has not opened the new Cortex instance', instructions: 'The new instance\'s SFTP does not accept uploads yet. Contact your CSM or help@retentionscience.com; then confirm this item and run the prepare phase again.' } },
    },
    { step: 'history-feed', title: 'Send the new store\'s history to the new instance', run: historyFeed },
  ];
}

export const cortexProvider: EspProviderModule = {
  provider: 'cortex',
  awaitsModelTraining: () => true,
  steps(phase: EspHandoffPhase, account: EspAccount): EspStepDefinition[] {
    if (phase === 'prepare') return prepare(account);
    if (phase === 'go-live') {
      return [manual('move-campaigns', 'Move campaigns to the new Cortex instance', 'Cortex has no API for campaigns: with your CSM, recreate or move the campaigns onto the new instance (now trained on the new store) and pause them on the old one.')];
    }
    return [manual('retire-old-instance', 'Retire the old Cortex instance', 'Ask your CSM to retire the old instance now that the old platform is deactivated; stop any feed that still uploads to it.')];
  },
  dailyFeed: async (run, window) => {
    const outcome = await writeFeed(run, requireNewConnection(run.account), window.day, window.since);
    return { state: 'done', detail: `daily feed ${window.day.slice(0, 10)}: ${Object.entries(outcome.files).map(([t, n]) => `${t} ${n}`).join(', ')}`, rejected: outcome.rejected };
  },
};
