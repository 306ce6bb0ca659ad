import { type Column, FILE_NAME, resciSchemas } from './schemas';

/** What the import made of one uploaded file: refused whole, or accepted with its bad rows flagged. */
export interface ImportResult {
  path: string;
  type: string | null;
  date: string | null;
  accepted: boolean;
  error: string | null;
  headers: string[];
  rows: Record<string, string | null>[];
  invalidRows: { line: number; reason: string }[];
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD and a day the calendar has (2026-02-30 is refused, as a date parser would). */
function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** A cell: blank (null) or wrapped in double quotes with inner quotes doubled; anything else is malformed. */
function cell(raw: string): string | null | Error {
  if (raw === '') return null;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    const inner = raw.slice(1, -1);
    if (/(^|[^"])"([^"]|$)/.test(inner.replace(/""/g, ''))) return new Error('stray quote');
    return inner.replace(/""/g, '"');
  }
  return new Error('value not wrapped in double quotes');
}

function typeProblem(column: Column, value: string): string | null {
  if (column.type === 'float' && !/^-?\d+(\.\d+)?$/.test(value)) return `${column.name} is not a Float`;
  if (column.type === 'integer' && !/^-?\d+$/.test(value)) return `${column.name} is not an Integer`;
  if (column.type === 'datetime' && !DATETIME.test(value)) return `${column.name} is not a UTC DateTime (YYYY-MM-DD HH:MM:SS)`;
  if (column.type === 'date' && !isDate(value)) return `${column.name} is not a date (YYYY-MM-DD)`;
  return null;
}

export function importFile(path: string, content: string): ImportResult {
  const result: ImportResult = { path, type: null, date: null, accepted: false, error: null, headers: [], rows: [], invalidRows: [] };
  const name = FILE_NAME.exec(path);
  if (!name) return { ...result, error: 'file name must be /uploads/<type>_YYYY-MM-DD.tsv' };
  const [, type, date] = name as unknown as [string, string, string];
  const schema = resciSchemas[type];
  result.type = type;
  result.date = date;
  if (!schema) return { ...result, error: `unknown file type "${type}"` };
  const lines = content.split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
  const headerLine = lines[0];
  if (!headerLine) return { ...result, error: 'empty file: a header row is required' };
  const headers = headerLine.split('\t').map((h) => h.replace(/^"|"$/g, ''));
  result.headers = headers;
  const missing = schema.filter((c) => c.required && !headers.includes(c.name)).map((c) => c.name);
  if (missing.length) return { ...result, error: `missing required header(s): ${missing.join(', ')}` };
  const unknown = headers.filter((h) => !schema.some((c) => c.name === h));
  if (unknown.length) return { ...result, error: `unknown header(s): ${unknown.join(', ')}` };
  result.accepted = true;
  lines.slice(1).forEach((line, index) => {
    const lineNumber = index + 2;
    const cells = line.split('\t');
    if (cells.length !== headers.length) { result.invalidRows.push({ line: lineNumber, reason: `${cells.length} fields, header has ${headers.length}` }); return; }
    const row: Record<string, string | null> = {};
    for (const [i, header] of headers.entries()) {
      const value = cell(cells[i] as string);
      if (value instanceof Error) { result.invalidRows.push({ line: lineNumber, reason: `${header}: ${value.message}` }); return; }
      row[header] = value;
    }
    for (const column of schema) {
      const value = row[column.name] ?? null;
      if (value === null || value === '') {
        if (column.required) { result.invalidRows.push({ line: lineNumber, reason: `${column.name} is required` }); return; }
        continue;
      }
      const problem = typeProblem(column, value);
      if (problem) { result.invalidRows.push({ line: lineNumber, reason: problem }); return; }
    }
    result.rows.push(row);
  });
  return result;
}
