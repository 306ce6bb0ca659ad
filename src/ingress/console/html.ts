/** Escapes text for HTML content and quoted attribute values: every value the server renders goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
