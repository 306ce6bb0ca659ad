/**
 * Decimal amounts as integers of 1/10000: WooCommerce sends money as strings ("10.50") and sometimes as
 * numbers (a line item's `price`); floating point would lose cents in sums.
 */
const SCALE = 10000n;

export function parseMoney(value: unknown): bigint | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : typeof value === 'string' ? value.trim() : null;
  if (text === null) return null;
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const fraction = (match[3] ?? '').padEnd(4, '0');
  // Beyond four decimals, round half up.
  let units = BigInt(match[2] ?? '0') * SCALE + BigInt(fraction.slice(0, 4));
  if (Number(fraction[4] ?? '0') >= 5) units += 1n;
  return match[1] ? -units : units;
}

/** "10.5" → "10.50"; four decimals only when needed. */
export function formatMoney(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  let fraction = (abs % SCALE).toString().padStart(4, '0');
  if (fraction.endsWith('00')) fraction = fraction.slice(0, 2);
  return `${negative && abs !== 0n ? '-' : ''}${whole}.${fraction}`;
}

export function sum(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** Division rounded half away from zero, for a unit price from a line total. */
export function divide(units: bigint, by: number): bigint {
  const divisor = BigInt(Math.max(1, by));
  const doubled = (units * 2n) / divisor;
  return doubled >= 0n ? (doubled + 1n) / 2n : (doubled - 1n) / 2n;
}

/** Reads a required amount or says why it cannot. */
export function requireMoney(value: unknown, field: string): bigint {
  const units = parseMoney(value);
  if (units === null) throw new MappingError(`${field} ${JSON.stringify(value)} is not a decimal amount`);
  return units;
}

/** A source record that cannot be mapped: the reader turns it into a rejected record with this reason. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}
