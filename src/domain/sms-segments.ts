/**
 * How many SMS segments a text costs, as carriers and Twilio count them (3GPP TS 23.038 and 23.040).
 * Pure: the activity debits credits with it before sending, and the result must match the provider's bill.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** 0 for an empty text, which no provider sends. */
  segments: number;
  /** Septets for GSM-7 (an extension character is two), UTF-16 code units for UCS-2. */
  units: number;
}

// The GSM 03.38 default alphabet; \n and \r are in it, ESC (0x1B) is not a character of its own.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

// Reached through the escape septet, so each costs two septets.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

/** Per-message capacity, and per-segment capacity once the User Data Header of a concatenated SMS takes its share. */
const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

function gsm7Cost(char: string): number | null {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return null;
}

/** Each character's cost in units; null when the text is not GSM-7. Iterates by code point so an emoji stays whole. */
function costs(text: string): { encoding: SmsEncoding; perChar: number[] } {
  const chars = Array.from(text);
  const gsm = chars.map(gsm7Cost);
  if (gsm.every((c): c is number => c !== null)) return { encoding: 'GSM-7', perChar: gsm };
  return { encoding: 'UCS-2', perChar: chars.map((c) => c.length) };
}

/**
 * Packs characters into segments without splitting one across two: an escape and its extension character,
 * or the two halves of a surrogate pair, travel in the same segment, which can leave a segment one unit short.
 */
function packSegments(perChar: number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of perChar) {
    if (used + cost > capacity) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

export function countSmsSegments(text: string): SmsSegmentCount {
  const { encoding, perChar } = costs(text);
  const units = perChar.reduce((sum, c) => sum + c, 0);
  const limit = LIMITS[encoding];
  if (units === 0) return { encoding, segments: 0, units };
  if (units <= limit.single) return { encoding, segments: 1, units };
  return { encoding, segments: packSegments(perChar, limit.multi), units };
}
