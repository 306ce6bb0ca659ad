import type { EspRejectedRecord } from '../types';
import { EspError } from '../errors';
import type { OmnisendClient, OmnisendContact, OmnisendIdentifier } from './client';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/**
 * The contact as the new brand should receive it: identifiers with their channel statuses and statusDate
 * exactly as the old brand holds them (the seed: "map the opt-in and opt-out dates"), tags and profile
 * fields; no welcome message, since these shoppers are not new.
 */
export function contactForImport(contact: OmnisendContact): { contact: Omit<OmnisendContact, 'contactID'> | null; problem: string | null } {
  const invalid = contact.identifiers.filter((i) => i.type === 'email' && !EMAIL.test(i.id));
  const identifiers: OmnisendIdentifier[] = contact.identifiers
    .filter((i) => !invalid.includes(i))
    .map((i) => ({ type: i.type, id: i.id, channels: i.channels, sendWelcomeMessage: false }));
  const problem = invalid.length ? `invalid email "${invalid.map((i) => i.id).join(', ')}"` : null;
  if (identifiers.length === 0) return { contact: null, problem: problem ?? 'no identifier' };
  const { contactID: _id, ...rest } = contact;
  return { contact: { ...rest, identifiers, tags: contact.tags ?? [] }, problem };
}

export interface CopyOutcome { copied: number; rejected: EspRejectedRecord[]; partly: EspRejectedRecord[] }

/** Copies every contact of the old brand into the new one; idempotent because the API upserts by identifier. */
export async function copyContacts(from: OmnisendClient, to: OmnisendClient, heartbeat: (detail: unknown) => void): Promise<CopyOutcome> {
  const outcome: CopyOutcome = { copied: 0, rejected: [], partly: [] };
  for await (const page of from.contacts()) {
    for (const contact of page) {
      const prepared = contactForImport(contact);
      if (!prepared.contact) {
        outcome.rejected.push({ id: `contact ${contact.contactID}`, reason: prepared.problem ?? 'no identifier' });
        continue;
      }
      if (prepared.problem) outcome.partly.push({ id: `contact ${contact.contactID}`, reason: `${prepared.problem}: copied with its other identifiers` });
      try {
        await to.upsertContact(prepared.contact);
        outcome.copied += 1;
      } catch (err) {
        // The new brand refusing one contact (400) is that contact's problem; anything else stops the step.
        if (err instanceof EspError && err.status === 400) outcome.rejected.push({ id: `contact ${contact.contactID}`, reason: err.message });
        else throw err;
      }
    }
    heartbeat({ copied: outcome.copied });
  }
  return outcome;
}

/** Tags every member of an engagement segment (engagement is not exported), so the segment can be rebuilt. */
export async function tagSegment(client: OmnisendClient, segmentID: string, tag: string): Promise<{ tagged: number; already: number }> {
  let tagged = 0;
  let already = 0;
  for await (const page of client.contacts({ segmentID })) {
    for (const contact of page) {
      const tags = contact.tags ?? [];
      if (tags.includes(tag)) { already += 1; continue; }
      await client.setTags(contact.contactID, [...tags, tag]);
      tagged += 1;
    }
  }
  return { tagged, already };
}
