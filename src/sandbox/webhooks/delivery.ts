/** One HTTP POST a platform made to a webhook endpoint, and how the platform judged the answer. */
export interface WebhookDelivery {
  url: string;
  /** The request headers exactly as sent (names as the platform writes them). */
  headers: Record<string, string>;
  /** The raw body: what the signature covers. */
  body: string;
  /** The endpoint's status code; 0 when it could not be reached. */
  status: number;
  responseText: string;
  /** Whether the platform counts this delivery as received, by its own rule (exactly 200, any 2xx, ...). */
  delivered: boolean;
  /** 1 for the first try; retries of the same delivery count up. */
  attempt: number;
}

export async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; responseText: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    return { status: res.status, responseText: await res.text() };
  } catch (err) {
    return { status: 0, responseText: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * JSON with integers of any size: a bigint is written as its digits, as the platforms' own (Ruby, PHP)
 * serialisers write 64-bit ids. JSON.stringify can't: a JavaScript number above 2^53 has already lost digits.
 */
export function jsonWithBigIntegers(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jsonWithBigIntegers(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonWithBigIntegers(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
