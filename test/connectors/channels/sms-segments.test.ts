import { countSmsSegments } from '../../../src/domain/sms-segments';

describe('countSmsSegments', () => {
  it('counts an empty text as no segment', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0 });
  });

  it('fits exactly 160 GSM-7 characters in one segment and splits at 161 into 153-septet parts', () => {
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
    expect(countSmsSegments('a'.repeat(306))).toEqual({ encoding: 'GSM-7', segments: 2, units: 306 });
    expect(countSmsSegments('a'.repeat(307))).toEqual({ encoding: 'GSM-7', segments: 3, units: 307 });
  });

  it('counts each extension character (€, braces, brackets, ^, ~, |, \\, form feed) as two septets', () => {
    expect(countSmsSegments('€')).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
    expect(countSmsSegments('{}[]^~|\\\f€').units).toBe(20);
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSmsSegments(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
  });

  it('never splits an escape sequence across segments', () => {
    // 152 septets then "€" (2): the euro cannot start at septet 153 of the first part, so it moves on.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSmsSegments(text)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
  });

  it('keeps the default alphabet (some accents, Greek capitals, newline) in GSM-7, and leaves it for any letter outside, such as á', () => {
    expect(countSmsSegments('Olá! Seu pedido #123 foi enviado.\nÅÆΔΩ ñü é à ¿¡ @£$¥§').encoding).toBe('UCS-2'); // á is not in GSM-7
    expect(countSmsSegments('Seu pedido #123 foi enviado.\nÅÆΔΩ ñü é à ¿¡ @£$¥§')).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('switches to UCS-2 for any other character: 70 code units, then 67 per segment', () => {
    expect(countSmsSegments('ç'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSmsSegments('ç'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSmsSegments('ç'.repeat(134))).toEqual({ encoding: 'UCS-2', segments: 2, units: 134 });
    expect(countSmsSegments('ç'.repeat(135))).toEqual({ encoding: 'UCS-2', segments: 3, units: 135 });
  });

  it('counts an emoji as two UTF-16 code units and never splits its surrogate pair', () => {
    expect(countSmsSegments('Pedido enviado 📦')).toEqual({ encoding: 'UCS-2', segments: 1, units: 17 });
    expect(countSmsSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    // 66 units then an emoji: the pair moves whole to the second part.
    expect(countSmsSegments(`${'x'.repeat(65)}é😀${'x'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', segments: 3, units: 134 });
  });

  it('treats the lowercase ç as UCS-2 but the capital Ç as GSM-7, as the alphabet has only the capital', () => {
    expect(countSmsSegments('Ç').encoding).toBe('GSM-7');
    expect(countSmsSegments('ç').encoding).toBe('UCS-2');
  });
});
