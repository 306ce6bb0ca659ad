/**
 * Shopify's Money and Decimal values, held as integers of 1/10000 so sums of prices stay exact (floating
 * point would drift by a cent over a long order).
 */
const SCALE = 10000;

export function parseAmount(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * SCALE);
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return null;
  const [whole = '0', fraction = ''] = value.trim().replace('-', '').split('.');
  const units = Number(whole) * SCALE + Number(fraction.padEnd(4, '0').slice(0, 4));
  return value.trim().startsWith('-') ? -units : units;
}

/** Shopify serialises Decimal amounts with trailing zeros dropped but at least one decimal ("10.0", "19.9"). */
export function formatDecimal(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE);
  const fraction = String(abs % SCALE).padStart(4, '0').replace(/0+$/, '');
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/** Money scalars (variant prices) come back with two decimals, as the admin shows them. */
export function formatMoney(units: number): string {
  const decimal = formatDecimal(units);
  const [whole, fraction = ''] = decimal.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
