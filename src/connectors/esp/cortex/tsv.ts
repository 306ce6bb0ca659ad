/**
 * ReSci's flat-file conventions ("Important Considerations for All Files"): tab-separated, every value in
 * double quotes with inner quotes doubled, a blank field left empty (not ""), UTC DateTime as
 * "YYYY-MM-DD HH:MM:SS" (the users file's dates are YYYY-MM-DD: its own page says so). Tabs and newlines inside values become spaces so a row stays one line.
 */
export type Cell = string | number | null;

export function tsvCell(value: Cell): string {
  if (value === null || value === '') return '';
  return `"${String(value).replace(/[\t\r\n]+/g, ' ').replace(/"/g, '""')}"`;
}

export function tsv(headers: readonly string[], rows: Record<string, Cell>[]): string {
  return [headers.join('\t'), ...rows.map((row) => headers.map((h) => tsvCell(row[h] ?? null)).join('\t'))].join('\n') + '\n';
}

export function utcDateTime(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A UTC calendar day, YYYY-MM-DD: the users file's date columns (account_created_on, date_unsubscribed). */
export function utcDate(iso: string | null): string | null {
  return utcDateTime(iso)?.slice(0, 10) ?? null;
}

/** `<type>_YYYY-MM-DD.tsv` in /uploads, dated by the feed's day (UTC). */
export function feedFileName(type: string, day: string): string {
  return `/uploads/${type}_${day.slice(0, 10)}.tsv`;
}
