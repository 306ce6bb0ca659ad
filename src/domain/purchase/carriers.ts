import { z } from 'zod';

const CODE = '{code}';

/**
 * A carrier's public tracking page with `{code}` where the tracking code goes. Only https, and the code may
 * not reach the host part: whatever the code, the shopper lands on the carrier's own site.
 */
export const trackingTemplateSchema = z.string().refine((template) => {
  if (!template.includes(CODE)) return false;
  try {
    const a = new URL(template.replaceAll(CODE, 'a'));
    const b = new URL(template.replaceAll(CODE, 'b.evil.example'));
    return a.protocol === 'https:' && a.host === b.host && a.username === '' && b.username === '';
  } catch {
    return false;
  }
}, 'an https URL template with {code} in its path or query, e.g. https://carrier.example/track?code={code}');

export const carrierSchema = z.object({
  name: z.string().min(1),
  urlTemplate: trackingTemplateSchema,
});
export type Carrier = z.infer<typeof carrierSchema>;

/** The carriers every Argentine store ships with; a merchant adds others in settings. */
export const knownCarriers: readonly Carrier[] = [
  { name: 'Correo Argentino', urlTemplate: 'https://www.correoargentino.com.ar/formularios/e-commerce?id={code}' },
  { name: 'Andreani', urlTemplate: 'https://www.andreani.com/envio/{code}' },
];

/** "Correo Argentino", "correo-argentino" and "CORREO ARGENTINO S.A." name the same carrier. */
export function carrierKey(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\b(s\.?a\.?|srl)\b/g, '').replace(/[^a-z0-9]/g, '');
}

/**
 * The carrier's tracking page for a code, or null when the carrier is not a known one: the redirect never
 * goes anywhere a template did not name (no open redirect). The merchant's carriers come first.
 */
export function trackingUrl(carrier: string | null, code: string, extra: readonly Carrier[] = []): string | null {
  if (!carrier || !code) return null;
  const key = carrierKey(carrier);
  const match = [...extra, ...knownCarriers].find((c) => carrierKey(c.name) === key);
  if (!match || !trackingTemplateSchema.safeParse(match.urlTemplate).success) return null;
  return match.urlTemplate.replaceAll(CODE, encodeURIComponent(code));
}
