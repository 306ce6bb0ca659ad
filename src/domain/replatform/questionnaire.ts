import { z } from 'zod';
import { platformSchema } from '../catalog/platforms';
import { espAccountSchema } from '../esp/handoff';

/** A calendar day ("2026-03-01") or an instant with its offset; stored as an ISO instant in UTC. */
export const dateInputSchema = z.union([
  z.iso.date().transform((day) => `${day}T00:00:00.000Z`),
  z.iso.datetime({ offset: true }).transform((at) => new Date(at).toISOString()),
], { error: 'a date such as "2026-03-01" or "2026-03-01T09:00:00Z"' });

export const techContactSchema = z.object({
  name: z.string().trim().min(1, 'the tech contact needs a name'),
  email: z.email('an email address such as "ops@shop.example"'),
  phone: z.string().regex(/^\+?[0-9 ().-]{6,20}$/, 'a phone number such as "+1 555 000 1111"'),
}).strict();

/**
 * The re-platforming questionnaire (Cortex's checklist): what a CSM asks before a store changes platform.
 * Given at start or answered later through the `answer` update; editable until launch.
 */
export const questionnaireSchema = z.object({
  /** The e-commerce platform the store is switching to. */
  targetPlatform: z.string().transform((value, ctx) => {
    const parsed = platformSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a platform Cutover supports (supported: ${platformSchema.options.join(', ')})` });
    return z.NEVER;
  }),
  /** The dedicated tech contact managing the re-platform: gets the checklist and its reminders. */
  techContact: techContactSchema,
  /** Whether the new site keeps the same domain (DNS work on launch day when it does). */
  sameDomain: z.boolean(),
  /** The tentative launch date: smart update runs until then, then the ESP flows switch live. */
  launchDate: dateInputSchema,
  /** When the current platform is deactivated: old integrations and webhooks are removed then. */
  deactivationDate: dateInputSchema,
  /** When the new platform is activated (opens to shoppers). */
  activationDate: dateInputSchema,
  /** Whether existing e-commerce data moves to the new platform ("move") or the store starts fresh. */
  data: z.enum(['move', 'fresh'], { error: 'either "move" (carry the existing data) or "fresh" (start with an empty store)' }),
  /** Unique business considerations: each non-empty line becomes a checklist item. */
  uniqueConsiderations: z.string().default(''),
  /** The ESP accounts the store uses; empty: no ESP handoff. */
  esps: z.array(espAccountSchema).default([]),
}).strict();

export type QuestionnaireInput = z.input<typeof questionnaireSchema>;
export type Questionnaire = z.output<typeof questionnaireSchema>;
