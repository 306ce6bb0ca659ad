import type { ChecklistItem } from '../esp/handoff';
import type { Questionnaire } from './questionnaire';

export interface ChecklistEntry extends ChecklistItem {
  /** When the tech contact confirmed it (workflow time), null while open. */
  doneAt: string | null;
}

/**
 * The steps no API can do, with instructions: contacting the ESP's CSM, onsite tracking and signup forms on
 * the new site, DNS and the domain, and each unique consideration the questionnaire lists.
 */
export function baseChecklist(questionnaire: Questionnaire): ChecklistItem[] {
  const items: ChecklistItem[] = [
    {
      id: 'csm-contact', source: 'replatform', title: 'Tell your ESP\'s CSM about the re-platform',
      instructions: 'Write to your dedicated CSM or the ESP\'s support (Cortex: help@retentionscience.com) with the platform you move to, your launch date and your tech contact, so service is not interrupted.',
    },
    {
      id: 'onsite-tracking', source: 'replatform', title: 'Enable onsite tracking on the new site',
      instructions: `Install the ESP's tracking snippet on the new ${questionnaire.targetPlatform} site (Active on Site and Viewed Product), then browse a product page and check the events arrive.`,
    },
    {
      id: 'signup-forms', source: 'replatform', title: 'Reconnect signup forms',
      instructions: 'Make the new store\'s signup forms feed your ESP list (an integration setting), or replace them with the ESP\'s own forms; submit a test address.',
    },
    questionnaire.sameDomain
      ? {
        id: 'dns-domain', source: 'replatform', title: 'Point the domain at the new platform on launch day',
        instructions: `The new site keeps the same domain: on launch day change the DNS records (A/CNAME) to the ${questionnaire.targetPlatform} values, re-verify the domain with the ESP and renew the TLS certificate.`,
      }
      : {
        id: 'dns-domain', source: 'replatform', title: 'Set up the new domain and redirects',
        instructions: 'The new site uses a new domain: verify it with the ESP (sending domain, links), and 301-redirect the old domain\'s URLs to the new ones.',
      },
  ];
  const considerations = questionnaire.uniqueConsiderations.split('\n').map((line) => line.trim()).filter(Boolean);
  considerations.forEach((text, index) => items.push({
    id: `consideration-${index + 1}`, source: 'replatform', title: `Unique consideration: ${text.slice(0, 60)}`,
    instructions: `You told us: "${text}". Confirm it is handled on the new platform before launch.`,
  }));
  return items;
}

/** Adds items not yet on the list (by id), keeping the state of those already there. */
export function mergeChecklist(current: ChecklistEntry[], incoming: readonly ChecklistItem[]): ChecklistEntry[] {
  const known = new Set(current.map((item) => item.id));
  return [...current, ...incoming.filter((item) => !known.has(item.id)).map((item) => ({ ...item, doneAt: null }))];
}
