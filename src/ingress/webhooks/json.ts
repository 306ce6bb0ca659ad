/** A JSON number literal, matched where the scan stands (sticky). */
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that an integer too large for a JavaScript number (beyond ±2^53) is kept as the
 * string of its digits. Shopify's ids are 64-bit (its own test order is 820982911946154508): parsed as
 * numbers they lose their last digits, and two orders would meet in one workflow.
 *
 * The text is scanned once, outside string literals, and such integers are quoted before JSON.parse; the
 * text stays valid JSON exactly when it was, so a broken body still fails with JSON.parse's error.
 */
export function parseJsonKeepingLargeIntegers(text: string): unknown {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string literal, escapes included.
      i += 1;
      while (i < text.length && text.charCodeAt(i) !== 0x22) i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      const literal = number?.[0] ?? text[i] as string;
      if (number && !number[1] && !number[2] && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, i)}"${literal}"`;
        copiedUpTo = i + literal.length;
      }
      i += literal.length;
      continue;
    }
    i += 1;
  }
  return JSON.parse(copiedUpTo === 0 ? text : out + text.slice(copiedUpTo));
}
