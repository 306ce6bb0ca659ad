import type { Platform } from '../../../domain/catalog/platforms';
import { EspError } from '../errors';
import type { TemplateAttributes } from './api';
import { rewriteTemplateTags } from './template-tags';

type Json = Record<string, unknown>;

/**
 * What create-template accepts (Klaviyo's spec, TemplateCreateHtmlOrDndQuery): CODE and USER_DRAGGABLE
 * templates are sent as `html`; SYSTEM_DRAGGABLE ones (Klaviyo's default drag-and-drop editor) as a
 * `definition`, with no `html` at all. No other editor type can be created.
 */
export type TemplateContent =
  | { editorType: 'CODE' | 'USER_DRAGGABLE'; html: string }
  | { editorType: 'SYSTEM_DRAGGABLE'; definition: Json };

export interface TemplateTwin {
  content: TemplateContent;
  /** Old-platform tags with no known new-platform equivalent, for a person to check. */
  leftovers: string[];
  /** Set when the copy could not keep the original's editor (a SIMPLE rich-text template becomes CODE). */
  editorChanged: string | null;
}

/**
 * Fields of a definition that Klaviyo fills itself (readOnly in the spec): the ids of the definition,
 * sections, rows, columns, blocks and styles, their data and universal-content ids, and an image's crop.
 * The one writable `id` is `body.properties.id` (a CSS id), so an `id` inside `properties` is kept.
 * Dropping `universal_id` makes a universal-content block a local copy in the twin, which is what a twin is.
 */
const readOnlyKeys = new Set(['data_id', 'universal_id', 'template_id', 'cropping_properties']);

function writable(value: unknown, parentKey: string | null, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => writable(item, parentKey, rewrite));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    if (readOnlyKeys.has(key) || (key === 'id' && parentKey !== 'properties')) continue;
    out[key] = writable(v, key, rewrite);
  }
  return out;
}

/** The twin of one flow template, with the old platform's tags rewritten wherever text can hold them. */
export function twinTemplateContent(template: TemplateAttributes, from: Platform, to: Platform): TemplateTwin {
  const leftovers: string[] = [];
  const rewrite = (text: string): string => {
    const result = rewriteTemplateTags(text, from, to);
    leftovers.push(...result.leftovers);
    return result.html;
  };
  const editorType = template.editor_type;
  if (editorType === 'SYSTEM_DRAGGABLE') {
    if (!template.definition) throw new EspError(`Klaviyo template "${template.name}" is a drag-and-drop (SYSTEM_DRAGGABLE) template but was read without its definition`, false);
    return { content: { editorType, definition: writable(template.definition, null, rewrite) as Json }, leftovers, editorChanged: null };
  }
  if (editorType === 'CODE' || editorType === 'USER_DRAGGABLE') return { content: { editorType, html: rewrite(template.html) }, leftovers, editorChanged: null };
  // SIMPLE (rich text) and any editor the API may add later cannot be created: the rendered HTML keeps the email as it is.
  return { content: { editorType: 'CODE', html: rewrite(template.html) }, leftovers, editorChanged: editorType };
}
