import fc from 'fast-check';
import { foldLines } from 'ical-generator';
import { foldText } from './fold';
import { lintIcs } from './lint';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('foldUtf8', () => {
  it('leaves lines of up to 75 octets alone and folds longer ones', () => {
    expect(foldText('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldText('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
    expect(foldText('ệ'.repeat(25))).toBe('ệ'.repeat(25)); // 75 octets
    expect(foldText('ệ'.repeat(26))).toBe(`${'ệ'.repeat(25)}\r\n ệ`);
  });

  it('never splits a surrogate pair', () => {
    const folded = foldText(`${'a'.repeat(73)}😀b`);
    expect(folded).toBe(`${'a'.repeat(73)}\r\n 😀b`);
  });

  it('round-trips any text, keeps every physical line ≤ 75 octets and every character whole', () => {
    const char = fc.oneof(
      fc.constantFrom(...'aăâđêôơưệỗữ€—'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 300 }), (chars) => {
        const line = `SUMMARY:${chars.join('').replace(/[\r\n]/g, '')}`;
        const folded = foldText(line);
        expect(unfold(folded)).toBe(line);
        const doc = `BEGIN:VCALENDAR\r\n${folded}\r\nEND:VCALENDAR\r\n`;
        const problems = lintIcs(doc).filter(
          (p) => p.code === 'line-too-long' || p.code === 'split-utf8',
        );
        expect(problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it("unfolds to the same content as ical-generator's own folding", () => {
    const text = [
      'BEGIN:VEVENT',
      `SUMMARY:${'Kiểm tra chuyên ngành đo lường 😀 '.repeat(9)}`,
      'END:VEVENT',
      '',
    ].join('\r\n');
    expect(unfold(foldText(text))).toBe(unfold(foldLines(text)));
  });
});
