import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MalformedWebhook } from './types';

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A short hash of the exact body bytes: the same delivery repeated has the same one. */
export function bodyHash(rawBody: Buffer): string {
  return `sha256:${createHash('sha256').update(rawBody).digest('hex').slice(0, 32)}`;
}

export function record(body: unknown, what: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new MalformedWebhook(`${what}: expected a JSON object`);
  return body as Record<string, unknown>;
}

export function str(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

export function requiredId(body: Record<string, unknown>, field: string, what: string): string {
  const value = str(body[field]);
  if (!value) throw new MalformedWebhook(`${what}: "${field}" is missing`);
  return value;
}
