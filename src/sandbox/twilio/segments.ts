/**
 * Segment counting the way the carrier side does it (3GPP TS 23.038 alphabets, TS 23.040 concatenation):
 * the simulator's own reading of the standard, so a mistake in the adapter's counter shows up as a mismatch.
 */

const DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION_TABLE = '\f^{}\\[~]|€';

export interface Segmentation {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
}

function septetsOf(char: string): number {
  if (DEFAULT_ALPHABET.includes(char)) return 1;
  if (EXTENSION_TABLE.includes(char)) return 2;
  return 0;
}

export function segmentsOf(body: string): Segmentation {
  const symbols = [...body];
  const gsm = symbols.every((s) => septetsOf(s) > 0);
  const sizes = symbols.map((s) => (gsm ? septetsOf(s) : s.length));
  const total = sizes.reduce((a, b) => a + b, 0);
  const [single, perPart] = gsm ? [160, 153] : [70, 67];
  if (total <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: total === 0 ? 0 : 1 };
  // A concatenated part never ends halfway through an escape sequence or a surrogate pair.
  let parts = 1;
  let fill = 0;
  for (const size of sizes) {
    if (fill + size > perPart) {
      parts += 1;
      fill = 0;
    }
    fill += size;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: parts };
}
