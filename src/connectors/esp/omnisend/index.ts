import type { EspAccount, EspHandoffPhase } from '../../../domain/esp/handoff';
import { omnisendOptionsSchema } from '../../../domain/esp/options';
import { parseEspOptions, requireNewConnection } from '../options';
import { checklistItem, type EspProviderModule, type EspStepDefinition, type EspStepRun } from '../types';
import { OmnisendClient } from './client';
import { copyContacts, tagSegment } from './contacts';

function client(run: EspStepRun, connectionName: string): OmnisendClient {
  const { connection, secrets } = run.services.resolve(connectionName, 'omnisend');
  return new OmnisendClient(secrets.apiKey ?? '', connection.endpoint);
}

const manual = (step: string, title: string, instructions: string): EspStepDefinition => ({ step, title, instructions });

function prepare(account: EspAccount): EspStepDefinition[] {
  parseEspOptions(omnisendOptionsSchema, account);
  requireNewConnection(account);
  return [
    {
      step: 'tag-engagement', title: 'Tag engagement segments before export',
      run: async (run) => {
        const { engagementSegments } = parseEspOptions(omnisendOptionsSchema, run.account);
        if (engagementSegments.length === 0) return { state: 'skipped', detail: 'no engagement segments named in the options' };
        const old = client(run, run.account.connection);
        const lines: string[] = [];
        for (const { segmentId, tag } of engagementSegments) {
          const { tagged, already } = await tagSegment(old, segmentId, tag);
          lines.push(`${segmentId} → "${tag}": ${tagged} tagged, ${already} already`);
        }
        return {
          state: 'done', detail: lines.join('; '),
          checklist: [checklistItem('omnisend', 'rebuild-engagement-segments', 'Rebuild engagement segments in the new brand',
            `Engagement data does not move between brands. In the new brand, create one segment per tag: ${engagementSegments.map((s) => `"${s.tag}"`).join(', ')} (Audience → Segments → tag is …).`)],
        };
      },
    },
    {
      step: 'copy-contacts', title: 'Copy contacts with statuses, opt-in/out dates and tags to the new brand',
      run: async (run) => {
        const outcome = await copyContacts(client(run, run.account.connection), client(run, requireNewConnection(run.account)), run.services.heartbeat);
        const rejected = [...outcome.rejected, ...outcome.partly];
        return {
          state: 'done', detail: `${outcome.copied} contacts copied with their statuses and dates; ${outcome.rejected.length} rejected, ${outcome.partly.length} copied without an invalid identifier`,
          rejected,
          checklist: rejected.length ? [checklistItem('omnisend', 'rejected-contacts', 'Review contacts Omnisend refused', `${rejected.length} contacts could not be copied as they are (see the step's detail): fix them in the old brand and run the phase again, or add them by hand.`)] : [],
        };
      },
    },
    manual('automations', 'Copy automations to the new brand', 'Omnisend\'s API cannot copy automations. In the old brand: Automations → arrow next to each automation → Copy → pick the new store. Check each one: some automations work differently, or not at all, on the new platform.'),
    manual('templates', 'Save and copy email templates', 'Saved templates: copy them to the new brand (Omnisend\'s "copy templates" guide). Campaign emails you want to keep: Campaigns → arrow → Copy → Content → arrow next to Save → Save as template, then copy the template.'),
    manual('invoices', 'Download the old brand\'s invoices', 'Account management → Billing history in the old brand: download every invoice you need (right click → print → Save as PDF) before closing it.'),
    manual('reports', 'Export reports (they cannot move)', 'Reports and past revenue cannot be transferred to the new brand. Download the reports you want to keep from the old brand before closing it.'),
  ];
}

export const omnisendProvider: EspProviderModule = {
  provider: 'omnisend',
  awaitsModelTraining: () => false,
  steps(phase: EspHandoffPhase, account: EspAccount): EspStepDefinition[] {
    if (phase === 'prepare') return prepare(account);
    if (phase === 'go-live') return [manual('send-from-new-brand', 'Send from the new brand', 'Switch the copied automations on in the new brand and pause them in the old one; schedule new campaigns from the new brand only.')];
    return [manual('close-old-brand', 'Close the old brand', 'After the invoices and reports are downloaded, disconnect the old store and close the old brand (Account management).')];
  },
};
