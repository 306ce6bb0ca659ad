import { ApplicationFailure } from '@temporalio/activity';
import type { ChecklistEntry } from '../../domain/replatform/checklist';
import type { ChannelSenders } from '../purchase/channel-senders';
import { isChannelError } from '../../connectors/channels';

export interface ChecklistMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function checklistEmail(to: string, storeDomain: string, open: ChecklistEntry[], reminder: boolean): ChecklistMessage {
  const subject = reminder
    ? `Reminder: ${open.length} re-platform step(s) still open for ${storeDomain}`
    : `Your re-platform checklist for ${storeDomain}`;
  const intro = 'These steps need a person. When one is done, confirm it with: cutover replatform checklist done <item>';
  const text = [intro, '', ...open.map((i) => `[${i.id}] ${i.title}\n    ${i.instructions}`)].join('\n');
  const html = `<p>${escapeHtml(intro)}</p><ul>${open.map((i) => `<li><b>${escapeHtml(i.title)}</b> (<code>${escapeHtml(i.id)}</code>)<br>${escapeHtml(i.instructions)}</li>`).join('')}</ul>`;
  return { to, subject, text, html };
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
