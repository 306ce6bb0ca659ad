import { klaviyoErrors } from './errors';
import type { JsonObject } from './state';

/**
 * Create-template rules the spec states in prose rather than schema (TemplateCreateHtmlOrDndQuery):
 * `editor_type` is "Restricted to CODE, USER_DRAGGABLE, or SYSTEM_DRAGGABLE" (SIMPLE, which GET can
 * return, is not creatable); `html` is "Required for CODE/USER_DRAGGABLE; not allowed for
 * SYSTEM_DRAGGABLE"; `definition` is "Required for SYSTEM_DRAGGABLE; ignored for CODE/USER_DRAGGABLE";
 * `amp` is "Not allowed for SYSTEM_DRAGGABLE"; a definition's `styles`, "when present, must contain exactly
 * one of each style type". "Not allowed" is read strictly: the key may not be sent at all, not even as null.
 */
export const creatableEditorTypes = ['CODE', 'USER_DRAGGABLE', 'SYSTEM_DRAGGABLE'] as const;
const styleTypes = ['base-styles', 'text-styles', 'heading-1-styles', 'heading-2-styles', 'heading-3-styles', 'heading-4-styles', 'link-styles', 'mobile-styles'];
const at = (field: string) => `/data/attributes/${field}`;

export function checkTemplateCreate(attributes: JsonObject): void {
  const editorType = attributes.editor_type;
  if (!creatableEditorTypes.includes(editorType as (typeof creatableEditorTypes)[number])) {
    throw klaviyoErrors.invalid(`'${String(editorType)}' is not a valid editor_type: restricted to ${creatableEditorTypes.join(', ')}.`, at('editor_type'));
  }
  if (editorType !== 'SYSTEM_DRAGGABLE') {
    if (typeof attributes.html !== 'string') throw klaviyoErrors.invalid(`html is required for ${editorType} templates.`, at('html'));
    return;
  }
  if (attributes.html !== undefined) throw klaviyoErrors.invalid('html is not allowed for SYSTEM_DRAGGABLE templates: send the definition.', at('html'));
  if (attributes.amp !== undefined) throw klaviyoErrors.invalid('amp is not allowed for SYSTEM_DRAGGABLE templates.', at('amp'));
  const definition = attributes.definition as JsonObject | null | undefined;
  if (!definition) throw klaviyoErrors.invalid('definition is required for SYSTEM_DRAGGABLE templates.', at('definition'));
  const present = ((definition.styles as JsonObject[] | undefined) ?? []).map((s) => String(s.style_type));
  const missing = styleTypes.filter((t) => !present.includes(t));
  const repeated = styleTypes.filter((t) => present.filter((p) => p === t).length > 1);
  if (missing.length || repeated.length) {
    throw klaviyoErrors.invalid(`definition.styles must contain exactly one of each style type${missing.length ? `; missing: ${missing.join(', ')}` : ''}${repeated.length ? `; repeated: ${repeated.join(', ')}` : ''}.`, at('definition/styles'));
  }
}

/** The rendered HTML GET returns for a drag-and-drop template: each block's content in order (enough for tests). */
export function renderDefinition(definition: JsonObject): string {
  const out: string[] = [];
  const sections = ((definition.body as JsonObject | undefined)?.sections as JsonObject[] | null | undefined) ?? [];
  for (const section of sections) {
    for (const row of (section.rows as JsonObject[] | undefined) ?? []) {
      for (const column of (row.columns as JsonObject[] | undefined) ?? []) {
        for (const block of (column.blocks as JsonObject[] | undefined) ?? []) {
          const data = (block.data ?? {}) as JsonObject;
          const properties = (data.properties ?? {}) as JsonObject;
          if (block.type === 'button') out.push(`<a href="${String(properties.href ?? '')}">${String(data.content ?? '')}</a>`);
          else if (block.type === 'image') out.push(`<img src="${String(properties.src ?? '')}">`);
          else if (typeof data.content === 'string') out.push(data.content);
        }
      }
    }
  }
  return `<html><body>${out.join('\n')}</body></html>`;
}
