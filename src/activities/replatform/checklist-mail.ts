import { ApplicationFailure } from '@temporalio/activity';
import type { ChecklistEntry } from '../../domain/replatform/checklist';
import { dateWord, type TechNotice } from '../../domain/replatform/notices';
import type { ChannelSenders } from '../purchase/channel-senders';
import { isChannelError } from '../../connectors/channels';

export interface ChecklistMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const CONFIRM = 'When one is done, confirm it with: cutover replatform checklist done <store> <item>';

function itemsText(open: ChecklistEntry[]): string[] {
  return open.map((i) => `[${i.id}] ${i.title}\n    ${i.instructions}`);
}

function itemsHtml(open: ChecklistEntry[]): string {
  return `<ul>${open.map((i) => `<li><b>${escapeHtml(i.title)}</b> (<code>${escapeHtml(i.id)}</code>)<br>${escapeHtml(i.instructions)}</li>`).join('')}</ul>`;
}

function message(to: string, subject: string, paragraphs: string[], open: ChecklistEntry[]): ChecklistMessage {
  const text = [...paragraphs, '', ...itemsText(open)].join('\n').trimEnd();
  const html = `${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${open.length ? itemsHtml(open) : ''}`;
  return { to, subject, text, html };
}

export function checklistEmail(to: string, storeDomain: string, open: ChecklistEntry[], reminder: boolean): ChecklistMessage {
  const subject = reminder
    ? `Reminder: ${open.length} re-platform step(s) still open for ${storeDomain}`
    : `Your re-platform checklist for ${storeDomain}`;
  return message(to, subject, [`These steps need a person. ${CONFIRM}`], open);
}

/** Words a notice to the tech contact; null when there is nothing to say (a checklist with nothing open). */
export function techContactEmail(to: string, storeDomain: string, notice: TechNotice): ChecklistMessage | null {
  switch (notice.kind) {
    case 'checklist':
    case 'checklist-reminder': {
      const open = notice.items.filter((i) => !i.doneAt);
      return open.length ? checklistEmail(to, storeDomain, open, notice.kind === 'checklist-reminder') : null;
    }
    case 'date-reminder': {
      const open = notice.items.filter((i) => !i.doneAt);
      const what = dateWord(notice.field);
      const when = notice.date.replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, ' UTC');
      return message(to, `Coming up for ${storeDomain}: ${what} on ${when}`, [
        `The ${what} of ${storeDomain} is set for ${when}. To move it: cutover replatform ${notice.field === 'launchAt' ? 'launch' : notice.field === 'deactivateAt' ? 'deactivate' : 'activate'} ${storeDomain} --date <date>.`,
        open.length ? `${open.length} step(s) that need a person are still open. ${CONFIRM}` : 'Every step that needs a person is confirmed.',
      ], open);
    }
    case 'signal-rejected':
      return message(to, `Refused for ${storeDomain}: ${notice.signal} ${notice.received}`, [
        `The re-platform of ${storeDomain} received ${notice.signal} with ${notice.received} and did not apply it:`,
        ...notice.problems.map((p) => `- ${p}`),
        'The dates are unchanged; see them with: cutover replatform status ' + storeDomain,
      ], []);
    case 'esp-not-ready':
      return message(to, `${storeDomain} launched; not every ESP is ready to go live`, [
        `${storeDomain} launched without waiting for the ESP handoff. These ESPs are not ready, so their flows stay on the old store for now:`,
        ...notice.accounts.map((a) => `- ${a.provider}: ${a.state}${a.detail ? ` (${a.detail})` : ''}`),
        `Each goes live as soon as it is ready${notice.goLiveAt ? ` (go-live time ${notice.goLiveAt})` : ''}; one that cannot get ready within its own deadline becomes a checklist step.`,
      ], []);
  }
}

/** Emails through the SMTP channel connector (the shared ChannelSenders); a permanent refusal is not retried. */
export async function sendChecklistMail(channels: Pick<ChannelSenders, 'email'>, connection: string, message: ChecklistMessage): Promise<void> {
  try {
    await channels.email(connection, message);
  } catch (err) {
    if (isChannelError(err) && err.permanent) throw ApplicationFailure.nonRetryable(`email connection "${connection}": ${err.message}`, 'EmailRefused');
    throw err;
  }
}
