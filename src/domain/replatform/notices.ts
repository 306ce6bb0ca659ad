import type { EspProvider } from '../esp/handoff';
import type { ChecklistEntry } from './checklist';
import type { DateField } from './dates';
import type { NoticeKind } from './status';

/**
 * What the re-platform tells its tech contact, as the workflow hands it to the email activity (which words
 * it). Checklist items travel whole so the email can give each one's instructions.
 */
export type TechNotice =
  | { kind: 'checklist'; items: ChecklistEntry[] }
  | { kind: 'checklist-reminder'; items: ChecklistEntry[] }
  | { kind: 'date-reminder'; field: DateField; date: string; items: ChecklistEntry[] }
  | { kind: 'signal-rejected'; signal: string; received: string; problems: string[] }
  | { kind: 'esp-not-ready'; accounts: { provider: EspProvider; state: string; detail: string | null }[]; goLiveAt: string | null };

const dateWords: Record<DateField, string> = { launchAt: 'launch', deactivateAt: 'deactivation of the old platform', activateAt: 'activation of the new platform' };

/** One line saying what a notice is about (the status lists it). */
export function noticeAbout(notice: TechNotice): string {
  switch (notice.kind) {
    case 'checklist': return `checklist, ${notice.items.filter((i) => !i.doneAt).length} open step(s)`;
    case 'checklist-reminder': return `reminder, ${notice.items.filter((i) => !i.doneAt).length} open step(s)`;
    case 'date-reminder': return `${dateWords[notice.field]} on ${notice.date}`;
    case 'signal-rejected': return `${notice.signal} ${notice.received} rejected`;
    case 'esp-not-ready': return `not ready at launch: ${notice.accounts.map((a) => a.provider).join(', ')}`;
  }
}

export const noticeKinds: readonly NoticeKind[] = ['checklist', 'checklist-reminder', 'date-reminder', 'signal-rejected', 'esp-not-ready'];

export function dateWord(field: DateField): string {
  return dateWords[field];
}
